package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scijava.Context;

import ij.Prefs;

/** The parts of the dialog that need no window: number texts, help page, remembered values. */
public class InputDialogTest {

	private static Context context;

	@BeforeClass
	public static void createContext() {
		context = SciJavaContexts.createStandalone();
	}

	@AfterClass
	public static void disposeContext() {
		context.dispose();
	}

	private static PreparedCommand command(final String name) {
		return PreparedCommand.create(context, CommandRegistry.shared().resolve(name));
	}

	private static CommandInput input(final PreparedCommand command, final String key) {
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
		for (final double d : new double[] { 2e-4, 1e-3, 0.2, 0.5, 1.0 / 3, 123456.789, 1e-12, 3e20 })
			assertEquals(d, Double.parseDouble(InputDialog.numberText(d)), 0);
		// every decimal default of every command shows as text that gives it back
		for (final String name : CommandRegistry.shared().titles())
			for (final CommandInput input : command(name).inputs())
				if (input.kind() == CommandInput.Kind.DECIMAL) assertEquals(name + " " + input.key(), input
					.defaultValue(), InputValues.convert(input, InputDialog.numberText((Number) input
						.defaultValue())));
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
			final String help = InputDialog.helpHtml(command.title(), command.inputs());
			assertTrue(help, help.startsWith("<html>"));
			assertTrue(help, help.contains(InputDialog.README_LINE));
			for (final CommandInput input : command.inputs()) {
				assertTrue(name + " " + input.key(), help.contains("<b>" + input.key() + "</b>"));
				assertTrue(name + " " + input.key() + " has no description", input.description() != null &&
					!input.description().trim().isEmpty());
				assertTrue(name + " " + input.key(), help.contains(input.description().replace("&", "&amp;")
					.replace("<", "&lt;").replace(">", "&gt;")));
			}
		}
		final String predict = InputDialog.helpHtml("CE-Net Predict", command("predict").inputs());
		assertTrue(predict, predict.contains("<b>tile_size</b> (default: 0)</dt><dd>Tile side in " +
			"pixels, a multiple of 32 and at least 192; 0 = the model's training size"));
		assertTrue(predict, predict.contains("<b>overlap</b> (default: -1)</dt><dd>Pixels shared by " +
			"neighbouring tiles; -1 = a quarter of the tile"));
		assertTrue(predict, predict.contains("<b>tta</b> (default: false)</dt><dd>Test-time " +
			"augmentation"));
		final String train = InputDialog.helpHtml("CE-Net Train", command("train").inputs());
		assertTrue(train, train.contains("<b>fov_folder</b> (optional)</dt><dd>Optional field-of-view " +
			"masks"));
		assertTrue(train, train.contains("<b>learning_rate</b> (default: 5.0E-4)"));
		assertTrue(train, train.contains("key=false</i> turns a checkbox off"));
	}

	@Test
	public void okedValuesAreRememberedPerCommandButNotImages() {
		final PreparedCommand predict = command("predict");
		final String name = "remember-test";
		Map<String, Object> shown = InputDialog.remembered(name, predict.inputs());
		assertEquals(true, shown.get("convert_channels"));
		assertEquals(-1.0, shown.get("threshold"));
		assertNull(shown.get("model_file"));

		final Map<String, String> entered = new LinkedHashMap<>();
		entered.put("model_file", "/models/a b.cenet");
		entered.put("threshold", "0.25");
		entered.put("convert_channels", "false");
		entered.put("mode", "resize");
		entered.put("tile_size", "not a number"); // a mistake: shown as the default next time
		entered.put("image", "blobs.gif");
		InputDialog.remember(name, predict.inputs(), entered);
		assertEquals("0.25", Prefs.get("cenet.remember-test.threshold", null));
		assertNull("images are never remembered", Prefs.get("cenet.remember-test.image", null));

		shown = InputDialog.remembered(name, predict.inputs());
		assertEquals(new File("/models/a b.cenet"), shown.get("model_file"));
		assertEquals(0.25, shown.get("threshold"));
		assertEquals(false, shown.get("convert_channels"));
		assertEquals("resize", shown.get("mode"));
		assertEquals(0, shown.get("tile_size"));
		assertEquals("other commands keep their own", -1.0, InputDialog.remembered("predict-folder",
			command("predict-folder").inputs()).get("threshold"));

		// the macro path never reads them
		final Map<String, Object> macro = new InputValues((key, value) -> null).convert(predict.title(),
			predict.inputs(), MacroOptions.parse("model_file=m.cenet"));
		assertEquals(-1.0, macro.get("threshold"));
		assertEquals(true, macro.get("convert_channels"));
		assertEquals("auto", macro.get("mode"));
	}

	/** Error dialogs are as wide as their longest line: long messages are broken at spaces. */
	@Test
	public void longMessagesAreWrappedForDialogs() {
		assertEquals("short one", CENetPlugIn.wrap("short one", 100));
		assertEquals("aaa bbb\nccc\nddddddddddddd\ne", CENetPlugIn.wrap("aaa bbb ccc ddddddddddddd e", 7));
		final String advice = "CE-Net needs TensorFlow Java 1.1.0, but Fiji loaded the old TensorFlow " +
			"1.15.0 Java API from file:/opt/Fiji.app/jars/libtensorflow-1.15.0.jar (installed e.g. by " +
			"the CSBDeep or TensorFlow update site). Remove the old TensorFlow jars (libtensorflow-*.jar, " +
			"libtensorflow_jni*.jar, proto-*.jar of TensorFlow) from Fiji.app/jars, or install CE-Net in " +
			"a separate Fiji.app; see the CE-Net installation notes.";
		final String wrapped = CENetPlugIn.wrap(advice, CENetPlugIn.DIALOG_LINE_LENGTH);
		for (final String line : wrapped.split("\n"))
			assertTrue(line, line.length() <= CENetPlugIn.DIALOG_LINE_LENGTH);
		assertEquals("nothing is lost", advice, wrapped.replace('\n', ' '));
	}

	@Test
	public void prefsKeysNameTheCommandAndTheKey() {
		assertEquals("cenet.train.learning_rate", InputDialog.prefsKey("train", "learning_rate"));
		final List<String> keys = new ArrayList<>();
		for (final CommandInput input : command("train").inputs()) keys.add(input.key());
		assertTrue(keys.contains("learning_rate"));
	}
}
