
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import sc.fiji.cenet.commands.PredictCommand;
import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.imagej.ImagePlusConverter;
import sc.fiji.cenet.model.CENetConfig;

/**
 * CE-Net Predict takes and returns ImgLib2 images: a script's ArrayImg through
 * CommandService gives the same result as the ImageJ 1.x path (an ImagePlus
 * wrapped at the bridge, the result made a hyperstack with the input's
 * calibration and title).
 */
public class PredictImgTest {

	@ClassRule
	public static final StandaloneContext context = new StandaloneContext();
	private static File model;

	@BeforeClass
	public static void setUp() {
		model = TestModels.file(new CENetConfig(3, 1), "BGR");
	}

	/** A 2-slice RGB stack, 70 x 50, with a calibration. */
	private static ImagePlus rgbStack() {
		final ImageStack stack = new ImageStack(70, 50);
		for (int s = 0; s < 2; s++) {
			final ColorProcessor cp = new ColorProcessor(70, 50);
			for (int i = 0; i < 70 * 50; i++)
				cp.set(i, ((i * 7 + s * 50) % 256) << 16 | ((i * 3) % 256) << 8 | (i *
					11 + s) % 256);
			stack.addSlice(cp);
		}
		stack.setSliceLabel("first", 1);
		stack.setSliceLabel("second", 2);
		final ImagePlus imp = new ImagePlus("retina.tif", stack);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = cal.pixelHeight = 0.25;
		cal.setUnit("mm");
		return imp;
	}

	@Test
	public void anArrayImgThroughCommandServiceEqualsTheImagePlusPath()
		throws Exception
	{
		final ImagePlus imp = rgbStack();

		// the ImageJ 1.x path: the bridge wraps the window's image and makes the
		// result a hyperstack
		final PreparedCommand command = PreparedCommand.create(context.get(),
			CommandRegistry.shared().resolve("predict"));
		final InputValues converter = new InputValues((key, value) -> imp);
		final Map<String, Object> outputs = ImageOutputs.toImageJ(command.run(
			converter.convert(command.title(), command.inputs(), MacroOptions.parse(
				"model_file=[" + model + "] image=x output=mask"))), converter
					.source());
		final ImagePlus viaImageJ = (ImagePlus) outputs.get("prediction");
		assertEquals("retina-cenet-mask", viaImageJ.getTitle());
		assertEquals(2, viaImageJ.getNSlices());
		assertEquals(0.25, viaImageJ.getCalibration().pixelWidth, 0);
		assertEquals("mm", viaImageJ.getCalibration().getUnit());
		// each mask plane can be traced to its image plane
		assertEquals("first", viaImageJ.getStack().getSliceLabel(1));
		assertEquals("second", viaImageJ.getStack().getSliceLabel(2));
		assertEquals(model.getAbsolutePath(), viaImageJ.getProp(
			"cenet.model_file"));
		assertTrue("describing outputs fold into the image", !outputs.containsKey(
			"prediction_axes"));

		// a script: an ArrayImg (X, Y, C, Z) of the same pixels, no ImageJ 1.x at
		// all
		final ArrayImg<UnsignedByteType, ?> img = ArrayImgs.unsignedBytes(70, 50, 3,
			2);
		LoopBuilder.setImages(img, ImagePlusConverter.wrap(imp)).forEachPixel((o,
			i) -> o.setReal(i.getRealDouble()));
		final CommandModule module = context.get().service(CommandService.class)
			.run(PredictCommand.class, true, "model_file", model, "image", img,
				"image_axes", "XYCZ", "output", "mask").get();
		final Object prediction = module.getOutput("prediction");
		assertTrue(String.valueOf(prediction), prediction instanceof Img);
		assertEquals("XYZ", module.getOutput("prediction_axes"));
		@SuppressWarnings("unchecked")
		final RandomAccessibleInterval<? extends RealType<?>> result =
			(RandomAccessibleInterval<? extends RealType<?>>) prediction;
		assertArrayEquals(new long[] { 70, 50, 2 }, result.dimensionsAsLongArray());

		final ImagePlus expected = viaImageJ;
		final Img<FloatType> back = ImagePlusConverter.toFloatImg(expected);
		final double[] difference = { 0 };
		final int[] foreground = { 0 };
		LoopBuilder.setImages(back, Views.zeroMin(result)).forEachPixel((e, a) -> {
			difference[0] = Math.max(difference[0], Math.abs(e.getRealDouble() - a
				.getRealDouble()));
			if (a.getRealDouble() > 0) foreground[0]++;
		});
		assertEquals(0, difference[0], 0);
		assertTrue("a mask with both values tells the paths apart",
			foreground[0] > 0 && foreground[0] < 70 * 50 * 2);
	}
}
