
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import sc.fiji.cenet.metrics.MetricsTable;

public class EvaluateCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@ClassRule
	public static final CommandRunner runner = new CommandRunner();

	private MetricsTable evaluate(final Object... keysAndValues)
		throws Exception
	{
		return (MetricsTable) runner.run(EvaluateCommand.class, keysAndValues)
			.getOutput("metrics");
	}

	@Test
	public void truthAgainstItselfHasDiceOne() throws Exception {
		final File truth = tmp.newFolder("truth"), copy = tmp.newFolder("copy");
		for (final File folder : new File[] { truth, copy }) {
			save(TestImages.mask("a", 1, 64, 48).getProcessor(), folder, "01.png");
			save(TestImages.mask("b", 2, 64, 48).getProcessor(), folder, "02.png");
		}
		final MetricsTable m = evaluate("prediction_folder", copy, "truth_folder",
			truth);
		assertEquals(2, m.size());
		assertEquals("01.png", m.images().get(0));
		assertEquals(1, m.row("01.png").dice(), 0);
		assertEquals(1, m.mean("Dice"), 0);
		final List<String> csv = Files.readAllLines(new File(copy,
			"cenet-metrics.csv").toPath(), StandardCharsets.UTF_8);
		assertEquals(
			"Image,TP,FP,TN,FN,Dice,IoU,Accuracy,Sensitivity,Specificity,Precision,AUC,HD95_px",
			csv.get(0));
		assertEquals(5, csv.size());
		assertTrue(csv.get(3), csv.get(3).startsWith("mean,"));
	}

	/**
	 * One folder as both: every file would pair with itself (Dice 1), however the
	 * path is written.
	 */
	@Test
	public void aFolderIsNotEvaluatedAgainstItself() throws Exception {
		final File truth = tmp.newFolder("same");
		save(TestImages.mask("a", 1, 64, 48).getProcessor(), truth, "01.png");
		assertEquals("prediction_folder and truth_folder are the same folder (" +
			truth + "): every file would pair with itself; put the truth_folder " +
			"files in a folder of their own", runner.failure(EvaluateCommand.class,
				"prediction_folder", truth, "truth_folder", new File(truth, "./")));
		assertFalse(new File(truth, "cenet-metrics.csv").exists());
	}

	/**
	 * The files of {@link #knownMismatchGivesTheHandComputedDice}: im.tif and its
	 * truth im.png.
	 */
	private static void saveKnownMismatch(final File predictions,
		final File truth)
	{
		final ByteProcessor t = new ByteProcessor(10, 10);
		final FloatProcessor p = new FloatProcessor(10, 10);
		for (int i = 0; i < 20; i++) {
			t.set(i, 255);
			p.setf(i, i < 10 ? 0.9f : 0.4f);
		}
		for (int i = 50; i < 55; i++)
			p.setf(i, 0.6f);
		save(p, predictions, "im.tif");
		save(t, truth, "im.png");
	}

	/**
	 * Truth: 20 foreground pixels. Prediction (probabilities): 10 of them at 0.9,
	 * 10 at 0.4 (below the threshold), and 5 background pixels at 0.6. TP 10, FN
	 * 10, FP 5: Dice = 2 * 10 / (2 * 10 + 5 + 10) = 20 / 35.
	 */
	@Test
	public void knownMismatchGivesTheHandComputedDice() throws Exception {
		final File predictions = tmp.newFolder("predictions"), truth = tmp
			.newFolder("truth");
		saveKnownMismatch(predictions, truth);
		final File csv = new File(tmp.getRoot(), "metrics.csv");
		final MetricsTable m = evaluate("prediction_folder", predictions,
			"truth_folder", truth, "csv_file", csv, "threshold", 0.5);
		assertEquals(20.0 / 35, m.row("im.tif").dice(), 1e-12);
		assertEquals(10, m.row("im.tif").tp());
		assertEquals(5, m.row("im.tif").fp());
		assertTrue(csv.isFile());
		// a higher threshold drops the 0.6 pixels: Dice = 20 / 30
		assertEquals(20.0 / 30, evaluate("prediction_folder", predictions,
			"truth_folder", truth, "csv_file", csv, "threshold", 0.7, "overwrite",
			true).row("im.tif").dice(), 1e-12);
	}

	/**
	 * csv_file never replaces a file read (a ground-truth mask), nor an existing
	 * file without overwrite.
	 */
	@Test
	public void theCsvNeverReplacesAMaskOrAFileUnasked() throws Exception {
		final File predictions = tmp.newFolder("predictions"), truth = tmp
			.newFolder("truth");
		saveKnownMismatch(predictions, truth);
		final File mask = new File(truth, "im.png");
		final byte[] before = java.nio.file.Files.readAllBytes(mask.toPath());
		for (final boolean overwrite : new boolean[] { false, true }) {
			final Exception e = assertThrows(Exception.class, () -> evaluate(
				"prediction_folder", predictions, "truth_folder", truth, "csv_file",
				new File(truth, "./im.png"), "overwrite", overwrite));
			assertTrue(e.getMessage(), sc.fiji.cenet.ij.CommandFailedException
				.messageOf(e).contains(
					"csv_file must differ from truth_folder, which it would replace"));
			assertArrayEquals(before, java.nio.file.Files.readAllBytes(mask
				.toPath()));
		}
		final File other = new File(tmp.getRoot(), "notes.txt");
		java.nio.file.Files.write(other.toPath(), new byte[] { 1, 2, 3 });
		final Exception e = assertThrows(Exception.class, () -> evaluate(
			"prediction_folder", predictions, "truth_folder", truth, "csv_file",
			other));
		assertTrue(e.getMessage(), sc.fiji.cenet.ij.CommandFailedException
			.messageOf(e).contains("csv_file already exists: " + other +
				"; choose another file, or tick overwrite to replace it"));
		assertArrayEquals(new byte[] { 1, 2, 3 }, java.nio.file.Files.readAllBytes(
			other.toPath()));
	}

	/**
	 * The predictions of {@link #knownMismatchGivesTheHandComputedDice}: with a
	 * model_file calibrated at 0.7 its threshold is used by default (Dice 20 /
	 * 30); an explicit threshold wins; a model_file without a threshold (older,
	 * imported), or none, gives 0.5 (Dice 20 / 35).
	 */
	@Test
	public void theThresholdOfModelFileIsTheDefault() throws Exception {
		final File predictions = tmp.newFolder("predictions"), truth = tmp
			.newFolder("truth");
		saveKnownMismatch(predictions, truth);
		final File uncalibrated = TestModels.file(
			new sc.fiji.cenet.model.CENetConfig(3, 1), "BGR");
		final File calibrated = TestModels.withThreshold(uncalibrated, 0.7);
		assertEquals(20.0 / 30, evaluate("prediction_folder", predictions,
			"truth_folder", truth, "model_file", calibrated).row("im.tif").dice(),
			1e-12);
		assertEquals(20.0 / 35, evaluate("prediction_folder", predictions,
			"truth_folder", truth, "model_file", calibrated, "threshold", 0.5,
			"overwrite", true).row("im.tif").dice(), 1e-12);
		assertEquals(20.0 / 35, evaluate("prediction_folder", predictions,
			"truth_folder", truth, "model_file", uncalibrated, "overwrite", true).row(
				"im.tif").dice(), 1e-12);
		assertEquals(20.0 / 35, evaluate("prediction_folder", predictions,
			"truth_folder", truth, "overwrite", true).row("im.tif").dice(), 1e-12);
		final File notAModel = new File(tmp.getRoot(), "notes.cenet");
		Files.write(notAModel.toPath(), "text".getBytes(StandardCharsets.UTF_8));
		final String failure = runner.failure(EvaluateCommand.class,
			"prediction_folder", predictions, "truth_folder", truth, "model_file",
			notAModel, "overwrite", true);
		assertTrue(failure, failure.startsWith(
			"cannot read the threshold of model_file: " + notAModel));
	}

	@Test
	public void fieldOfViewGivesASecondTable() throws Exception {
		final File predictions = tmp.newFolder("predictions"), truth = tmp
			.newFolder("truth"), fov = tmp.newFolder("fov");
		final ByteProcessor t = new ByteProcessor(10, 10), p = new ByteProcessor(10,
			10), f = new ByteProcessor(10, 10);
		for (int i = 0; i < 10; i++) {
			t.set(i, 255); // truth: row 0
			p.set(i, 255); // prediction: rows 0 and 9
			p.set(90 + i, 255);
		}
		for (int i = 0; i < 50; i++)
			f.set(i, 255); // FOV: rows 0..4
		save(p, predictions, "1.png");
		save(t, truth, "1.png");
		save(f, fov, "1.png");
		final org.scijava.command.CommandModule module = runner.run(
			EvaluateCommand.class, "prediction_folder", predictions, "truth_folder",
			truth, "fov_folder", fov);
		final MetricsTable whole = (MetricsTable) module.getOutput("metrics");
		final MetricsTable inside = (MetricsTable) module.getOutput("fov_metrics");
		assertEquals(20.0 / 30, whole.row("1.png").dice(), 1e-12);
		assertEquals(1, inside.row("1.png").dice(), 1e-12);
		assertTrue(new File(predictions, "cenet-metrics-fov.csv").isFile());
		assertNull(runner.run(EvaluateCommand.class, "prediction_folder",
			predictions, "truth_folder", truth, "overwrite", true).getOutput(
				"fov_metrics"));
	}

	@Test
	public void labelImagesGiveOneRowPerForegroundClass() throws Exception {
		final File predictions = tmp.newFolder("predictions"), truth = tmp
			.newFolder("truth");
		final ByteProcessor t = new ByteProcessor(4, 1), p = new ByteProcessor(4,
			1);
		t.set(0, 1);
		t.set(1, 2);
		p.set(0, 1);
		p.set(1, 1);
		save(p, predictions, "x.png");
		save(t, truth, "x.png");
		final MetricsTable m = evaluate("prediction_folder", predictions,
			"truth_folder", truth, "classes", 3);
		assertEquals(2, m.size());
		assertEquals(2.0 / 3, m.row("x.png (class 1)").dice(), 1e-12);
		assertEquals(0, m.row("x.png (class 2)").dice(), 1e-12);
	}

	@Test
	public void badInputsAreReportedTogether() throws Exception {
		final File truth = tmp.newFolder("truth");
		new File(truth, "01.png").createNewFile();
		assertEquals(
			"prediction_folder does not exist: /no/predictions; fov_folder does not exist: " +
				"/no/fov; model_file does not exist: /no/model.cenet; threshold must lie in [0, 1] or be -1 " +
				"(the threshold of model_file, 0.5 without it), not 2", runner.failure(
					EvaluateCommand.class, "prediction_folder", new File(
						"/no/predictions"), "truth_folder", truth, "fov_folder", new File(
							"/no/fov"), "model_file", new File("/no/model.cenet"),
					"threshold", 2.0));
	}

	@Test
	public void sizeMismatchNamesBothFiles() throws Exception {
		final File predictions = tmp.newFolder("predictions"), truth = tmp
			.newFolder("truth");
		save(new ByteProcessor(8, 8), predictions, "a.png");
		save(new ByteProcessor(8, 6), truth, "a.png");
		assertEquals("prediction a.png is 8 x 8 but ground truth a.png is 8 x 6",
			runner.failure(EvaluateCommand.class, "prediction_folder", predictions,
				"truth_folder", truth));
	}

	@Test
	public void nanPredictionsNameTheFile() throws Exception {
		final File predictions = tmp.newFolder("predictions"), truth = tmp
			.newFolder("truth");
		final FloatProcessor nan = new FloatProcessor(8, 8);
		nan.setf(3, 2, Float.NaN);
		save(nan, predictions, "a.tif");
		save(new ByteProcessor(8, 8), truth, "a.tif");
		assertEquals("a.tif: prediction is NaN at (3, 2)", runner.failure(
			EvaluateCommand.class, "prediction_folder", predictions, "truth_folder",
			truth));
	}

	@Test
	public void unpairedFoldersAreReported() throws Exception {
		final File predictions = tmp.newFolder("predictions"), truth = tmp
			.newFolder("truth");
		save(new ByteProcessor(8, 8), predictions, "a.png");
		save(new ByteProcessor(8, 8), truth, "b.png");
		final String message = runner.failure(EvaluateCommand.class,
			"prediction_folder", predictions, "truth_folder", truth);
		assertTrue(message, message.startsWith("no image/mask pairs in "));
	}

	static void save(final ImageProcessor ip, final File folder,
		final String name)
	{
		final String path = new File(folder, name).getPath();
		final FileSaver saver = new FileSaver(new ImagePlus(name, ip));
		assertTrue(name.endsWith(".png") ? saver.saveAsPng(path) : saver.saveAsTiff(
			path));
	}
}
