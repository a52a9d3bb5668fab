
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import sc.fiji.cenet.data.ChannelOrder;
import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.imagej.ImagePlusConverter;
import sc.fiji.cenet.imagej.ResultImages;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.predict.Predictor;
import sc.fiji.cenet.progress.ProgressListener;
import sc.fiji.cenet.service.CENetModelService;

/**
 * PredictCommand through SciJava's CommandService, on a model with random
 * weights.
 */
public class PredictCommandTest {

	@ClassRule
	public static final CommandRunner runner = new CommandRunner();
	private static File rgbModel;

	@BeforeClass
	public static void setUp() {
		rgbModel = TestModels.file(new CENetConfig(3, 1), "BGR");
	}

	/**
	 * Runs the command with ImgLib2 in and out, as a script does: an ImagePlus
	 * given for "image" is wrapped, with its axes and title; the result comes
	 * back as a hyperstack of its axes, titled as the command names it.
	 */
	private ImagePlus predict(final Object... keysAndValues) throws Exception {
		final CommandModule module = runner.run(PredictCommand.class, imgArguments(
			keysAndValues));
		final Img<?> prediction = (Img<?>) module.getOutput("prediction");
		@SuppressWarnings("unchecked")
		final ImagePlus imp = ResultImages.toImagePlus(
			(RandomAccessibleInterval<? extends RealType<?>>) prediction, ImageAxes
				.of((String) module.getOutput("prediction_axes")), (String) module
					.getOutput("prediction_title"));
		return imp;
	}

	private String failure(final Object... keysAndValues) {
		return runner.failure(PredictCommand.class, imgArguments(keysAndValues));
	}

	static Object[] imgArguments(final Object... keysAndValues) {
		final List<Object> args = new ArrayList<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			final Object v = keysAndValues[i + 1];
			if (v instanceof ImagePlus) {
				final ImagePlus imp = (ImagePlus) v;
				args.addAll(Arrays.asList(keysAndValues[i], ImagePlusConverter.wrap(
					imp), "image_axes", ImagePlusConverter.axesOf(imp), "image_title", imp
						.getTitle()));
			}
			else args.addAll(Arrays.asList(keysAndValues[i], v));
		}
		return args.toArray();
	}

	@Test
	public void probabilitiesAreThoseOfTheLibraryPipelineInTheModelsChannelOrder()
		throws Exception
	{
		final ImagePlus image = TestImages.rgb("vessels.tif", 1, 80, 60, 1);
		final ImagePlus p = predict("model_file", rgbModel, "image", image);
		assertEquals("vessels-cenet-probabilities", p.getTitle());
		assertEquals(32, p.getBitDepth());
		assertEquals(80, p.getWidth());
		assertEquals(60, p.getHeight());
		assertEquals(1, p.getStackSize());

		final RandomAccessibleInterval<FloatType> normalised = Normalization.scale()
			.normalize(ImagePlusConverter.toFloatImg(image));
		final PredictionSettings settings = PredictionSettings.builder().tileSize(
			TestModels.TRAINING_SIZE).build();
		final Img<FloatType> bgr, rgb;
		// the command's own session: a second one would double TensorFlow's memory
		try (CENetModelService.Lease model = runner.context().service(
			CENetModelService.class).open(rgbModel, false))
		{
			final Predictor predictor = new Predictor(model.model().network(),
				settings);
			bgr = predictor.probabilities(ChannelOrder.BGR.fromRgb(normalised),
				ProgressListener.NONE);
			rgb = predictor.probabilities(normalised, ProgressListener.NONE);
		}
		final float[] pixels = (float[]) p.getProcessor().getPixels();
		double maxDifference = 0, orderEffect = 0;
		int i = 0;
		for (final FloatType expected : bgr) {
			maxDifference = Math.max(maxDifference, Math.abs(expected.get() -
				pixels[i++]));
		}
		i = 0;
		for (final FloatType other : rgb)
			orderEffect = Math.max(orderEffect, Math.abs(other.get() - pixels[i++]));
		assertEquals(0, maxDifference, 1e-6);
		// the comparison can tell the channel orders apart
		assertTrue("channel order changes the output by " + orderEffect,
			orderEffect > 1e-3);
	}

	@Test
	public void maskAndLabelsThresholdTheProbabilities() throws Exception {
		final ImagePlus image = TestImages.rgb("a", 2, 64, 64, 1);
		final ImageProcessor p = predict("model_file", rgbModel, "image", image,
			"output", "probabilities").getProcessor();
		final double threshold = median(p);
		final ImagePlus mask = predict("model_file", rgbModel, "image", image,
			"output", "mask", "threshold", threshold);
		final ImagePlus labels = predict("model_file", rgbModel, "image", image,
			"output", "labels", "threshold", threshold);
		assertEquals("a-cenet-mask", mask.getTitle());
		assertEquals(8, mask.getBitDepth());
		assertEquals(8, labels.getBitDepth());
		int foreground = 0;
		for (int i = 0; i < p.getPixelCount(); i++) {
			final boolean expected = p.getf(i) >= threshold;
			assertEquals(expected ? 255 : 0, mask.getProcessor().get(i));
			assertEquals(expected ? 1 : 0, labels.getProcessor().get(i));
			if (expected) foreground++;
		}
		assertTrue(foreground > 0 && foreground < p.getPixelCount());
	}

	/**
	 * A model with a calibrated threshold (here the lower quartile of the
	 * probabilities) gives masks at that threshold by default, and records it; an
	 * explicit threshold wins; a model without one (written before the
	 * calibration, or imported) uses 0.5.
	 */
	@Test
	public void masksUseTheModelsThresholdUnlessOneIsGiven() throws Exception {
		final ImagePlus image = TestImages.rgb("a", 2, 64, 64, 1);
		final ImageProcessor p = predict("model_file", rgbModel, "image", image,
			"output", "probabilities").getProcessor();
		final float[] sorted = ((float[]) p.getPixels()).clone();
		Arrays.sort(sorted);
		final double quartile = sorted[sorted.length / 4];
		final File calibrated = TestModels.withThreshold(rgbModel, quartile);

		final CommandModule byDefault = runner.run(PredictCommand.class,
			imgArguments("model_file", calibrated, "image", image, "output", "mask"));
		assertMask(p, quartile, byDefault);
		assertTrue((String) byDefault.getOutput("prediction_info"),
			((String) byDefault.getOutput("prediction_info")).contains(
				"cenet.threshold = " + quartile + "\n"));

		final CommandModule explicit = runner.run(PredictCommand.class,
			imgArguments("model_file", calibrated, "image", image, "output", "mask",
				"threshold", 0.5));
		assertMask(p, 0.5, explicit);
		assertTrue(((String) explicit.getOutput("prediction_info")).contains(
			"cenet.threshold = 0.5\n"));

		final CommandModule uncalibrated = runner.run(PredictCommand.class,
			imgArguments("model_file", rgbModel, "image", image, "output", "labels"));
		assertTrue(((String) uncalibrated.getOutput("prediction_info")).contains(
			"cenet.threshold = 0.5\n"));
		final ImageProcessor labels = imageOf(uncalibrated).getProcessor();
		int differ = 0;
		for (int i = 0; i < p.getPixelCount(); i++) {
			assertEquals(p.getf(i) >= 0.5 ? 1 : 0, labels.get(i));
			if ((p.getf(i) >= 0.5) != (p.getf(i) >= quartile)) differ++;
		}
		assertTrue("the two thresholds give the same mask", differ > 0);
	}

	private static ImagePlus imageOf(final CommandModule module) {
		@SuppressWarnings("unchecked")
		final ImagePlus imp = ResultImages.toImagePlus(
			(RandomAccessibleInterval<? extends RealType<?>>) module.getOutput(
				"prediction"), ImageAxes.of((String) module.getOutput(
					"prediction_axes")), (String) module.getOutput("prediction_title"));
		return imp;
	}

	private static void assertMask(final ImageProcessor probabilities,
		final double threshold, final CommandModule module)
	{
		final ImageProcessor mask = imageOf(module).getProcessor();
		for (int i = 0; i < probabilities.getPixelCount(); i++)
			assertEquals("pixel " + i, probabilities.getf(i) >= threshold ? 255 : 0,
				mask.get(i));
	}

	@Test
	public void stacksArePredictedPlaneByPlane() throws Exception {
		final ImagePlus stack = TestImages.rgb("stack", 3, 64, 64, 2);
		final ImagePlus p = predict("model_file", rgbModel, "image", stack);
		assertEquals(2, p.getStackSize());
		assertEquals(2, p.getNSlices());
		final ImagePlus second = predict("model_file", rgbModel, "image", TestImages
			.rgb("one", 4, 64, 64, 1));
		final float[] expected = (float[]) second.getProcessor().getPixels();
		final float[] actual = (float[]) p.getStack().getProcessor(2).getPixels();
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], 1e-6);
	}

	/**
	 * Asked for a GPU, Predict says in the Log where it runs, as CE-Net Train
	 * does: a user whose GPU is not used learns it there, not on a console.
	 */
	@Test
	public void useGpuSaysInTheLogWhereItRuns() throws Exception {
		final List<String> logged = new ArrayList<>();
		final org.scijava.log.LogListener listener = m -> {
			if (m.source() != null && m.source().path().contains(
				CommandProgress.LOG_SOURCE)) logged.add(m.text());
		};
		final org.scijava.log.LogService log = runner.context().service(
			org.scijava.log.LogService.class);
		log.addLogListener(listener);
		try {
			predict("model_file", rgbModel, "image", TestImages.rgb("a", 1, 64, 64,
				1), "use_gpu", true);
			assertTrue(logged.toString(), logged.stream().anyMatch(l -> l.equals(
				"CE-Net Predict: " + sc.fiji.cenet.model.DevicePlacement.describe(
					true))));
			logged.clear();
			predict("model_file", rgbModel, "image", TestImages.rgb("a", 1, 64, 64,
				1));
			assertTrue(logged.toString(), logged.stream().noneMatch(l -> l.contains(
				"runs on")));
		}
		finally {
			log.removeLogListener(listener);
		}
	}

	@Test
	public void grayImagesNeedConvertChannels() throws Exception {
		final ImagePlus gray = new ImagePlus("gray", new ByteProcessor(64, 64));
		assertEquals(
			"gray: the model expects 3 channels, the image has 1; tick convert_channels",
			failure("model_file", rgbModel, "image", gray, "convert_channels",
				false));
		final ImagePlus p = predict("model_file", rgbModel, "image", gray,
			"convert_channels", true);
		assertEquals(64, p.getWidth());
		// what cannot be converted says what to do
		final ij.ImageStack two = new ij.ImageStack(64, 64);
		two.addSlice(new ByteProcessor(64, 64));
		two.addSlice(new ByteProcessor(64, 64));
		final ImagePlus twoChannels = new ImagePlus("two", two);
		twoChannels.setDimensions(2, 1, 1);
		assertEquals("two: the model expects 3 channels, the image has 2, which " +
			"cannot be converted (only gray <-> colour): make the image RGB " +
			"(Image > Color > Stack to RGB) or pick its channels (Image > " +
			"Duplicate... with the channels wanted)", failure("model_file", rgbModel,
				"image", new ij.CompositeImage(twoChannels)));
	}

	@Test
	public void wideImagesForAnEightBitModelAreRefusedNamingTheImage()
		throws Exception
	{
		final File grayModel = TestModels.file(new CENetConfig(1, 1), "RGB");
		final ShortProcessor twelveBit = new ShortProcessor(64, 64);
		for (int i = 0; i < 64 * 64; i++)
			twelveBit.set(i, i % 4096);
		assertEquals(
			"cells.tif: the model was trained on 8-bit images (values 0-255) but this 16-bit image holds " +
				"values up to 4095; convert it to 8-bit (Image > Type > 8-bit) first",
			failure("model_file", grayModel, "image", new ImagePlus("cells.tif",
				twelveBit)));
		final ShortProcessor eightBitValues = new ShortProcessor(64, 64);
		for (int i = 0; i < 64 * 64; i++)
			eightBitValues.set(i, i % 256);
		assertEquals(64, predict("model_file", grayModel, "image", new ImagePlus(
			"small.tif", eightBitValues)).getWidth());
	}

	@Test
	public void severalClassesGiveLabelsByDefault() throws Exception {
		final File model = TestModels.file(new CENetConfig(3, 2), "RGB");
		final ImagePlus labels = predict("model_file", model, "image", TestImages
			.rgb("two", 5, 64, 64, 1));
		assertEquals("two-cenet-labels", labels.getTitle());
		assertEquals(8, labels.getBitDepth());
		final ImageProcessor ip = labels.getProcessor();
		for (int i = 0; i < ip.getPixelCount(); i++)
			assertTrue(ip.get(i) <= 1);
		final ImagePlus probabilities = predict("model_file", model, "image",
			TestImages.rgb("two", 5, 64, 64, 1), "output", "probabilities");
		assertEquals(2, probabilities.getNChannels());
	}

	@Test
	public void badInputsAreReportedTogether() {
		final String message = failure("model_file", new File("/no/model.cenet"),
			"image", TestImages.rgb("x", 1, 32, 32, 1), "output", "outlines",
			"tile_size", 200, "threshold", 1.5);
		assertEquals(
			"model_file does not exist: /no/model.cenet; output must be one of auto, " +
				"probabilities, mask, labels, not 'outlines'; threshold must lie in [0, 1] or be -1 (the " +
				"model's threshold), not 1.5; " +
				"tile_size must be 0 (the model's training size) or a multiple of 32 of at least 192, not 200",
			message);
	}

	@Test
	public void missingImageIsReported() {
		// SciJava's own check, before the command runs; the ImageJ bridge has its
		// own
		assertEquals("cancelled: 'image' is required but unset.", failure(
			"model_file", rgbModel));
	}

	private static double median(final ImageProcessor ip) {
		final float[] v = ((float[]) ip.getPixels()).clone();
		java.util.Arrays.sort(v);
		return v[v.length / 2];
	}
}
