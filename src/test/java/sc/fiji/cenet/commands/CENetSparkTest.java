
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.process.ByteProcessor;
import sc.fiji.cenet.metrics.MetricsTable;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.spark.CENetSpark;

/**
 * The Spark application in local[2]: its predictions are CE-Net Predict
 * Folder's, byte for byte, and its metrics CE-Net Evaluate's; a bad image fails
 * only its record; a retried record keeps the complete file.
 */
public class CENetSparkTest {

	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	private static final String[] NAMES = { "a.png", "b.png", "c.tif", "d.png" };

	private static JavaSparkContext spark;
	@ClassRule
	public static final CommandRunner runner = new CommandRunner();
	private static File model, in, truth, fov, reference;

	@BeforeClass
	public static void setUp() throws Exception {
		model = TestModels.file(new CENetConfig(3, 1), "BGR");
		in = tmp.newFolder("in");
		truth = tmp.newFolder("truth");
		fov = tmp.newFolder("fov");
		for (int i = 0; i < NAMES.length; i++) {
			EvaluateCommandTest.save(TestImages.rgb("x", 20 + i, 40 + 8 * i, 36, 1)
				.getProcessor(), in, NAMES[i]);
			EvaluateCommandTest.save(TestImages.mask("x", 20 + i, 40 + 8 * i, 36)
				.getProcessor(), truth, NAMES[i].replace(".tif", ".png"));
			final ByteProcessor f = new ByteProcessor(40 + 8 * i, 36);
			for (int p = 0; p < f.getPixelCount() / 2; p++)
				f.set(p, 255);
			EvaluateCommandTest.save(f, fov, NAMES[i].replace(".tif", ".png"));
		}
		reference = tmp.newFolder("reference");
		runner.run(PredictFolderCommand.class, "model_file", model, "input_folder",
			in, "output_folder", reference, "output", "probabilities", "tile_size",
			192, "overlap", 32);
		runner.run(EvaluateCommand.class, "prediction_folder", reference,
			"truth_folder", truth, "fov_folder", fov, "threshold", 0.4);
		spark = new JavaSparkContext(new SparkConf().setMaster("local[2]")
			.setAppName("CE-Net test").set("spark.ui.enabled", "false").set(
				"spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress",
					"127.0.0.1"));
	}

	@AfterClass
	public static void tearDown() {
		if (spark != null) spark.close();
	}

	private static Map<String, String> keys(final String... keysAndValues) {
		final Map<String, String> keys = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2)
			keys.put(keysAndValues[i], keysAndValues[i + 1]);
		return keys;
	}

	private static byte[] bytes(final File f) throws IOException {
		return Files.readAllBytes(f.toPath());
	}

	private static CENetSpark.Report predict(final File input, final File out,
		final String... more)
	{
		final Map<String, String> keys = keys("model_file", model.getPath(),
			"input", input.getPath(), "output_folder", out.getPath(), "output",
			"probabilities", "tile_size", "192", "overlap", "32");
		keys.putAll(keys(more));
		return CENetSpark.predict(spark, keys);
	}

	@Test
	public void predictionsArePredictFoldersByteForByte() throws Exception {
		final File out = new File(tmp.getRoot(), "spark-out"); // created
		final CENetSpark.Report report = predict(in, out);
		assertEquals(4, report.count("written"));
		assertEquals(Arrays.asList(), report.failures());
		for (final String name : NAMES) {
			final String tif = name.replaceAll("\\.(png|tif)$", ".tif");
			assertArrayEquals(tif, bytes(new File(reference, tif)), bytes(new File(
				out, tif)));
		}
		assertEquals(4, out.list().length); // no temporaries left

		// run again: existing outputs stop the job before any work, or are kept
		final String message = failure(() -> predict(in, out));
		assertTrue(message, message.startsWith(
			"output_folder already holds a.tif, b.tif, c.tif, d.tif"));
		final long time = new File(out, "a.tif").lastModified();
		final CENetSpark.Report kept = predict(in, out, "skip_existing", "true");
		assertEquals(
			"nothing left: no record reaches Spark, no executor opens the model", 0,
			kept.outcomes.size());
		assertEquals(4, kept.skipped);
		assertEquals(time, new File(out, "a.tif").lastModified());

		// a damaged output (cut short, or empty) is not done: predicted again, and
		// named
		final byte[] whole = bytes(new File(reference, "b.tif"));
		java.nio.file.Files.write(new File(out, "b.tif").toPath(), java.util.Arrays
			.copyOf(whole, whole.length / 3));
		java.nio.file.Files.write(new File(out, "c.tif").toPath(), new byte[0]);
		final CENetSpark.Report redone = predict(in, out, "skip_existing", "true");
		assertEquals(2, redone.count("written"));
		assertEquals(2, redone.skipped);
		assertTrue(redone.note, redone.note.startsWith(
			"damaged, predicted again: b.tif (cut short: ") && redone.note.contains(
				"c.tif (empty)"));
		assertArrayEquals(whole, bytes(new File(out, "b.tif")));
		assertArrayEquals(bytes(new File(reference, "c.tif")), bytes(new File(out,
			"c.tif")));
	}

	/**
	 * A retried or speculative attempt finds the other attempt's complete file
	 * and keeps it.
	 */
	@Test
	public void aSecondAttemptOfARecordKeepsTheFirstOnesFile() throws Exception {
		final File out = tmp.newFolder("attempts");
		final PredictionOptions options = new PredictionOptions(model,
			"probabilities", "auto", 192, 32, false, 0.5, false, true);
		final File image = new File(in, "a.png"), result = new File(out, "a.tif");
		final CENetSpark.Report first = predict(listOf("a.png"), out);
		assertEquals(1, first.count("written"));
		final byte[] written = bytes(result);
		// the task of the same record, run again while the job runs (keep = not
		// overwrite)
		try (sc.fiji.cenet.predict.CENetModel m = sc.fiji.cenet.predict.CENetModel
			.open(model.toPath(), false))
		{
			assertFalse(options.predictFile(m, image, result, false, true,
				sc.fiji.cenet.progress.ProgressListener.NONE));
		}
		assertArrayEquals(written, bytes(result));
	}

	@Test
	public void aBadImageFailsOnlyItsRecord() throws Exception {
		final File bad = new File(tmp.getRoot(), "broken.png");
		Files.write(bad.toPath(), "not an image".getBytes(StandardCharsets.UTF_8));
		final File list = new File(tmp.getRoot(), "list.txt");
		Files.write(list.toPath(), Arrays.asList("# images", new File(in, "a.png")
			.getPath(), "", bad.getPath(), "in/d.png"), StandardCharsets.UTF_8);
		final File out = tmp.newFolder("with-bad");
		final CENetSpark.Report report = predict(list, out);
		assertEquals(2, report.count("written"));
		assertEquals(1, report.failures().size());
		assertEquals("broken.png", report.failures().get(0).image);
		assertEquals(Arrays.asList("a.png", "broken.png", "d.png"), Arrays.asList(
			report.outcomes.get(0).image, report.outcomes.get(1).image,
			report.outcomes.get(2).image));
		assertArrayEquals(bytes(new File(reference, "d.tif")), bytes(new File(out,
			"d.tif")));
		assertFalse(new File(out, "broken.tif").exists());
	}

	@Test
	public void metricsAreEvaluatesByteForByte() throws Exception {
		final File csv = new File(tmp.getRoot(), "spark-metrics.csv");
		final CENetSpark.Report report = CENetSpark.evaluate(spark, keys(
			"prediction_folder", reference.getPath(), "truth_folder", truth.getPath(),
			"fov_folder", fov.getPath(), "threshold", "0.4", "csv_file", csv
				.getPath(), "partitions", "3"));
		assertEquals(4, report.count("evaluated"));
		assertArrayEquals(bytes(new File(reference, "cenet-metrics.csv")), bytes(
			csv));
		assertArrayEquals(bytes(new File(reference, "cenet-metrics-fov.csv")),
			bytes(EvaluateCommand.fovCsvFile(csv)));
		assertEquals(Arrays.asList("a.tif", "b.tif", "c.tif", "d.tif"),
			report.metrics.images());
	}

	/**
	 * model_file gives the model's calibrated threshold, as CE-Net Evaluate; the
	 * table never replaces a mask.
	 */
	@Test
	public void evaluateTakesTheModelsThresholdAndNeverWritesOverAMask()
		throws Exception
	{
		final File calibrated = TestModels.withThreshold(model, 0.4);
		final File csv = new File(tmp.getRoot(), "with-model.csv");
		CENetSpark.evaluate(spark, keys("prediction_folder", reference.getPath(),
			"truth_folder", truth.getPath(), "fov_folder", fov.getPath(),
			"model_file", calibrated.getPath(), "csv_file", csv.getPath()));
		assertArrayEquals(
			"threshold 0.4 from the model, as the reference table's given one", bytes(
				new File(reference, "cenet-metrics.csv")), bytes(csv));
		final File mask = new File(truth, "a.png");
		final byte[] before = bytes(mask);
		final String message = failure(() -> CENetSpark.evaluate(spark, keys(
			"prediction_folder", reference.getPath(), "truth_folder", truth.getPath(),
			"csv_file", new File(truth, "./a.png").getPath(), "overwrite", "true")));
		assertTrue(message, message.startsWith(
			"csv_file must differ from truth_folder, which it would replace"));
		assertArrayEquals(before, bytes(mask));
		assertTrue(failure(() -> CENetSpark.evaluate(spark, keys(
			"prediction_folder", reference.getPath(), "truth_folder", truth.getPath(),
			"csv_file", csv.getPath()))).startsWith("csv_file already exists: "));
		// one folder as both: every file would pair with itself
		assertEquals("prediction_folder and truth_folder are the same folder (" +
			truth + "): every file would pair with itself; put the truth_folder " +
			"files in a folder of their own", failure(() -> CENetSpark.evaluate(spark,
				keys("prediction_folder", truth.getPath(), "truth_folder", new File(
					truth, ".").getPath()))));
		// CE-Net Evaluate's rules, all said at once in its words
		final File empty = tmp.newFolder("no images");
		assertEquals("truth_folder holds no image files (tif, tiff, png, gif, " +
			"jpg, jpeg, bmp): " + empty + "; model_file does not exist: " +
			"/no/model.cenet; threshold must lie in [0, 1] or be -1 (the threshold " +
			"of model_file, 0.5 without it), not 2", failure(() -> CENetSpark
				.evaluate(spark, keys("prediction_folder", reference.getPath(),
					"truth_folder", empty.getPath(), "model_file", "/no/model.cenet",
					"threshold", "2"))));
		assertEquals("fov_folder works with classes=1 only", failure(
			() -> CENetSpark.evaluate(spark, keys("prediction_folder", reference
				.getPath(), "truth_folder", truth.getPath(), "fov_folder", fov
					.getPath(), "classes", "3"))));
	}

	@Test
	public void aMismatchedPredictionFailsOnlyItsRecord() throws Exception {
		final File predictions = tmp.newFolder("mixed");
		for (final String name : new String[] { "a.tif", "b.tif", "c.tif" })
			Files.copy(new File(reference, name).toPath(), new File(predictions, name)
				.toPath());
		Files.copy(new File(reference, "a.tif").toPath(), new File(predictions,
			"d.tif").toPath());
		final CENetSpark.Report report = CENetSpark.evaluate(spark, keys(
			"prediction_folder", predictions.getPath(), "truth_folder", truth
				.getPath()));
		assertEquals(3, report.count("evaluated"));
		assertEquals("d.tif", report.failures().get(0).image);
		assertEquals(
			"prediction d.tif is 40 x 36 but ground truth d.png is 64 x 36", report
				.failures().get(0).detail);
		final MetricsTable written = MetricsTable.readCsv(Files.newBufferedReader(
			new File(predictions, "cenet-metrics.csv").toPath()));
		assertEquals(Arrays.asList("a.tif", "b.tif", "c.tif"), written.images());
		assertNull(report.fovMetrics);
	}

	private static File listOf(final String... names) throws IOException {
		final File list = File.createTempFile("list", ".txt", tmp.getRoot());
		final java.util.List<String> lines = new java.util.ArrayList<>();
		for (final String n : names)
			lines.add(new File(in, n).getPath());
		Files.write(list.toPath(), lines, StandardCharsets.UTF_8);
		return list;
	}

	private static String failure(final Runnable r) {
		try {
			r.run();
		}
		catch (final RuntimeException e) {
			return e.getMessage();
		}
		throw new AssertionError("should have failed");
	}
}
