
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.cenet.ij.HeadlessRunner;
import sc.fiji.cenet.model.CENetConfig;

/**
 * The real commands end to end through the command-line runner, as a cluster
 * job would run them.
 */
public class HeadlessCommandsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private String stdout;
	private String stderr;

	private int run(final String command, final String options) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8))
		{
			return HeadlessRunner.run(new String[] { command, options }, o, e);
		}
		finally {
			stdout = new String(out.toByteArray(), StandardCharsets.UTF_8);
			stderr = new String(err.toByteArray(), StandardCharsets.UTF_8);
		}
	}

	@Test
	public void evaluatePrintsTheMetricsAsCsv() throws Exception {
		final File truth = tmp.newFolder("truth masks"), predictions = tmp
			.newFolder("predictions");
		for (final File folder : new File[] { truth, predictions })
			EvaluateCommandTest.save(TestImages.mask("m", 3, 40, 40).getProcessor(),
				folder, "01.png");
		assertEquals(stderr, HeadlessRunner.OK, run("CE-Net Evaluate",
			"prediction_folder=[" + predictions + "] truth_folder=[" + truth + "]"));
		final String[] lines = stdout.split("\\R");
		assertEquals(
			"Image,TP,FP,TN,FN,Dice,IoU,Accuracy,Sensitivity,Specificity,Precision,AUC,HD95_px",
			lines[0]);
		assertTrue(lines[1], lines[1].startsWith("01.png,"));
		// as the CSV file writes them: counts as integers, ratios as Java doubles
		assertTrue(lines[1], lines[1].contains(
			",0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,0.0"));
		assertTrue(lines[2], lines[2].startsWith("mean,"));
		assertTrue(lines[3], lines[3].startsWith("std,"));
		assertEquals(stdout, 4, lines.length);
		// the context's log goes to the runner's err stream, not System.out
		assertTrue(stderr, stderr.contains(
			"[INFO] CE-Net Evaluate: evaluated 1 images at threshold 0.5 (default); Dice 1.0"));
		assertTrue(stderr, stderr.startsWith("CE-Net Evaluate: 0% 01.png" + System
			.lineSeparator()));
	}

	@Test
	public void predictTakesAnImageFile() throws Exception {
		final File model = TestModels.file(new CENetConfig(3, 1), "BGR");
		EvaluateCommandTest.save(TestImages.rgb("x", 1, 50, 40, 1).getProcessor(),
			tmp.getRoot(), "in put.png");
		assertEquals(stderr, HeadlessRunner.OK, run("predict", "model_file=[" +
			model + "] image=[" + new File(tmp.getRoot(), "in put.png") +
			"] output=mask"));
		assertEquals(
			"prediction=[image in put-cenet-mask 50x40x1, not saved; give result_file=... " +
				"or use CE-Net Predict Folder]" + System.lineSeparator(), stdout);
	}

	@Test
	public void predictSavesToOutputFile() throws Exception {
		final File model = TestModels.file(new CENetConfig(3, 1), "BGR");
		EvaluateCommandTest.save(TestImages.rgb("x", 1, 50, 40, 1).getProcessor(),
			tmp.getRoot(), "in.png");
		final File folder = new File(tmp.getRoot(), "new folder");
		final File result = new File(folder, "mask.tif");
		assertEquals(stderr, HeadlessRunner.OK, run("predict", "model_file=[" +
			model + "] image=[" + new File(tmp.getRoot(), "in.png") +
			"] output=mask result_file=[" + result + "]"));
		assertEquals("prediction=" + result + System.lineSeparator(), stdout);
		final ImagePlus saved = IJ.openImage(result.getPath());
		assertEquals(50, saved.getWidth());
		assertEquals(40, saved.getHeight());
		assertEquals(8, saved.getBitDepth());
		assertArrayEquals("no temporary file is left", new String[] { "mask.tif" },
			folder.list());
	}

	@Test
	public void badKeysAreAUsageError() {
		assertEquals(HeadlessRunner.USAGE, run("evaluate",
			"prediction_folder=/a truth=/b"));
		// with what the misspelling left unset, in the same line
		assertEquals(
			"CE-Net: Unknown key 'truth' for CE-Net Evaluate; valid keys: prediction_folder, " +
				"truth_folder, fov_folder, model_file, threshold, classes, csv_file, overwrite, shard; " +
				"truth_folder is not set for CE-Net Evaluate" + System.lineSeparator(),
			stderr);
	}

	/**
	 * Inputs found wrong before any work are usage errors too: exit 2, every
	 * problem named by its key.
	 */
	@Test
	public void badValuesAreAUsageErrorNamingEachKey() {
		assertEquals(HeadlessRunner.USAGE, run("evaluate",
			"prediction_folder=/no/a truth_folder=/no/b"));
		assertEquals(
			"CE-Net: CE-Net Evaluate: prediction_folder does not exist: /no/a; " +
				"truth_folder does not exist: /no/b" + System.lineSeparator(), stderr);
		assertEquals("", stdout);
		for (final String[] bad : new String[][] { { "predict-folder",
			"model_file=/no/m.cenet input_folder=/no/i output_folder=/no/o tile_size=200",
			"tile_size" }, { "predict-folder",
				"model_file=/no/m.cenet input_folder=/no/i output_folder=/no/o threshold=-0.5",
				"threshold" }, { "train",
					"image_folder=/no/i mask_folder=/no/m model_file=/no/m.cenet training_size=200",
					"training_size" }, { "train",
						"image_folder=/no/i mask_folder=/no/m model_file=/no/m.cenet learning_rate=0",
						"learning_rate" }, { "evaluate",
							"prediction_folder=/no/a truth_folder=/no/b shard=3/2",
							"shard" } })
		{
			assertEquals(bad[1], HeadlessRunner.USAGE, run(bad[0], bad[1]));
			assertTrue(stderr, stderr.startsWith("CE-Net: ") && stderr.contains(
				bad[2]) && stderr.trim().indexOf('\n') < 0);
		}
	}

	/**
	 * A model file or checkpoint that the run may not replace or continue is
	 * wrong input too, found before any training step: exit 2, naming the file
	 * and the choice, the file untouched.
	 */
	@Test
	public void aModelInTheWayIsAUsageError() throws Exception {
		final File images = tmp.newFolder("images"), masks = tmp.newFolder("masks");
		// names are enough: the refusal comes before any image is read
		new File(images, "01.tif").createNewFile();
		new File(masks, "01.png").createNewFile();
		final File model = tmp.newFile("m.cenet");
		java.nio.file.Files.write(model.toPath(), new byte[] { 1, 2, 3 });
		final String keys = "image_folder=[" + images + "] mask_folder=[" + masks +
			"] model_file=[" + model + "]";
		assertEquals(stderr, HeadlessRunner.USAGE, run("train", keys));
		assertTrue(stderr, stderr.endsWith("CE-Net: CE-Net Train: " + model +
			" already exists and there is no checkpoint of an interrupted run to " +
			"resume; choose another model_file, or if_model_exists=overwrite to " +
			"replace it" + System.lineSeparator()));
		assertEquals(HeadlessRunner.USAGE, run("train", keys +
			" if_model_exists=stop"));
		assertTrue(stderr, stderr.contains(model +
			" already exists and if_model_exists=stop"));
		assertArrayEquals(new byte[] { 1, 2, 3 }, java.nio.file.Files.readAllBytes(
			model.toPath()));
	}

	/**
	 * A folder without image files is wrong input, found before the network
	 * loads: exit 2, naming the key, for every command that reads a folder of
	 * images.
	 */
	@Test
	public void aFolderWithoutImagesIsAUsageError() throws Exception {
		final File empty = tmp.newFolder("empty"), images = tmp.newFolder("images");
		new File(empty, "notes.txt").createNewFile(); // not an image
		new File(images, "01.tif").createNewFile();
		final File model = new File(tmp.getRoot(), "m.cenet");
		final String[][] cases = { { "train", "image_folder=[" + empty +
			"] mask_folder=[" + images + "] model_file=[" + model + "]",
			"image_folder" }, { "train", "image_folder=[" + images +
				"] mask_folder=[" + empty + "] model_file=[" + model + "]",
				"mask_folder" }, { "evaluate", "prediction_folder=[" + empty +
					"] truth_folder=[" + images + "]", "prediction_folder" }, {
						"evaluate", "prediction_folder=[" + images + "] truth_folder=[" +
							empty + "]", "truth_folder" }, { "evaluate",
								"prediction_folder=[" + images + "] truth_folder=[" + images +
									"_2] fov_folder=[" + empty + "]", "fov_folder" } };
		new File(images + "_2").mkdir();
		new File(images + "_2", "01.png").createNewFile();
		for (final String[] c : cases) {
			assertEquals(c[1], HeadlessRunner.USAGE, run(c[0], c[1]));
			assertTrue(stderr, stderr.contains(c[2] +
				" holds no image files (tif, tiff, png, gif, jpg, jpeg, bmp): " +
				empty));
			assertEquals(stderr, 1, stderr.split("CE-Net: ", -1).length - 1);
		}
		assertTrue(!model.exists());
	}

	/** A failure of the work itself exits 1, in one line. */
	@Test
	public void commandFailuresAreOneLine() throws Exception {
		final File predictions = tmp.newFolder("p"), truth = tmp.newFolder("t");
		java.nio.file.Files.write(new File(predictions, "01.png").toPath(),
			"not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		EvaluateCommandTest.save(TestImages.mask("m", 1, 40, 40).getProcessor(),
			truth, "01.png");
		assertEquals(HeadlessRunner.FAILED, run("evaluate", "prediction_folder=[" +
			predictions + "] truth_folder=[" + truth + "]"));
		// after the progress line, the failure in one line
		assertTrue(stderr, stderr.endsWith(System.lineSeparator()) && stderr
			.contains(System.lineSeparator() +
				"CE-Net: CE-Net Evaluate failed: cannot read " + new File(predictions,
					"01.png")));
		assertEquals(stderr, 1, stderr.split("CE-Net: ", -1).length - 1);
		assertEquals("", stdout);
	}

}
