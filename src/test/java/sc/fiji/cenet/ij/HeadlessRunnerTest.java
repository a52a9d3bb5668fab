
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/**
 * Runs the headless runner in-process; System.out/err are captured too, to
 * catch stray logging.
 */
public class HeadlessRunnerTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final CommandRegistry registry = CommandRegistry.withDefaults();
	private String stdout;
	private String stderr;

	@Before
	public void registerTestCommands() {
		registry.register("alltypes", "CE-Net All Types", AllTypesCommand.class
			.getName());
		registry.register("sum", "CE-Net Img Sum", ImgSumCommand.class.getName());
		registry.register("test", "CE-Net Test", MacroTestCommand.class.getName());
		registry.register("progress", "CE-Net Progress", ProgressCommand.class
			.getName());
		registry.register("ghost", "CE-Net Ghost",
			"sc.fiji.cenet.commands.NoSuchCommand");
	}

	private int run(final String... args) {
		return run(ImageSource.FILES, args);
	}

	private int run(final ImageSource images, final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final PrintStream systemOut = System.out, systemErr = System.err;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8))
		{
			System.setOut(o);
			System.setErr(e);
			return HeadlessRunner.run(args, o, e, registry, images);
		}
		finally {
			System.setOut(systemOut);
			System.setErr(systemErr);
			stdout = new String(out.toByteArray(), StandardCharsets.UTF_8);
			stderr = new String(err.toByteArray(), StandardCharsets.UTF_8);
		}
	}

	private void assertOneErrorLine(final String expected) {
		assertEquals("stdout: " + stdout, "", stdout);
		assertEquals(expected + System.lineSeparator(), stderr);
	}

	@Test
	public void successPrintsOutputsAndExitsZero() {
		assertEquals(HeadlessRunner.OK, run("CE-Net All Types",
			"name=[two words] model_file=[/my models/m.zip] epochs=7 augment output=probabilities"));
		assertEquals("", stderr);
		assertEquals(
			"echo=two words|/my models/m.zip|null|7|0.001|0.5|true|probabilities" +
				System.lineSeparator() + "written=/my models/m.zip" + System
					.lineSeparator(), stdout);
	}

	@Test
	public void bareNamesWorkToo() {
		assertEquals(HeadlessRunner.OK, run("alltypes", "model_file=m"));
	}

	/**
	 * Macros name the menu entry, "..." included; the runner takes both forms.
	 */
	@Test
	public void menuTitlesWithEllipsisWorkToo() {
		assertEquals(stderr, HeadlessRunner.OK, run("CE-Net All Types...",
			"model_file=m"));
		assertEquals(stderr, HeadlessRunner.OK, run("CE-Net All Types",
			"model_file=m"));
	}

	@Test
	public void unknownCommandIsAUsageError() {
		assertEquals(HeadlessRunner.USAGE, run("CE-Net Nothing", ""));
		assertTrue(stderr, stderr.startsWith(
			"CE-Net: Unknown command 'CE-Net Nothing'; known commands: "));
		assertEquals(1, stderr.split("\\R").length);
		assertEquals("", stdout);
	}

	@Test
	public void missingCommandClassFailsWithOneLine() {
		assertEquals(HeadlessRunner.FAILED, run("ghost", ""));
		assertOneErrorLine("CE-Net: CE-Net Ghost is not installed (class " +
			"sc.fiji.cenet.commands.NoSuchCommand not found)");
	}

	@Test
	public void badKeyIsAUsageError() {
		assertEquals(HeadlessRunner.USAGE, run("alltypes", "model_file=m epoch=3"));
		assertOneErrorLine(
			"CE-Net: Unknown key 'epoch' for CE-Net All Types; valid keys: name, " +
				"model_file, output_folder, epochs, learning_rate, scale, augment, output");
	}

	@Test
	public void badChoiceIsAUsageError() {
		assertEquals(HeadlessRunner.USAGE, run("alltypes",
			"model_file=m output=labels"));
		assertOneErrorLine(
			"CE-Net: 'labels' is not a valid output; choose one of: probabilities, mask");
	}

	@Test
	public void malformedOptionsAreAUsageError() {
		assertEquals(HeadlessRunner.USAGE, run("alltypes", "model_file=[m"));
		assertOneErrorLine("CE-Net: Unclosed [ in the value of 'model_file'");
	}

	@Test
	public void notANumberIsAUsageError() {
		assertEquals(HeadlessRunner.USAGE, run("alltypes",
			"model_file=m epochs=many"));
		assertOneErrorLine("CE-Net: 'epochs' must be a whole number, not 'many'");
	}

	@Test
	public void missingValueIsAUsageError() {
		assertEquals(HeadlessRunner.USAGE, run("alltypes", "model_file"));
		assertOneErrorLine(
			"CE-Net: 'model_file' needs a value, as in model_file=...");
		assertEquals(HeadlessRunner.USAGE, run("sum", ""));
		assertOneErrorLine("CE-Net: 'image' needs the path of an image file");
	}

	@Test
	public void outOfRangeIsAUsageError() {
		assertEquals(HeadlessRunner.USAGE, run("alltypes",
			"model_file=m epochs=0"));
		assertTrue(stderr, stderr.startsWith(
			"CE-Net: 'epochs' must be at least 1"));
	}

	/**
	 * A range (the command's own check, declared nowhere else) and a missing
	 * folder or file in one line, not one run each.
	 */
	@Test
	public void everyCommandNamesEveryBadInputInOneRun() {
		final String model = new File(tmp.getRoot(), "m.cenet").getPath();
		assertAllNamed(new String[] { "train",
			"image_folder=/no/images mask_folder=/no/masks model_file=[" + model +
				"] epochs=0 learning_rate=2" },
			"image_folder does not exist: /no/images",
			"mask_folder does not exist: /no/masks",
			"epochs must be at least 1, not 0",
			"learning_rate must lie in (0, 1), not 2");
		assertAllNamed(new String[] { "predict-folder",
			"input_folder=/no/images output_folder=[" + tmp.getRoot() +
				"/out] model_file=/no/m.cenet threshold=2 overlap=-5" },
			"input_folder does not exist: /no/images",
			"model_file does not exist: /no/m.cenet", "threshold", "overlap");
		assertAllNamed(new String[] { "evaluate",
			"prediction_folder=/no/p truth_folder=/no/t threshold=3 classes=0" },
			"prediction_folder does not exist: /no/p",
			"truth_folder does not exist: /no/t", "threshold", "classes");
		assertAllNamed(new String[] { "import", "npz_file=/no/w.npz model_file=[" +
			model + "] training_size=100" }, "npz_file does not exist: /no/w.npz",
			"training_size");
	}

	private void assertAllNamed(final String[] args, final String... problems) {
		assertEquals(String.join(" ", args) + ": " + stderr, HeadlessRunner.USAGE,
			run(args));
		assertTrue(stderr, stderr.startsWith("CE-Net: "));
		for (final String problem : problems)
			assertTrue(problem + " in " + stderr, stderr.contains(problem));
		assertEquals(stderr, 1, stderr.trim().split("\\R").length);
	}

	@Test
	public void commandExceptionFailsWithOneLine() throws Exception {
		final String image = writeImage("in put.tif", 4);
		assertEquals(HeadlessRunner.FAILED, run("test", "number=2 image=[" + image +
			"] fail"));
		assertOneErrorLine(
			"CE-Net: CE-Net Test failed: requested failure for image 'in put.tif'");
	}

	@Test
	public void anErrorFromTheImageReaderFailsWithOneLine() {
		final ImageSource broken = (key, value) -> {
			throw new NoClassDefFoundError("loci/formats/FormatException");
		};
		assertEquals(HeadlessRunner.FAILED, run(broken, "sum", "image=/a.tif"));
		assertOneErrorLine(
			"CE-Net: NoClassDefFoundError: loci/formats/FormatException");
	}

	@Test
	public void outOfMemoryFailsWithOneLine() {
		final ImageSource huge = (key, value) -> {
			throw new OutOfMemoryError("Java heap space");
		};
		assertEquals(HeadlessRunner.FAILED, run(huge, "sum", "image=/a.tif"));
		assertEquals("", stdout);
		assertTrue(stderr, stderr.startsWith("CE-Net: "));
		assertEquals(stderr, 1, stderr.split("\\R").length);
	}

	@Test
	public void debugPropertyAddsTheStackTrace() {
		final ImageSource broken = (key, value) -> {
			throw new IllegalStateException("reader broke");
		};
		System.setProperty(HeadlessRunner.DEBUG_PROPERTY, "true");
		try {
			assertEquals(HeadlessRunner.FAILED, run(broken, "sum", "image=/a.tif"));
		}
		finally {
			System.clearProperty(HeadlessRunner.DEBUG_PROPERTY);
		}
		assertTrue(stderr, stderr.startsWith("CE-Net: reader broke" + System
			.lineSeparator() + "java.lang.IllegalStateException: reader broke"));
		assertTrue(stderr, stderr.contains("\tat "));
	}

	@Test
	public void usageErrorExitsTwo() {
		assertEquals(HeadlessRunner.USAGE, run());
		assertTrue(stderr.startsWith("CE-Net: usage: HeadlessRunner <command>"));
		assertEquals(1, stderr.split("\\R").length);
	}

	@Test
	public void imageInputsAreFilePaths() throws Exception {
		final String image = writeImage("img.tif", 3);
		assertEquals(HeadlessRunner.OK, run("sum", "image=" + image));
		assertEquals("sum=" + (3 * 6) + System.lineSeparator() + "dimensions=3x2" +
			System.lineSeparator(), stdout);
	}

	@Test
	public void missingImageFileFailsWithOneLine() {
		assertEquals(HeadlessRunner.FAILED, run("sum", "image=/no/such.tif"));
		assertOneErrorLine(
			"CE-Net: Image file not found: /no/such.tif (for 'image')");
	}

	@Test
	public void tablesArePrintedAsCsv() throws Exception {
		final String image = writeImage("img.tif", 4);
		assertEquals(HeadlessRunner.OK, run("CE-Net Test", "number=0.5 image=" +
			image));
		// stdout holds the table alone, so that > table.csv is one CSV table; the
		// values go to stderr
		final String[] lines = stdout.split("\\R");
		assertEquals("Value,Image", lines[0]);
		assertEquals("2,img.tif", lines[1]);
		assertEquals(2, lines.length);
		final String[] values = stderr.split("\\R");
		assertEquals("result=2", values[0]);
		assertTrue(values[1], values[1].startsWith("scaled=[image scaled 3x2x1"));
		assertEquals(2, values.length);
	}

	@Test
	public void outputFileSavesTheImageOutput() throws Exception {
		final String image = writeImage("img.tif", 4);
		final File result = new File(tmp.getRoot(), "scaled.tif");
		assertEquals(stderr, HeadlessRunner.OK, run("CE-Net Test",
			"number=0.5 image=[" + image + "] result_file=[" + result + "]"));
		final String[] lines = stderr.split("\\R"); // the command outputs a table:
																								// the values go to stderr
		assertEquals("scaled=" + result, lines[1]);
		final ImagePlus saved = IJ.openImage(result.getPath());
		assertEquals(3, saved.getWidth());
		assertEquals(2, saved.getHeight());
		assertEquals(2, saved.getProcessor().getf(0), 0);
	}

	@Test
	public void outputFileNeverOverwrites() throws Exception {
		final String image = writeImage("img.tif", 4);
		final File existing = tmp.newFile("old.tif");
		// found before the command runs: a usage error, as an existing output
		// folder's files are
		assertEquals(HeadlessRunner.USAGE, run("CE-Net Test", "number=0.5 image=[" +
			image + "] result_file=[" + existing + "]"));
		assertOneErrorLine("CE-Net: 'result_file' " + existing +
			" exists; give a new file name or " +
			"delete it (CE-Net does not overwrite it)");
		assertEquals(0, existing.length());
		assertEquals(HeadlessRunner.USAGE, run("CE-Net Test", "number=0.5 image=[" +
			image + "] result_file=[" + image + "]"));
		assertOneErrorLine("CE-Net: 'result_file' " + image +
			" is the file of 'image'; give a new " + "file name");
	}

	@Test
	public void outputFileNeedsATiffNameAndAnImageOutput() throws Exception {
		final String image = writeImage("img.tif", 4);
		assertEquals(HeadlessRunner.USAGE, run("CE-Net Test", "number=0.5 image=[" +
			image + "] result_file=[" + new File(tmp.getRoot(), "x.png") + "]"));
		assertTrue(stderr, stderr.startsWith(
			"CE-Net: 'result_file' is written as TIFF: give a name " +
				"ending in .tif"));
		assertEquals(HeadlessRunner.USAGE, run("alltypes",
			"model_file=m result_file=/tmp/x.tif"));
		assertOneErrorLine(
			"CE-Net: 'result_file' saves the image output of a command, but " +
				"CE-Net All Types has none");
		// output_file is a command's key (Export's, Merge's); given to another
		// command it points here
		assertEquals(HeadlessRunner.USAGE, run("CE-Net Test", "number=0.5 image=[" +
			image + "] output_file=[" + new File(tmp.getRoot(), "x.tif") + "]"));
		assertOneErrorLine(
			"CE-Net: 'output_file' is not a key of CE-Net Test; to save the image it outputs, " +
				"give result_file=[/path/result.tif]");
	}

	@Test
	public void progressGoesToStderrAsThrottledLines() {
		assertEquals(stderr, HeadlessRunner.OK, run("progress", "steps=10"));
		assertEquals("", stdout);
		// ten reports within far less than 2 s: the first and the last
		assertEquals("CE-Net Progress: 0% step 1 of 10" + System.lineSeparator() +
			"CE-Net Progress: 90% step 10 of 10" + System.lineSeparator(), stderr);
	}

	/**
	 * A log line comes after the progress reported before it: a report the
	 * throttle held back is printed first (Evaluate's "evaluated 2 images" came
	 * before its "50% 02.tif").
	 */
	@Test
	public void aHeldProgressLineIsPrintedBeforeALogLine() {
		assertEquals(stderr, HeadlessRunner.OK, run("progress",
			"steps=10 log_done=true"));
		assertEquals("CE-Net Progress: 0% step 1 of 10" + System.lineSeparator() +
			"CE-Net Progress: 90% step 10 of 10" + System.lineSeparator() +
			"[INFO] CE-Net Progress: done" + System.lineSeparator(), stderr);
	}

	/** A 3x2 8-bit image filled with one value. */
	private String writeImage(final String name, final int value)
		throws Exception
	{
		final ByteProcessor bp = new ByteProcessor(3, 2);
		bp.setValue(value);
		bp.fill();
		final File file = new File(tmp.getRoot(), name);
		assertTrue(new FileSaver(new ImagePlus(name, bp)).saveAsTiff(file
			.getPath()));
		return file.getPath();
	}
}
