
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.ImageInfo;
import ij.process.ByteProcessor;
import sc.fiji.cenet.model.CENetConfig;

public class PredictFolderCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@ClassRule
	public static final CommandRunner runner = new CommandRunner();
	private static File model;

	@BeforeClass
	public static void setUp() {
		model = TestModels.file(new CENetConfig(3, 1), "BGR");
	}

	@Test
	public void everyImageGetsATiffWithItsBaseName() throws Exception {
		final File in = tmp.newFolder("in");
		final File out = new File(tmp.getRoot(), "out/masks"); // created by the
																														// command
		EvaluateCommandTest.save(TestImages.rgb("a", 1, 70, 50, 1).getProcessor(),
			in, "a.png");
		EvaluateCommandTest.save(new ByteProcessor(64, 64), in, "b.tif");
		assertEquals(2, runner.run(PredictFolderCommand.class, "model_file", model,
			"input_folder", in, "output_folder", out, "output", "mask").getOutput(
				"predicted"));
		final ImagePlus a = IJ.openImage(new File(out, "a.tif").getPath());
		assertEquals(70, a.getWidth());
		assertEquals(50, a.getHeight());
		assertEquals(8, a.getBitDepth());
		assertTrue(new File(out, "b.tif").isFile());
		// the saved result says which model and threshold made it
		assertEquals(model.getAbsolutePath(), a.getProp("cenet.model_file"));
		assertEquals("0.5", a.getProp("cenet.threshold"));
		assertEquals("mask", a.getProp("cenet.output"));
		// Image > Show Info lists each with its value once (as a property; the info
		// text repeated them)
		final String info = new ImageInfo().getImageInfo(a);
		for (final String key : new String[] { "cenet.model_file",
			"cenet.threshold", "cenet.output", "cenet.mode", "cenet.tile_size",
			"cenet.overlap", "cenet.tta" })
		{
			int n = 0;
			for (final String line : info.split("\n"))
				if (line.startsWith(key + ":") || line.startsWith(key + " =")) n++;
			assertEquals(info, 1, n);
		}

		assertEquals(
			"output_folder already holds a.tif, b.tif; tick overwrite to replace them, or " +
				"skip_existing to keep them", runner.failure(PredictFolderCommand.class,
					"model_file", model, "input_folder", in, "output_folder", out));
		assertEquals(2, runner.run(PredictFolderCommand.class, "model_file", model,
			"input_folder", in, "output_folder", out, "overwrite", true).getOutput(
				"predicted"));
		assertEquals(32, IJ.openImage(new File(out, "a.tif").getPath())
			.getBitDepth());
	}

	/**
	 * Masks use the model's calibrated threshold by default, an explicit one when
	 * given; each file records it.
	 */
	@Test
	public void masksUseTheModelsThreshold() throws Exception {
		final File in = tmp.newFolder("in");
		EvaluateCommandTest.save(TestImages.rgb("a", 1, 70, 50, 1).getProcessor(),
			in, "a.png");
		final File calibrated = TestModels.withThreshold(model, 0.25);
		final File probabilities = new File(tmp.getRoot(), "p"), masks = new File(
			tmp.getRoot(), "m"), half = new File(tmp.getRoot(), "h");
		runner.run(PredictFolderCommand.class, "model_file", calibrated,
			"input_folder", in, "output_folder", probabilities, "output",
			"probabilities");
		runner.run(PredictFolderCommand.class, "model_file", calibrated,
			"input_folder", in, "output_folder", masks, "output", "mask");
		runner.run(PredictFolderCommand.class, "model_file", calibrated,
			"input_folder", in, "output_folder", half, "output", "mask", "threshold",
			0.5);
		final ImagePlus p = IJ.openImage(new File(probabilities, "a.tif")
			.getPath());
		final ImagePlus m = IJ.openImage(new File(masks, "a.tif").getPath());
		final ImagePlus h = IJ.openImage(new File(half, "a.tif").getPath());
		assertEquals("0.25", m.getProp("cenet.threshold"));
		assertEquals("0.5", h.getProp("cenet.threshold"));
		for (int i = 0; i < 70 * 50; i++) {
			assertEquals(p.getProcessor().getf(i) >= 0.25 ? 255 : 0, m.getProcessor()
				.get(i));
			assertEquals(p.getProcessor().getf(i) >= 0.5 ? 255 : 0, h.getProcessor()
				.get(i));
		}
	}

	@Test
	public void imagesSharingABaseNameAreRejected() throws Exception {
		final File in = tmp.newFolder("in");
		EvaluateCommandTest.save(new ByteProcessor(8, 8), in, "a.png");
		EvaluateCommandTest.save(new ByteProcessor(8, 8), in, "a.tif");
		assertEquals(
			"a.png and a.tif would both be written to a.tif; rename one of them",
			runner.failure(PredictFolderCommand.class, "model_file", model,
				"input_folder", in, "output_folder", new File(tmp.getRoot(), "out")));
	}

	@Test
	public void aFailingImageIsNamed() throws Exception {
		final File in = tmp.newFolder("in");
		EvaluateCommandTest.save(new ByteProcessor(64, 64), in, "gray.tif");
		assertEquals(
			"gray.tif: the model expects 3 channels, the image has 1; tick convert_channels",
			runner.failure(PredictFolderCommand.class, "model_file", model,
				"input_folder", in, "output_folder", new File(tmp.getRoot(), "out"),
				"convert_channels", false));
	}

	/**
	 * Each file's result is shaped and calibrated as CE-Net Predict's for the
	 * open file: its slices and frames, pixel size, frame interval and plane
	 * labels (they were lost: a 3 x 2 hyperstack came back as 6 slices of
	 * pixels).
	 */
	@Test
	public void resultsKeepTheFilesSlicesFramesAndCalibration() throws Exception {
		final File in = tmp.newFolder("hyperstacks");
		final ij.ImageStack stack = new ij.ImageStack(64, 48);
		for (int i = 0; i < 6; i++) {
			final ByteProcessor bp = new ByteProcessor(64, 48);
			bp.add(20 * i);
			stack.addSlice("plane " + i, bp);
		}
		final ImagePlus hyperstack = new ImagePlus("h", stack);
		hyperstack.setDimensions(1, 3, 2);
		hyperstack.setOpenAsHyperStack(true);
		final ij.measure.Calibration cal = hyperstack.getCalibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.5;
		cal.pixelDepth = 2;
		cal.setUnit("micron");
		cal.frameInterval = 3;
		cal.setTimeUnit("min");
		assertTrue(new ij.io.FileSaver(hyperstack).saveAsTiff(new File(in, "h.tif")
			.getPath()));
		final File out = new File(tmp.getRoot(), "masks");
		assertEquals(1, runner.run(PredictFolderCommand.class, "model_file", model,
			"input_folder", in, "output_folder", out, "output", "mask").getOutput(
				"predicted"));
		final ImagePlus mask = IJ.openImage(new File(out, "h.tif").getPath());
		assertEquals(1, mask.getNChannels());
		assertEquals(3, mask.getNSlices());
		assertEquals(2, mask.getNFrames());
		final ij.measure.Calibration got = mask.getCalibration();
		assertEquals(0.25, got.pixelWidth, 0);
		assertEquals(0.5, got.pixelHeight, 0);
		assertEquals(2, got.pixelDepth, 0);
		assertEquals("micron", got.getUnit());
		assertEquals(3, got.frameInterval, 0);
		assertEquals("min", got.getTimeUnit());
		for (int i = 0; i < 6; i++)
			assertEquals("plane " + i, mask.getStack().getSliceLabel(i + 1));
	}

	@Test
	public void badFoldersAreReported() throws Exception {
		final File in = tmp.newFolder("in");
		assertEquals(
			"input_folder does not exist: /no/input; output_folder is not set", runner
				.failure(PredictFolderCommand.class, "model_file", model,
					"input_folder", new File("/no/input"), "output_folder", new File(
						"")));
		assertEquals("input_folder is not set", runner.failure(
			PredictFolderCommand.class, "model_file", model, "input_folder", new File(
				""), "output_folder", in));
		final File full = tmp.newFolder("full");
		new File(full, "01.tif").createNewFile();
		assertEquals("output_folder must differ from input_folder (" + full +
			" is " + full + ")", runner.failure(PredictFolderCommand.class,
				"model_file", model, "input_folder", full, "output_folder", full));
		final File out = new File(tmp.getRoot(), "out");
		assertEquals("input_folder holds no image files (tif, tiff, png, gif, " +
			"jpg, jpeg, bmp): " + in, runner.failure(PredictFolderCommand.class,
				"model_file", model, "input_folder", in, "output_folder", out));
		assertTrue("nothing is written for a folder without images", !out.exists());
	}

	/**
	 * Another spelling of the input folder, or a link to it, is still the input
	 * folder.
	 */
	@Test
	public void theInputFolderIsNeverTheOutputUnderAnotherName()
		throws Exception
	{
		final File in = tmp.newFolder("in");
		EvaluateCommandTest.save(new ByteProcessor(8, 8), in, "a.tif");
		final byte[] before = java.nio.file.Files.readAllBytes(new File(in, "a.tif")
			.toPath());
		final File link = java.nio.file.Files.createSymbolicLink(tmp.getRoot()
			.toPath().resolve("link"), in.toPath()).toFile();
		for (final File out : new File[] { new File(in, "."), new File(in,
			"../in/"), link })
			assertTrue(out.getPath(), runner.failure(PredictFolderCommand.class,
				"model_file", model, "input_folder", in, "output_folder", out,
				"overwrite", true).startsWith(
					"output_folder must differ from input_folder"));
		org.junit.Assert.assertArrayEquals(before, java.nio.file.Files.readAllBytes(
			new File(in, "a.tif").toPath()));
	}
}
