
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.ClassRule;
import org.junit.Test;

import ij.Prefs;

/**
 * The parts of the dialog that need no window: number texts, help page,
 * remembered values.
 */
public class InputDialogTest {

	@ClassRule
	public static final StandaloneContext context = new StandaloneContext();

	private static PreparedCommand command(final String name) {
		return PreparedCommand.create(context.get(), CommandRegistry.shared()
			.resolve(name));
	}

	private static CommandInput input(final PreparedCommand command,
		final String key)
	{
		for (final CommandInput input : command.inputs())
			if (input.key().equals(key)) return input;
		throw new AssertionError("no " + key);
	}

	@Test
	public void numberTextsParseBackExactly() {
		assertEquals("2.0E-4", InputDialog.numberText(2e-4));
		assertEquals("0.2", InputDialog.numberText(0.2));
		assertEquals("0", InputDialog.numberText(0.0));
		assertEquals("300", InputDialog.numberText(300));
		assertEquals("-1", InputDialog.numberText(-1));
		assertEquals("42", InputDialog.numberText(42L));
		assertEquals("0.1", InputDialog.numberText(0.1f));
		for (final double d : new double[] { 2e-4, 1e-3, 0.2, 0.5, 1.0 / 3,
			123456.789, 1e-12, 3e20 })
			assertEquals(d, Double.parseDouble(InputDialog.numberText(d)), 0);
		// every decimal default of every command shows as text that gives it back
		for (final String name : CommandRegistry.shared().titles())
			for (final CommandInput input : command(name).inputs())
				if (input.kind() == CommandInput.Kind.DECIMAL) assertEquals(name + " " +
					input.key(), input.defaultValue(), InputValues.convert(input,
						InputDialog.numberText((Number) input.defaultValue())));
	}

	@Test
	public void filesToWriteAreSaveStyle() {
		assertTrue(input(command("train"), "model_file").isSaveStyle());
		assertTrue(input(command("import"), "model_file").isSaveStyle());
		assertTrue(input(command("evaluate"), "csv_file").isSaveStyle());
		assertFalse(input(command("predict"), "model_file").isSaveStyle());
		assertFalse(input(command("train"), "encoder_weights").isSaveStyle());
		assertFalse(input(command("train"), "image_folder").isSaveStyle());
	}

	@Test
	public void helpListsEveryKeyWithItsDescription() {
		for (final String name : CommandRegistry.shared().titles()) {
			final PreparedCommand command = command(name);
			final String help = InputDialog.helpHtml(command.title(), command
				.inputs());
			assertTrue(help, help.startsWith("<html>"));
			assertTrue(help, help.contains(InputDialog.README_LINE));
			for (final CommandInput input : command.inputs()) {
				assertTrue(name + " " + input.key(), help.contains("<b>" + input.key() +
					"</b>"));
				assertTrue(name + " " + input.key() + " has no description", input
					.description() != null && !input.description().trim().isEmpty());
				assertTrue(name + " " + input.key(), help.contains(input.description()
					.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")));
			}
		}
		final String predict = InputDialog.helpHtml("CE-Net Predict", command(
			"predict").inputs());
		assertTrue(predict, predict.contains(
			"<b>tile_size</b> (default: 0)</dt><dd>Tile side in " +
				"pixels, a multiple of 32 and at least 192; 0 = the model's training size"));
		assertTrue(predict, predict.contains(
			"<b>overlap</b> (default: -1)</dt><dd>Pixels shared by " +
				"neighbouring tiles; -1 = a quarter of the tile"));
		assertTrue(predict, predict.contains(
			"<b>tta</b> (default: false)</dt><dd>Test-time " + "augmentation"));
		final String train = InputDialog.helpHtml("CE-Net Train", command("train")
			.inputs());
		assertTrue(train, train.contains(
			"<b>fov_folder</b> (optional)</dt><dd>Optional field-of-view " +
				"masks"));
		assertTrue(train, train.contains("<b>learning_rate</b> (default: 5.0E-4)"));
		assertTrue(train, train.contains("key=false</i> turns a checkbox off"));
	}

	@Test
	public void okedValuesAreRememberedPerCommandButNotImages() {
		final PreparedCommand predict = command("predict");
		final String name = "remember-test";
		Map<String, String> shown = InputDialog.remembered(name, predict.inputs());
		assertEquals("true", shown.get("convert_channels"));
		assertEquals("-1", shown.get("threshold"));
		assertEquals("", shown.get("model_file"));

		final Map<String, String> entered = new LinkedHashMap<>();
		entered.put("model_file", "/models/a b.cenet");
		entered.put("threshold", "0.250");
		entered.put("convert_channels", "false");
		entered.put("mode", "resize");
		entered.put("tile_size", "not a number"); // a mistake: shown as typed, to
																							// be corrected
		entered.put("image", "blobs.gif");
		InputDialog.remember(name, predict.inputs(), entered);
		assertEquals("0.250", Prefs.get("cenet.remember-test.threshold", null));
		assertNull("images are never remembered", Prefs.get(
			"cenet.remember-test.image", null));

		shown = InputDialog.remembered(name, predict.inputs());
		assertEquals("/models/a b.cenet", shown.get("model_file"));
		assertEquals("0.25", shown.get("threshold"));
		assertEquals("false", shown.get("convert_channels"));
		assertEquals("resize", shown.get("mode"));
		assertEquals("not a number", shown.get("tile_size"));
		assertEquals("other commands keep their own", "-1", InputDialog.remembered(
			"predict-folder", command("predict-folder").inputs()).get("threshold"));

		// the macro path never reads them
		final Map<String, Object> macro = new InputValues((key, value) -> null)
			.convert(predict.title(), predict.inputs(), MacroOptions.parse(
				"model_file=m.cenet"));
		assertEquals(-1.0, macro.get("threshold"));
		assertEquals(true, macro.get("convert_channels"));
		assertEquals("auto", macro.get("mode"));
	}

	/**
	 * After a cancelled training the Log says to run again with resume: a dialog
	 * re-run unchanged must not discard the checkpoint because the last run said
	 * overwrite.
	 */
	@Test
	public void overwritingAModelIsNotRemembered() {
		final PreparedCommand train = command("train");
		final String name = "overwrite-test";
		final Map<String, String> entered = new LinkedHashMap<>();
		entered.put("if_model_exists", "stop");
		entered.put("epochs", "7");
		InputDialog.remember(name, train.inputs(), entered);
		assertEquals("stop", InputDialog.remembered(name, train.inputs()).get(
			"if_model_exists"));
		entered.put("if_model_exists", "overwrite");
		InputDialog.remember(name, train.inputs(), entered);
		final Map<String, String> shown = InputDialog.remembered(name, train
			.inputs());
		assertEquals("resume", shown.get("if_model_exists"));
		assertEquals("7", shown.get("epochs"));
		// nor when an older version remembered it
		Prefs.set(InputDialog.prefsKey(name, "if_model_exists"), "overwrite");
		assertEquals("resume", InputDialog.remembered(name, train.inputs()).get(
			"if_model_exists"));
	}

	/**
	 * Train's required fields first, Predict's image first, Predict Folder's
	 * folders first and shard last.
	 */
	@Test
	public void layoutsOrderTheFieldsAndNameOnlyRealKeys() {
		for (final String name : CommandRegistry.shared().titles()) {
			final PreparedCommand command = command(name);
			final List<String> keys = keys(command.inputs());
			for (final String entry : DialogLayout.listed(command.title()))
				if (!entry.startsWith(DialogLayout.HEADING)) assertTrue(name + ": " +
					entry, keys.contains(entry));
			final List<String> ordered = keys(DialogLayout.ordered(command.title(),
				command.inputs()));
			assertEquals(name, new java.util.TreeSet<>(keys), new java.util.TreeSet<>(
				ordered));
		}
		final PreparedCommand train = command("train");
		assertEquals("every Train field has its place", keys(train.inputs()).size(),
			DialogLayout.listed(train.title()).stream().filter(e -> !e.startsWith(
				DialogLayout.HEADING)).count());
		assertEquals(Arrays.asList("image_folder", "mask_folder", "model_file"),
			keys(DialogLayout.ordered(train.title(), train.inputs())).subList(0, 3));
		final List<DialogLayout.Item> items = DialogLayout.of(train.title(), train
			.inputs());
		final List<String> headings = new ArrayList<>();
		for (final DialogLayout.Item item : items)
			if (item.heading() != null) headings.add(item.heading());
		assertEquals(Arrays.asList("Training", "Advanced options"), headings);
		final PreparedCommand predict = command("predict");
		assertEquals("image", keys(DialogLayout.ordered(predict.title(), predict
			.inputs())).get(0));
		final PreparedCommand folder = command("predict-folder");
		final List<String> folderKeys = keys(DialogLayout.ordered(folder.title(),
			folder.inputs()));
		assertEquals(Arrays.asList("input_folder", "output_folder", "model_file"),
			folderKeys.subList(0, 3));
		assertEquals("shard", folderKeys.get(folderKeys.size() - 1));
		// commands without a layout keep their declared order
		final PreparedCommand evaluate = command("evaluate");
		assertEquals(keys(evaluate.inputs()), keys(DialogLayout.ordered(evaluate
			.title(), evaluate.inputs())));
	}

	private static List<String> keys(final List<CommandInput> inputs) {
		final List<String> keys = new ArrayList<>();
		for (final CommandInput input : inputs)
			keys.add(input.key());
		return keys;
	}

	/**
	 * Error dialogs are as wide as their longest line: long messages are broken
	 * at spaces.
	 */
	@Test
	public void longMessagesAreWrappedForDialogs() {
		assertEquals("short one", CENetPlugIn.wrap("short one", 100));
		assertEquals("aaa bbb\nccc\nddddddddddddd\ne", CENetPlugIn.wrap(
			"aaa bbb ccc ddddddddddddd e", 7));
		final String advice =
			"CE-Net needs TensorFlow Java 1.1.0, but Fiji loaded the old TensorFlow " +
				"1.15.0 Java API from file:/opt/Fiji.app/jars/libtensorflow-1.15.0.jar (installed e.g. by " +
				"the CSBDeep or TensorFlow update site). Remove the old TensorFlow jars (libtensorflow-*.jar, " +
				"libtensorflow_jni*.jar, proto-*.jar of TensorFlow) from Fiji.app/jars, or install CE-Net in " +
				"a separate Fiji.app; see the CE-Net installation notes.";
		final String wrapped = CENetPlugIn.wrap(advice,
			CENetPlugIn.DIALOG_LINE_LENGTH);
		for (final String line : wrapped.split("\n"))
			assertTrue(line, line.length() <= CENetPlugIn.DIALOG_LINE_LENGTH);
		assertEquals("nothing is lost", advice, wrapped.replace('\n', ' '));
	}

	@Test
	public void prefsKeysNameTheCommandAndTheKey() {
		assertEquals("cenet.train.learning_rate", InputDialog.prefsKey("train",
			"learning_rate"));
		final List<String> keys = new ArrayList<>();
		for (final CommandInput input : command("train").inputs())
			keys.add(input.key());
		assertTrue(keys.contains("learning_rate"));
	}
}
