
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.spark.CENetSpark;

/**
 * The Spark application as spark-submit runs it: its command line, its own
 * Spark context (the master from the spark.master property, as spark-submit
 * sets it), results on stdout, failures on stderr, the exit status.
 */
public class CENetSparkMainTest {

	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	private static String masterBefore;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err =
		new ByteArrayOutputStream();

	@BeforeClass
	public static void setUp() {
		masterBefore = System.setProperty("spark.master", "local[2]");
		System.setProperty("spark.ui.enabled", "false");
		System.setProperty("spark.driver.host", "127.0.0.1");
		System.setProperty("spark.driver.bindAddress", "127.0.0.1");
	}

	@AfterClass
	public static void tearDown() {
		for (final String key : new String[] { "spark.ui.enabled",
			"spark.driver.host", "spark.driver.bindAddress" })
			System.clearProperty(key);
		if (masterBefore == null) System.clearProperty("spark.master");
		else System.setProperty("spark.master", masterBefore);
	}

	private int run(final String... args) throws Exception {
		final java.lang.reflect.Method run = CENetSpark.class.getDeclaredMethod(
			"run", String[].class, PrintStream.class, PrintStream.class);
		run.setAccessible(true);
		return (Integer) run.invoke(null, args, new PrintStream(out, true, "UTF-8"),
			new PrintStream(err, true, "UTF-8"));
	}

	@Test
	public void predictThenEvaluate() throws Exception {
		final File model = TestModels.file(new CENetConfig(3, 1), "BGR");
		final File in = tmp.newFolder("in"), truth = tmp.newFolder("truth");
		for (int i = 0; i < 3; i++) {
			EvaluateCommandTest.save(TestImages.rgb("x", 40 + i, 48, 32, 1)
				.getProcessor(), in, i + ".png");
			EvaluateCommandTest.save(TestImages.mask("x", 40 + i, 48, 32)
				.getProcessor(), truth, i + ".png");
		}
		Files.write(new File(in, "3.png").toPath(), new byte[] { 1, 2, 3 });
		final File pred = new File(tmp.getRoot(), "pred");
		assertEquals(err.toString(), 1, run("predict", "model_file=" + model,
			"input=" + in, "output_folder=" + pred, "output=mask", "tta"));
		assertEquals("predicted=3\nkept=0\nfailed=1\n", out.toString().replace(
			System.lineSeparator(), "\n"));
		assertTrue(err.toString(), err.toString().contains(
			"CE-Net: failed: 3.png: "));

		// the mask of the command with the same keys
		final File reference = tmp.newFolder("reference");
		Files.delete(new File(in, "3.png").toPath());
		try (CommandRunner runner = new CommandRunner()) {
			runner.run(PredictFolderCommand.class, "model_file", model,
				"input_folder", in, "output_folder", reference, "output", "mask", "tta",
				true);
		}
		assertArrayEquals(Files.readAllBytes(new File(reference, "1.tif").toPath()),
			Files.readAllBytes(new File(pred, "1.tif").toPath()));

		out.reset();
		assertEquals(err.toString(), 0, run("evaluate", "prediction_folder=" + pred,
			"truth_folder=" + truth));
		assertEquals("evaluated=3\ncsv_file=" + new File(pred,
			"cenet-metrics.csv") + "\nfailed=0\n", out.toString().replace(System
				.lineSeparator(), "\n"));
		assertEquals(6, Files.readAllLines(new File(pred, "cenet-metrics.csv")
			.toPath(), StandardCharsets.UTF_8).size());
	}

	@Test
	public void badCommandLinesAreUsageErrors() throws Exception {
		assertEquals(2, run("segment"));
		assertTrue(err.toString(), err.toString().startsWith(
			"CE-Net: the first argument must be predict or evaluate, not 'segment'"));
		err.reset();
		assertEquals(2, run("predict", "model=/m.cenet"));
		assertTrue(err.toString(), err.toString().startsWith(
			"CE-Net: unknown key 'model'; valid keys: " +
				"model_file, input, output_folder"));
		err.reset();
		// a required key missing or empty is a usage error too, found before Spark
		// starts
		assertEquals(2, run("evaluate", "truth_folder=/t"));
		assertTrue(err.toString(), err.toString().startsWith(
			"CE-Net: prediction_folder is not set"));
		err.reset();
		assertEquals(2, run("predict", "input=/nowhere"));
		assertTrue(err.toString(), err.toString().startsWith(
			"CE-Net: model_file, output_folder are not set"));
		err.reset();
		assertEquals(2, run("predict", "model_file=", "input=a",
			"output_folder=b"));
		assertTrue(err.toString(), err.toString().startsWith(
			"CE-Net: model_file is not set"));
		assertEquals("", out.toString());
	}
}
