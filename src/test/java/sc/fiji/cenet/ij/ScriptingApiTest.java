
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.junit.Test;
import org.scijava.Context;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.imagej.ImagePlusConverter;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.predict.Segmentation;
import sc.fiji.cenet.progress.ProgressListener;
import sc.fiji.cenet.service.CENetModelService;

/**
 * The calls of sample-data/scripts/segment_image.groovy, made from Java (Fiji's
 * script editor is not here): if the API they use changes, this fails. The
 * Jython script's call, CE-Net Predict through CommandService with an ImgLib2
 * image, is {@link PredictImgTest}'s.
 */
public class ScriptingApiTest {

	private static final String GROOVY =
		"sample-data/scripts/segment_image.groovy";
	private static final String JYTHON = "sample-data/scripts/segment_image.py";

	@Test
	public void theGroovyScriptsCallsSegmentAnImage() throws Exception {
		final String script = new String(Files.readAllBytes(Paths.get(GROOVY)),
			StandardCharsets.UTF_8);
		for (final String call : new String[] { "ImagePlusConverter.wrap(imp)",
			"ImageAxes.of(ImagePlusConverter.axesOf(imp))",
			"PredictionSettings.forModel(lease.model().trainedModel()).output(output).build()",
			"models.open(model_file, false)",
			"lease.model().segment(image, axes, settings, ProgressListener.NONE)",
			"segmentation.img()", "lease.close()",
			"#@ sc.fiji.cenet.service.CENetModelService models" })
			assertTrue(GROOVY + " no longer calls " + call, script.contains(call));

		final File modelFile = TestModels.file(new CENetConfig(3, 1), "RGB");
		final ColorProcessor cp = new ColorProcessor(64, 48);
		for (int i = 0; i < 64 * 48; i++)
			cp.set(i, (i * 5 % 256) << 16 | (i % 256) << 8 | i * 3 % 256);
		final ImagePlus imp = new ImagePlus("a.tif", cp);
		final String output = "mask";
		final Context context = new Context(CENetModelService.class);
		try {
			final CENetModelService models = context.service(CENetModelService.class);
			// as in the script
			final Object image = ImagePlusConverter.wrap(imp);
			final ImageAxes axes = ImageAxes.of(ImagePlusConverter.axesOf(imp));
			final CENetModelService.Lease lease = models.open(modelFile, false);
			final Img<? extends RealType<?>> result;
			try {
				final PredictionSettings settings = PredictionSettings.forModel(lease
					.model().trainedModel()).output(output).build();
				@SuppressWarnings("unchecked")
				final Segmentation segmentation = lease.model().segment(
					(net.imglib2.RandomAccessibleInterval<? extends RealType<?>>) image,
					axes, settings, ProgressListener.NONE);
				assertEquals("XY", segmentation.axes().toString());
				result = segmentation.img();
			}
			finally {
				lease.close();
			}
			assertEquals("XYC", axes.toString());
			assertArrayEquals(new long[] { 64, 48 }, result.dimensionsAsLongArray());
			for (final RealType<?> v : result)
				assertTrue(v.getRealDouble() == 0 || v.getRealDouble() == 255);
		}
		finally {
			context.dispose();
		}
	}

	/**
	 * The script's settings are CE-Net Predict's for the model: a model trained
	 * at 192 with a calibrated threshold gives the command's mask, not the one of
	 * the builder's generic defaults.
	 */
	@Test
	public void theScriptsMaskIsCENetPredictsMask() throws Exception {
		final File modelFile = TestModels.withThreshold(TestModels.file(
			new CENetConfig(3, 1), "RGB"), 0.3);
		final ColorProcessor cp = new ColorProcessor(230, 200);
		for (int i = 0; i < 230 * 200; i++)
			cp.set(i, (i * 5 % 256) << 16 | (i % 256) << 8 | i * 3 % 256);
		final ImagePlus imp = new ImagePlus("a.tif", cp);
		try (sc.fiji.cenet.predict.CENetModel model =
			sc.fiji.cenet.predict.CENetModel.open(modelFile.toPath(), false))
		{
			final ImageAxes axes = ImageAxes.of(ImagePlusConverter.axesOf(imp));
			final PredictionSettings script = PredictionSettings.forModel(model
				.trainedModel()).output("mask").build();
			// what CE-Net Predict gives with its defaults (output=mask)
			final PredictionSettings command =
				new sc.fiji.cenet.commands.PredictionOptions(modelFile, "mask", "auto",
					0, -1, false,
					sc.fiji.cenet.commands.PredictionOptions.MODEL_THRESHOLD, false, true)
					.settings(model.trainedModel());
			assertEquals(command, script);
			final byte[] fromScript = bytes(model.segment(ImagePlusConverter.wrap(
				imp), axes, script, ProgressListener.NONE).img()), fromCommand = bytes(
					model.segment(ImagePlusConverter.wrap(imp), axes, command,
						ProgressListener.NONE).img());
			assertArrayEquals(fromCommand, fromScript);
			final byte[] generic = bytes(model.segment(ImagePlusConverter.wrap(imp),
				axes, PredictionSettings.builder().output("mask").build(),
				ProgressListener.NONE).img());
			assertTrue(
				"the builder's generic defaults (threshold 0.5, 448 tiles) differ for this model",
				!java.util.Arrays.equals(fromCommand, generic));
		}
	}

	private static byte[] bytes(final Img<? extends RealType<?>> mask) {
		final byte[] b = new byte[(int) mask.size()];
		int i = 0;
		for (final RealType<?> v : net.imglib2.view.Views.flatIterable(mask))
			b[i++] = (byte) v.getRealDouble();
		return b;
	}

	@Test
	public void theJythonScriptRunsCENetPredictWithAnImg() throws Exception {
		final String script = new String(Files.readAllBytes(Paths.get(JYTHON)),
			StandardCharsets.UTF_8);
		for (final String call : new String[] {
			"from sc.fiji.cenet.commands import PredictCommand",
			"command.run(PredictCommand, True,", "\"image_axes\", axes",
			"getOutput(\"prediction\")", "getOutput(\"prediction_axes\")" })
			assertTrue(JYTHON + " no longer calls " + call, script.contains(call));
	}
}
