
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.ClassRule;
import org.junit.Test;

public class InputValuesTest {

	@ClassRule
	public static final StandaloneContext context = new StandaloneContext();

	private static final InputValues NO_IMAGES = new InputValues((key, value) -> {
		throw new AssertionError("no image expected");
	});

	private static Map<String, Object> convert(final String options) {
		final PreparedCommand command = TestContexts.prepare(context.get(),
			AllTypesCommand.class);
		return NO_IMAGES.convert(command.title(), command.inputs(), MacroOptions
			.parse(options));
	}

	@Test
	public void enumeratesUserInputsInDeclarationOrder() {
		final PreparedCommand command = TestContexts.prepare(context.get(),
			AllTypesCommand.class);
		final List<String> keys = new ArrayList<>();
		for (final CommandInput input : command.inputs())
			keys.add(input.key());
		// the service and the message item are not user inputs
		assertEquals(Arrays.asList("name", "model_file", "output_folder", "epochs",
			"learning_rate", "scale", "augment", "output"), keys);
		assertEquals("CE-Net All Types", command.title());
		final CommandInput output = command.inputs().get(7);
		assertEquals(CommandInput.Kind.CHOICE, output.kind());
		assertEquals(Arrays.asList("probabilities", "mask"), output.choices());
		assertEquals(CommandInput.Kind.DIRECTORY, command.inputs().get(2).kind());
		assertEquals(CommandInput.Kind.FILE, command.inputs().get(1).kind());
	}

	@Test
	public void convertsEveryKind() {
		final Map<String, Object> v = convert(
			"name=[a b] model_file=[/my models/m.zip] " +
				"output_folder=/out epochs=12 learning_rate=0.01 scale=2 augment output=probabilities");
		assertEquals("a b", v.get("name"));
		assertEquals(new File("/my models/m.zip"), v.get("model_file"));
		assertEquals(new File("/out"), v.get("output_folder"));
		assertEquals(12, v.get("epochs"));
		assertEquals(0.01, v.get("learning_rate"));
		assertEquals(2f, v.get("scale"));
		assertEquals(true, v.get("augment"));
		assertEquals("probabilities", v.get("output"));
	}

	/**
	 * A relative path is made absolute against the working folder, as Java would
	 * resolve it, so that the log and outputs say where a file went (Fiji's
	 * working folder is not one its users see).
	 */
	@Test
	public void relativePathsBecomeAbsolute() {
		final Map<String, Object> v = convert(
			"model_file=vessels.cenet output_folder=[out/masks]");
		final File cwd = new File(System.getProperty("user.dir"));
		assertEquals(new File(cwd, "vessels.cenet"), v.get("model_file"));
		assertEquals(new File(cwd, "out/masks"), v.get("output_folder"));
	}

	@Test
	public void absentKeysKeepDefaultsBooleansIncluded() {
		final Map<String, Object> v = convert("model_file=m.zip");
		assertEquals("default name", v.get("name"));
		assertEquals(10, v.get("epochs"));
		assertEquals(1e-3, v.get("learning_rate"));
		assertEquals("mask", v.get("output"));
		assertNull(v.get("output_folder"));
		// augment is declared true: left out, it stays on (ImageJ's own rule would
		// turn it off)
		assertEquals(true, v.get("augment"));
		assertEquals(true, convert("model_file=m.zip augment").get("augment"));
		assertEquals(true, convert("model_file=m.zip augment=true").get("augment"));
		assertEquals(false, convert("model_file=m.zip augment=false").get(
			"augment"));
		assertEquals(false, convert("model_file=m.zip augment=FALSE").get(
			"augment"));
	}

	/**
	 * convert_channels is documented as on: macros and headless runs that leave
	 * it out get it.
	 */
	@Test
	public void checkboxesThatDefaultToOnStayOnWhenLeftOut() {
		final PreparedCommand predict = PreparedCommand.create(context.get(),
			CommandRegistry.shared().resolve("predict-folder"));
		final Map<String, Object> v = NO_IMAGES.convert(predict.title(), predict
			.inputs(), MacroOptions.parse(
				"model_file=m.cenet input_folder=in output_folder=out"));
		assertEquals(true, v.get("convert_channels"));
		assertEquals(false, v.get("tta"));
		assertEquals(false, NO_IMAGES.convert(predict.title(), predict.inputs(),
			MacroOptions.parse(
				"model_file=m.cenet input_folder=in output_folder=out convert_channels=false"))
			.get("convert_channels"));
	}

	@Test
	public void wholeNumbersMayBeWrittenAsDecimals() {
		assertEquals(12, convert("model_file=m epochs=12.0").get("epochs"));
	}

	@Test
	public void badNumberNamesTheKey() {
		expect("model_file=m epochs=many",
			"'epochs' must be a whole number, not 'many'");
		expect("model_file=m epochs=2.5",
			"'epochs' must be a whole number, not '2.5'");
		expect("model_file=m learning_rate=fast",
			"'learning_rate' must be a number, not 'fast'");
	}

	/**
	 * A dialog with two typos names both, in one message, in the order of the
	 * fields.
	 */
	@Test
	public void everyBadValueIsNamedInOneMessage() {
		expect("model_file=m epochs=5x learning_rate=0,002 output=maybe",
			"'epochs' must be a whole " +
				"number, not '5x'; 'learning_rate' must be a number, not '0,002' (write a decimal point: " +
				"0.002); 'maybe' is not a valid output; choose one of: probabilities, mask");
		expect("epochs=0 augment=maybe epoch=3 nme=x",
			"Unknown keys 'epoch', 'nme' for CE-Net All " +
				"Types; valid keys: name, model_file, output_folder, epochs, learning_rate, scale, augment, " +
				"output; model_file is not set for CE-Net All Types; 'epochs' must be at least 1, got 0; " +
				"'augment' must be true or false, not 'maybe'");
	}

	@Test
	public void rangeIsChecked() {
		expect("model_file=m epochs=0", "'epochs' must be at least 1, got 0");
		expect("model_file=m epochs=1001",
			"'epochs' must be at most 1000, got 1001");
	}

	@Test
	public void badChoiceListsTheChoices() {
		expect("model_file=m output=labels",
			"'labels' is not a valid output; choose one of: probabilities, mask");
	}

	@Test
	public void unknownKeyListsTheValidKeys() {
		expect("model_file=m epoch=3",
			"Unknown key 'epoch' for CE-Net All Types; valid keys: name, " +
				"model_file, output_folder, epochs, learning_rate, scale, augment, output");
	}

	/**
	 * A path with spaces without brackets reads as a value cut at the first space
	 * and unknown keys: the message shows the value in brackets.
	 */
	@Test
	public void aValueWithSpacesWithoutBracketsIsShownInBrackets() {
		expect("model_file=/my big data/m.zip epochs=3",
			"Unknown keys 'big', 'data/m.zip' for CE-Net All Types; valid keys: " +
				"name, model_file, output_folder, epochs, learning_rate, scale, " +
				"augment, output; a value with spaces goes in brackets: " +
				"model_file=[/my big data/m.zip]");
		// a misspelt checkbox after a number is not the rest of a value
		expect("model_file=m epochs=3 augmnt",
			"Unknown key 'augmnt' for CE-Net All Types; valid keys: name, " +
				"model_file, output_folder, epochs, learning_rate, scale, augment, " +
				"output");
	}

	@Test
	public void missingRequiredValueIsReported() {
		expect("epochs=3", "model_file is not set for CE-Net All Types");
		expect("model_file=[] epochs=3",
			"model_file is not set for CE-Net All Types");
		expect("model_file=[  ] epochs=3",
			"model_file is not set for CE-Net All Types");
	}

	/**
	 * All blank required inputs in one message, before the command runs, in
	 * dialog order.
	 */
	@Test
	public void blankRequiredInputsAreListedTogether() {
		final PreparedCommand train = PreparedCommand.create(context.get(),
			CommandRegistry.shared().resolve("train"));
		try {
			NO_IMAGES.convert(train.title(), train.inputs(), MacroOptions.parse(
				"image_folder=[] epochs=3 fov_folder=[]"));
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals(
				"image_folder, mask_folder and model_file are not set for CE-Net Train",
				e.getMessage());
		}
		try {
			NO_IMAGES.convert(train.title(), train.inputs(), MacroOptions.parse(
				"image_folder=a mask_folder=[b c]"));
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals("model_file is not set for CE-Net Train", e.getMessage());
		}
	}

	@Test
	public void flagOnNonBooleanIsReported() {
		expect("model_file=m epochs", "'epochs' needs a value, as in epochs=...");
		expect("model_file=m augment=maybe",
			"'augment' must be true or false, not 'maybe'");
	}

	@Test
	public void parameterNamesMustBeMacroKeys() {
		try {
			TestContexts.prepare(context.get(), CamelCaseCommand.class);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals(
				"Parameter 'batchSize' of CE-Net Camel cannot be a macro key: " +
					"use lower-case snake_case field names", e.getMessage());
		}
	}

	@Test
	public void imageInputsMustAcceptFloatPixels() {
		assertEquals(CommandInput.Kind.IMG, TestContexts.prepare(context.get(),
			ImgSumCommand.class).inputs().get(0).kind());
		try {
			TestContexts.prepare(context.get(), ByteImageCommand.class);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals("Parameter 'image' of CE-Net Bytes has type " +
				"net.imglib2.RandomAccessibleInterval<net.imglib2.type.numeric.integer.UnsignedByteType>, " +
				"which ImageJ macros cannot set", e.getMessage());
		}
	}

	/**
	 * GenericDialog records the lower-cased first word of a label; our labels are
	 * the keys.
	 */
	@Test
	public void dialogLabelsRecordAsTheirKeys() {
		for (final CommandInput input : TestContexts.prepare(context.get(),
			AllTypesCommand.class).inputs())
			assertEquals(input.key(), ij.Macro.trimKey(input.key()));
	}

	private static void expect(final String options, final String message) {
		try {
			convert(options);
			fail("converted: " + options);
		}
		catch (final IllegalArgumentException e) {
			assertEquals(message, e.getMessage());
		}
	}
}
