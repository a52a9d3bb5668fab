
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.process.ByteProcessor;

/**
 * Every command's dialog in a real ImageJ with the Macro Recorder on, driven by
 * {@link DialogDriver} in one child JVM under xvfb: the recorded line of each
 * dialog, with its defaults and with changed values, replays through
 * {@link MacroOptions} and {@link InputValues} to exactly the values entered; a
 * cancelled dialog, rejected values and a cancelled run record nothing; values
 * are remembered for the next dialog but not by macros, an overwrite of a model
 * is not; every mistyped value is named in one message that fits the screen,
 * and the dialog comes back showing them as typed; files to write get a save
 * chooser; every dialog has a Help page; blank required fields are reported
 * together; labels are the keys, in each command's layout; Esc during a macro
 * stops it without an Exception window.
 * <p>
 * The menu entries run {@link DryRunCommands}: the real commands' dialogs,
 * whose runs end at once (the real ones would reject the made-up paths, and
 * only a run that ended is recorded).
 * </p>
 */
public class InputDialogRecorderTest {

	private static final int TIMEOUT_SECONDS = 400;

	private static final String NO = "/nonexistent/cenet test";

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	@ClassRule
	public static final StandaloneContext context = new StandaloneContext();
	private static final List<String> SCRIPT = new ArrayList<>();
	/** The driver's output, one list of lines per script step. */
	private static final List<List<String>> STEPS = new ArrayList<>();
	private static MacroHarness.Result result;
	private static String chosen;

	private static int step(final String... fields) {
		SCRIPT.add(String.join("\t", fields));
		return SCRIPT.size() - 1;
	}

	private static final String TRAIN = "CE-Net Train...";
	private static final String PREDICT = "CE-Net Predict...";
	private static final String FOLDER = "CE-Net Predict Folder...";
	private static final String EVALUATE = "CE-Net Evaluate...";
	private static final String IMPORT = "CE-Net Import PyTorch Weights...";
	private static final String TEST = "CE-Net Test...";
	private static final String CANCEL = "CE-Net Cancel Test...";

	/** The commands the menu entries run; see {@link DryRunCommands}. */
	private static final String[][] DRY = { { TRAIN, DryRunCommands.Train.class
		.getName() }, //
		{ PREDICT, DryRunCommands.Predict.class.getName() }, //
		{ FOLDER, DryRunCommands.PredictFolder.class.getName() }, //
		{ EVALUATE, DryRunCommands.Evaluate.class.getName() }, //
		{ IMPORT, DryRunCommands.Import.class.getName() }, //
		{ TEST, MacroTestCommand.class.getName() }, //
		{ CANCEL, CancellingCommand.class.getName() } };

	private static final String[][] REQUIRED = { //
		{ TRAIN, "image_folder=" + NO + "/images", "mask_folder=" + NO + "/masks",
			"model_file=" + NO + "/m.cenet" }, //
		{ PREDICT, "model_file=" + NO + "/m.cenet" }, //
		{ FOLDER, "model_file=" + NO + "/m.cenet", "input_folder=" + NO + "/in",
			"output_folder=" + NO + "/out" }, //
		{ EVALUATE, "prediction_folder=" + NO + "/p", "truth_folder=" + NO + "/t" }, //
		{ IMPORT, "npz_file=" + NO + "/w.npz", "model_file=" + NO + "/m.cenet" } };

	private static final String[][] CHANGED = { //
		{ TRAIN, "fov_folder=" + NO + "/fov", "validation_fraction=0.15",
			"learning_rate=1.5E-5", "epochs=7", "batch_size=3", "seed=7", "loss=dice",
			"augmentation=reference", "freeze_encoder=true", "if_model_exists=stop",
			"time_limit=2.5", "training_size=256" }, //
		{ PREDICT, "output=mask", "mode=tiled", "tile_size=256", "overlap=16",
			"tta=true", "threshold=0.125", "convert_channels=false" }, //
		{ FOLDER, "convert_channels=false", "overwrite=true", "threshold=0.0625",
			"use_gpu=true" }, //
		{ EVALUATE, "fov_folder=" + NO + "/fov", "threshold=0.3", "classes=3",
			"csv_file=" + NO + "/m.csv" }, //
		{ IMPORT, "channel_order=RGB", "training_size=512",
			"normalization=percentile", "overwrite=true" } };

	private static final Map<String, Integer> DEFAULTS = new LinkedHashMap<>();
	private static final Map<String, Integer> CHANGES = new LinkedHashMap<>();
	private static int blank, blankAgain, trainAgain, overwriteRun,
			afterOverwrite, importCancelled, typo, typoAgain, typoReopened,
			browseTrain, browseImport, browsePredict, testDialog, testMacro,
			testAgain, longFailure, escRun, escMacro, escMacroLingering;

	/**
	 * An image title that makes a failure message longer than a screen is wide,
	 * on one line.
	 */
	private static final String LONG_TITLE = String.join(" ", Collections.nCopies(
		30, "retina scan"));

	/** Mistakes in five fields of the Train dialog. */
	private static final String[] TYPOS = { "epochs=5x", "learning_rate=0,002",
		"batch_size=two", "seed=x42", "time_limit=1h" };

	@BeforeClass
	public static void driveTheDialogs() throws Exception {
		MacroHarness.assumeXvfb();
		chosen = new File(TMP.getRoot(), "chosen dir/picked.cenet").getPath();
		new File(chosen).getParentFile().mkdirs();
		step("image", "blob image");
		blank = step("dialog", IMPORT, "ok");
		blankAgain = step("again", IMPORT, "cancel");
		for (final String[] required : REQUIRED)
			DEFAULTS.put(required[0], step(concat(new String[] { "dialog",
				required[0], "ok" }, Arrays.copyOfRange(required, 1,
					required.length))));
		for (int i = 0; i < CHANGED.length; i++)
			CHANGES.put(CHANGED[i][0], step(concat(new String[] { "dialog",
				CHANGED[i][0], "ok" }, concat(Arrays.copyOfRange(REQUIRED[i], 1,
					REQUIRED[i].length), Arrays.copyOfRange(CHANGED[i], 1,
						CHANGED[i].length)))));
		trainAgain = step("dialog", TRAIN, "cancel");
		overwriteRun = step(concat(new String[] { "dialog", TRAIN, "ok" }, concat(
			Arrays.copyOfRange(REQUIRED[0], 1, REQUIRED[0].length), new String[] {
				"if_model_exists=overwrite" })));
		afterOverwrite = step("dialog", TRAIN, "cancel");
		importCancelled = step("dialog", IMPORT, "cancel");
		typo = step(concat(new String[] { "dialog", TRAIN, "ok" }, concat(Arrays
			.copyOfRange(REQUIRED[0], 1, REQUIRED[0].length), TYPOS)));
		typoAgain = step("again", TRAIN, "cancel");
		typoReopened = step("dialog", TRAIN, "cancel");
		browseTrain = step("browse", TRAIN, "model_file", chosen);
		browseImport = step("browse", IMPORT, "model_file", chosen);
		browsePredict = step("dialog", PREDICT, "cancel");
		testDialog = step("dialog", TEST, "ok", "number=3", "image=blob image");
		testMacro = step("macro", "run(\"" + TEST +
			"\", \"image=[blob image]\"); " +
			"call(\"java.lang.System.setProperty\", \"cenet.out\", d2s(getResult(\"Value\", 0), 4));");
		testAgain = step("dialog", TEST, "cancel");
		step("image", LONG_TITLE);
		longFailure = step("dialog", TEST, "ok", "number=1", "fail=true", "image=" +
			LONG_TITLE);
		escRun = step("dialog", CANCEL, "okesc", "wait=true");
		escMacro = step("escmacro", "run(\"" + CANCEL +
			"\", \"wait\"); print(\"after the command\");");
		escMacroLingering = step("escmacro", "run(\"" + CANCEL +
			"\", \"wait linger=3000\"); " + "print(\"after the command\");");

		final StringBuilder config = new StringBuilder();
		for (final String[] entry : DRY)
			config.append("Plugins>CE-Net Tests, \"").append(entry[0]).append(
				"\", sc.fiji.cenet.ij.CENetPlugIn(\"").append(entry[1]).append("\")\n");
		final MacroHarness harness = MacroHarness.create(TMP.newFolder("home")
			.toPath(), config.toString());
		result = harness.drive(SCRIPT, TIMEOUT_SECONDS);
		List<String> current = null;
		for (final String line : result.stdout.split("\\R")) {
			if (line.startsWith("STEP ")) STEPS.add(current = new ArrayList<>());
			else if (current != null) current.add(line);
		}
	}

	@Test
	public void driverRanEveryStep() {
		assertTrue(result.toString(), result.stdout.contains(
			DialogDriver.SENTINEL));
		assertEquals(result.toString(), SCRIPT.size(), STEPS.size());
	}

	@Test
	public void defaultsReplayAsShown() {
		for (final Map.Entry<String, Integer> e : DEFAULTS.entrySet()) {
			final PreparedCommand command = command(e.getKey());
			final Map<String, Object> replayed = replay(e.getKey(), e.getValue(),
				command);
			assertEquals(output(e.getValue()), entered(e.getValue(), command),
				replayed);
			for (final CommandInput input : command.inputs())
				if (!input.isImage() && input.defaultValue() != null) assertEquals(e
					.getKey() + " " + input.key() + "\n" + output(e.getValue()), input
						.defaultValue(), replayed.get(input.key()));
		}
		assertEquals("5.0E-4", the("FIELD", DEFAULTS.get(TRAIN)).get(
			"learning_rate"));
		assertEquals(5e-4, replay(TRAIN, DEFAULTS.get(TRAIN), command(TRAIN)).get(
			"learning_rate"));
		assertEquals(true, replay(PREDICT, DEFAULTS.get(PREDICT), command(PREDICT))
			.get("convert_channels"));
	}

	@Test
	public void changedValuesReplayAsEntered() {
		for (final Map.Entry<String, Integer> e : CHANGES.entrySet()) {
			final PreparedCommand command = command(e.getKey());
			assertEquals(output(e.getValue()), entered(e.getValue(), command), replay(
				e.getKey(), e.getValue(), command));
		}
		final Map<String, Object> predict = replay(PREDICT, CHANGES.get(PREDICT),
			command(PREDICT));
		assertEquals(false, predict.get("convert_channels"));
		assertEquals(true, predict.get("tta"));
		assertEquals(0.125, predict.get("threshold"));
		assertTrue(recorded(CHANGES.get(PREDICT)), recorded(CHANGES.get(PREDICT))
			.contains(" convert_channels=false"));
		final Map<String, Object> train = replay(TRAIN, CHANGES.get(TRAIN), command(
			TRAIN));
		assertEquals(1.5e-5, train.get("learning_rate"));
		assertEquals(2.5, train.get("time_limit"));
		assertEquals(new File(NO + "/images"), train.get("image_folder"));
	}

	@Test
	public void dialogsRememberTheLastOkedValues() {
		final PreparedCommand train = command(TRAIN);
		// folders are shown with a trailing separator: compare the values
		final Map<String, Object> shown = titles(TITLES.convert(train.title(), train
			.inputs(), MacroOptions.of(the("FIELD", trainAgain))));
		assertEquals(output(trainAgain), entered(CHANGES.get(TRAIN), train), shown);
		assertEquals("1.5E-5", the("FIELD", trainAgain).get("learning_rate"));
		assertEquals("dice", the("FIELD", trainAgain).get("loss"));
	}

	@Test
	public void macrosIgnoreRememberedValues() {
		assertEquals(output(testAgain), "3", the("FIELD", testAgain).get("number"));
		assertEquals(output(testMacro), Arrays.asList("0.0000"), lines(testMacro,
			"OUT"));
	}

	@Test
	public void cancelledDialogRecordsNothing() {
		assertEquals(output(importCancelled), new ArrayList<String>(), lines(
			importCancelled, "RECORDED"));
		assertEquals(output(trainAgain), new ArrayList<String>(), lines(trainAgain,
			"RECORDED"));
		assertEquals(new ArrayList<String>(), lines(browseTrain, "RECORDED"));
	}

	/**
	 * A run cancelled with Esc is not recorded: replaying the macro would run it
	 * to its end.
	 */
	@Test
	public void cancelledRunRecordsNothing() {
		assertEquals(output(escRun), Arrays.asList(
			"CE-Net: CE-Net Cancel Test was cancelled: Esc " +
				"pressed; kept: kept=best model"), lines(escRun, "ERROR"));
		assertEquals(output(escRun), new ArrayList<String>(), lines(escRun,
			"RECORDED"));
	}

	/**
	 * The Log says to run a cancelled training again with resume; the dialog must
	 * not offer the overwrite of the last run again, which would discard the
	 * checkpoint.
	 */
	@Test
	public void overwritingIsNotRemembered() {
		assertTrue(recorded(overwriteRun), recorded(overwriteRun).contains(
			" if_model_exists=overwrite"));
		assertEquals(output(afterOverwrite), "resume", the("FIELD", afterOverwrite)
			.get("if_model_exists"));
		// the other values are remembered
		assertEquals(output(afterOverwrite), "7", the("FIELD", afterOverwrite).get(
			"epochs"));
	}

	/**
	 * Esc while a command runs from a macro: ImageJ aborts the macro (and stops
	 * its thread 2 s later); the command stops, says in the Log what it kept, and
	 * ends without an Exception window or an error dialog, whether it ends before
	 * ImageJ stops the thread or after.
	 */
	@Test
	public void escInAMacroStopsItWithoutAnExceptionWindow() {
		for (final int step : new int[] { escMacro, escMacroLingering }) {
			assertEquals(output(step), new ArrayList<String>(), lines(step, "ERROR"));
			final List<String> log = lines(step, "LOG");
			assertTrue(output(step), log.contains(
				"CE-Net: CE-Net Cancel Test was cancelled: Esc pressed; " +
					"kept: kept=best model"));
			assertFalse("the macro stopped at the command\n" + output(step), log
				.contains("after the command"));
		}
	}

	@Test
	public void recorderWritesTheMenuTitleWithEllipsis() {
		for (final Map.Entry<String, Integer> e : DEFAULTS.entrySet())
			assertTrue(output(e.getValue()), recorded(e.getValue()).startsWith(
				"run(\"" + e.getKey() + "\", \""));
	}

	/**
	 * Every mistake in one message, broken into lines that fit the screen; the
	 * dialog comes back with the values as typed (and so does the next one);
	 * nothing is recorded.
	 */
	@Test
	public void mistypedValuesAreAllNamedAndShownAgainAsTyped() {
		final List<String> errors = lines(typo, "ERROR");
		assertEquals(output(typo), 1, errors.size());
		for (final String expected : new String[] {
			"'epochs' must be a whole number, not '5x'",
			"'learning_rate' must be a number, not '0,002' (write a decimal point: 0.002)",
			"'batch_size' must be a whole number, not 'two'",
			"'seed' must be a whole number, not 'x42'",
			"'time_limit' must be a number, not '1h'" })
			assertTrue(output(typo), errors.get(0).contains(expected));
		final int width = Integer.parseInt(lines(typo, "ERRORWIDTH").get(0));
		assertTrue(output(typo), width < MacroHarness.SCREEN_WIDTH * 2 / 3);
		assertTrue(output(typo), STEPS.get(typo).contains("REOPENED"));
		assertEquals(output(typo), new ArrayList<String>(), lines(typo,
			"RECORDED"));
		for (final int step : new int[] { typoAgain, typoReopened }) {
			final Map<String, String> shown = the("FIELD", step);
			for (final String typed : TYPOS) {
				final int eq = typed.indexOf('=');
				assertEquals(output(step), typed.substring(eq + 1), shown.get(typed
					.substring(0, eq)));
			}
			assertEquals(output(step), new File(NO + "/images"), new File(shown.get(
				"image_folder")));
			assertEquals(output(step), new ArrayList<String>(), lines(step,
				"RECORDED"));
		}
	}

	/**
	 * Error dialogs are as wide as their longest line: a long message is broken
	 * into lines.
	 */
	@Test
	public void longMessagesFitTheScreen() {
		assertEquals(output(longFailure), Arrays.asList(
			"CE-Net: CE-Net Test failed: requested failure " + "for image '" +
				LONG_TITLE + "'"), lines(longFailure, "ERROR"));
		final int width = Integer.parseInt(lines(longFailure, "ERRORWIDTH").get(0));
		assertTrue(output(longFailure), width < MacroHarness.SCREEN_WIDTH * 2 / 3);
	}

	@Test
	public void blankRequiredFieldsAreListedTogether() {
		assertEquals(output(blank), Arrays.asList(
			"CE-Net: npz_file and model_file are not set for " +
				"CE-Net Import PyTorch Weights"), lines(blank, "ERROR"));
		assertEquals(output(blank), new ArrayList<String>(), lines(blank,
			"RECORDED"));
		assertEquals(output(blankAgain), "", the("FIELD", blankAgain).get(
			"npz_file"));
	}

	/**
	 * Labels are the keys as a macro writes them (GenericDialog showed
	 * underscores as spaces); Train asks for what it needs first and sets the
	 * rarely changed options apart; Predict asks for the image first, Predict
	 * Folder for the folders first and its cluster option last.
	 */
	@Test
	public void labelsAreTheKeysInEachCommandsLayout() {
		assertEquals(output(DEFAULTS.get(TRAIN)), Arrays.asList("image_folder",
			"mask_folder", "model_file", "if_model_exists", "Training", "epochs",
			"time_limit", "batch_size", "learning_rate", "training_size", "classes",
			"validation_fraction", "use_gpu", "Advanced options",
			"validation_image_folder", "validation_mask_folder", "fov_folder",
			"schedule", "loss", "augmentation", "sampling", "seed", "initial_model",
			"encoder_weights", "freeze_encoder"), lines(DEFAULTS.get(TRAIN),
				"SHOWN"));
		assertEquals(output(DEFAULTS.get(PREDICT)), Arrays.asList("image",
			"model_file", "output", "mode", "tile_size", "overlap", "tta",
			"threshold", "use_gpu", "convert_channels"), lines(DEFAULTS.get(PREDICT),
				"SHOWN"));
		assertEquals(output(DEFAULTS.get(FOLDER)), Arrays.asList("input_folder",
			"output_folder", "model_file", "output", "mode", "tile_size", "overlap",
			"tta", "threshold", "use_gpu", "convert_channels", "overwrite",
			"skip_existing", "For cluster job arrays", "shard"), lines(DEFAULTS.get(
				FOLDER), "SHOWN"));
		for (final int step : DEFAULTS.values()) {
			final List<String> keys = new ArrayList<>(the("FIELD", step).keySet());
			final List<String> labels = lines(step, "SHOWN");
			labels.removeIf(l -> !keys.contains(l)); // headings
			Collections.sort(keys);
			Collections.sort(labels);
			assertEquals(output(step), keys, labels);
		}
	}

	@Test
	public void filesToWriteGetASaveChooser() {
		assertEquals(output(browseTrain), Arrays.asList("save Save model file"),
			lines(browseTrain, "CHOOSER"));
		assertEquals(output(browseTrain), Arrays.asList("model_file " + chosen),
			lines(browseTrain, "AFTER"));
		assertEquals(output(browseImport), Arrays.asList("model_file " + chosen),
			lines(browseImport, "AFTER"));
		assertEquals("Browse...", the("SIBLING", DEFAULTS.get(TRAIN)).get(
			"model_file"));
		assertEquals("Browse...", the("SIBLING", DEFAULTS.get(EVALUATE)).get(
			"csv_file"));
		// files to read and folders keep GenericDialog's own Browse (open) button
		assertEquals("Browse", the("SIBLING", browsePredict).get("model_file"));
		assertEquals("Browse", the("SIBLING", DEFAULTS.get(TRAIN)).get(
			"image_folder"));
		assertEquals("Browse", the("SIBLING", DEFAULTS.get(TRAIN)).get(
			"encoder_weights"));
	}

	@Test
	public void everyDialogHasAHelpPage() {
		for (final Map.Entry<String, Integer> e : DEFAULTS.entrySet()) {
			final List<String> help = lines(e.getValue(), "HELP");
			assertEquals(output(e.getValue()), 1, help.size());
			final PreparedCommand command = command(e.getKey());
			assertEquals(InputDialog.helpHtml(command.title(), command.inputs()), help
				.get(0));
		}
	}

	// -- helpers --

	private static PreparedCommand command(final String title) {
		return PreparedCommand.create(context.get(), CommandRegistry.shared()
			.resolve(title));
	}

	private static final InputValues TITLES = new InputValues((key,
		value) -> new ImagePlus(value, new ByteProcessor(1, 1)));

	/**
	 * The values entered in the dialog, converted as the plugin converts them.
	 */
	private static Map<String, Object> entered(final int step,
		final PreparedCommand command)
	{
		return titles(TITLES.convert(command.title(), command.inputs(), MacroOptions
			.of(the("ENTERED", step))));
	}

	/** The values the recorded line gives when a macro runs it. */
	private static Map<String, Object> replay(final String title, final int step,
		final PreparedCommand command)
	{
		final Matcher m = Pattern.compile("run\\(\"([^\"]*)\", \"(.*)\"\\);")
			.matcher(recorded(step));
		assertTrue(output(step), m.matches());
		assertEquals(title, m.group(1));
		return titles(TITLES.convert(command.title(), command.inputs(), MacroOptions
			.parse(m.group(2))));
	}

	/**
	 * Images by title: an ImagePlus's own, a wrapped image's from its
	 * {@code <key>_title} input.
	 */
	private static Map<String, Object> titles(final Map<String, Object> values) {
		for (final Map.Entry<String, Object> e : values.entrySet())
			if (e.getValue() instanceof ImagePlus) e.setValue(((ImagePlus) e
				.getValue()).getTitle());
			else if (e.getValue() instanceof net.imglib2.RandomAccessibleInterval) e
				.setValue(values.get(e.getKey() + CommandInput.TITLE_SUFFIX));
		return values;
	}

	private static String recorded(final int step) {
		final List<String> recorded = lines(step, "RECORDED");
		assertEquals(output(step), 1, recorded.size());
		return recorded.get(0);
	}

	private static List<String> lines(final int step, final String prefix) {
		assertTrue(result.toString(), step < STEPS.size());
		final List<String> found = new ArrayList<>();
		for (final String line : STEPS.get(step))
			if (line.startsWith(prefix + " ")) found.add(line.substring(prefix
				.length() + 1));
		return found;
	}

	/** KEY VALUE lines as a map. */
	private static Map<String, String> the(final String prefix, final int step) {
		final Map<String, String> map = new LinkedHashMap<>();
		for (final String line : lines(step, prefix)) {
			final int space = line.indexOf(' ');
			map.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line
				.substring(space + 1));
		}
		assertNotNull(map);
		return map;
	}

	private static String output(final int step) {
		return "step " + step + ": " + SCRIPT.get(step) + "\n" + (step < STEPS
			.size() ? String.join("\n", STEPS.get(step)) : "(not reached)\n" +
				result);
	}

	private static String[] concat(final String[] a, final String[] b) {
		final String[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}
}
