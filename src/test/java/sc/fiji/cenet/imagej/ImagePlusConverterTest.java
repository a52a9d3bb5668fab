
package sc.fiji.cenet.imagej;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

public class ImagePlusConverterTest {

	private static float at(final Img<FloatType> img, final long... pos) {
		final RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get().get();
	}

	@Test
	public void eightBitIsXY() {
		final ByteProcessor bp = new ByteProcessor(4, 3);
		bp.set(2, 1, 200);
		final Img<FloatType> img = ImagePlusConverter.toFloatImg(new ImagePlus("b",
			bp));
		assertArrayEquals(new long[] { 4, 3 }, img.dimensionsAsLongArray());
		assertEquals(200f, at(img, 2, 1), 0);
		assertEquals(0f, at(img, 1, 2), 0);
	}

	@Test
	public void sixteenBitIsUnsigned() {
		final ShortProcessor sp = new ShortProcessor(3, 2);
		sp.set(1, 1, 65000);
		assertEquals(65000f, at(ImagePlusConverter.toFloatImg(new ImagePlus("s",
			sp)), 1, 1), 0);
	}

	@Test
	public void thirtyTwoBitKeepsValues() {
		final FloatProcessor fp = new FloatProcessor(3, 2);
		fp.setf(0, 1, -1.25f);
		fp.setf(2, 0, Float.NaN);
		final Img<FloatType> img = ImagePlusConverter.toFloatImg(new ImagePlus("f",
			fp));
		assertEquals(-1.25f, at(img, 0, 1), 0);
		assertEquals(Float.NaN, at(img, 2, 0), 0);
	}

	@Test
	public void rgbBecomesThreeChannelsRGB() {
		final ColorProcessor cp = new ColorProcessor(2, 2);
		cp.set(1, 0, (10 << 16) | (20 << 8) | 30);
		final Img<FloatType> img = ImagePlusConverter.toFloatImg(new ImagePlus(
			"rgb", cp));
		assertArrayEquals(new long[] { 2, 2, 3 }, img.dimensionsAsLongArray());
		assertEquals(10f, at(img, 1, 0, 0), 0);
		assertEquals(20f, at(img, 1, 0, 1), 0);
		assertEquals(30f, at(img, 1, 0, 2), 0);
	}

	@Test
	public void rgbStackBecomesXYCZ() {
		final ImageStack stack = new ImageStack(2, 1);
		for (int z = 0; z < 2; z++) {
			final ColorProcessor cp = new ColorProcessor(2, 1);
			cp.set(0, 0, ((z + 1) << 16) | ((z + 3) << 8) | (z + 5));
			stack.addSlice(cp);
		}
		final Img<FloatType> img = ImagePlusConverter.toFloatImg(new ImagePlus(
			"rgb stack", stack));
		assertArrayEquals(new long[] { 2, 1, 3, 2 }, img.dimensionsAsLongArray());
		assertEquals(2f, at(img, 0, 0, 0, 1), 0);
		assertEquals(4f, at(img, 0, 0, 1, 1), 0);
		assertEquals(6f, at(img, 0, 0, 2, 1), 0);
	}

	/** Pixel value encodes (c, z, t) so any axis mix-up shows. */
	@Test
	public void hyperstackIsXYCZT() {
		final int c = 2, z = 3, t = 2;
		final ImagePlus imp = IJ.createHyperStack("h", 2, 2, c, z, t, 16);
		for (int ti = 0; ti < t; ti++)
			for (int zi = 0; zi < z; zi++)
				for (int ci = 0; ci < c; ci++)
					imp.getStack().getProcessor(imp.getStackIndex(ci + 1, zi + 1, ti + 1))
						.set(1, 0, 100 * ci + 10 * zi + ti);
		final Img<FloatType> img = ImagePlusConverter.toFloatImg(imp);
		assertArrayEquals(new long[] { 2, 2, c, z, t }, img
			.dimensionsAsLongArray());
		assertEquals(121f, at(img, 1, 0, 1, 2, 1), 0);
		assertEquals(10f, at(img, 1, 0, 0, 1, 0), 0);

		final ImagePlus back = ImagePlusConverter.toFloatImagePlus(img, "back");
		assertEquals(c, back.getNChannels());
		assertEquals(z, back.getNSlices());
		assertEquals(t, back.getNFrames());
		assertEquals(121f, back.getStack().getProcessor(back.getStackIndex(2, 3, 2))
			.getf(1, 0), 0);
	}

	@Test
	public void zOnlyStackDropsSingletonChannels() {
		final ImagePlus imp = IJ.createImage("z", "8-bit black", 3, 2, 4);
		assertArrayEquals(new long[] { 3, 2, 4 }, ImagePlusConverter.toFloatImg(imp)
			.dimensionsAsLongArray());
	}

	@Test
	public void floatImgToImagePlusHasTitleAndValues() {
		final Img<FloatType> img = ArrayImgs.floats(new float[] { 0.5f, 1.5f, -2, 3,
			4, 5 }, 3, 2);
		final ImagePlus imp = ImagePlusConverter.toImagePlus(img, "probabilities");
		assertEquals("probabilities", imp.getTitle());
		assertEquals(ImagePlus.GRAY32, imp.getType());
		assertEquals(-2f, imp.getProcessor().getf(2, 0), 0);
		assertEquals(5f, imp.getProcessor().getf(2, 1), 0);
	}

	@Test
	public void unsignedByteImgBecomesEightBit() {
		final Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 0,
			(byte) 255, 7, 9 }, 2, 2);
		final ImagePlus imp = ImagePlusConverter.toImagePlus(img, "mask");
		assertEquals(ImagePlus.GRAY8, imp.getType());
		assertEquals(255, imp.getProcessor().get(1, 0));
	}

	@Test
	public void byteConversionRoundsAndClamps() {
		final Img<FloatType> img = ArrayImgs.floats(new float[] { -3, 1.6f, 300,
			254.4f }, 2, 2);
		final ImagePlus imp = ImagePlusConverter.toByteImagePlus(img, "clamped");
		assertArrayEquals(new byte[] { 0, 2, (byte) 255, (byte) 254 }, (byte[]) imp
			.getProcessor().getPixels());
	}

	@Test
	public void offsetIntervalsConvert() {
		final Img<FloatType> img = ArrayImgs.floats(new float[] { 1, 2, 3, 4, 5,
			6 }, 3, 2);
		final ImagePlus imp = ImagePlusConverter.toFloatImagePlus(Views.interval(
			img, new long[] { 1, 0 }, new long[] { 2, 1 }), "crop");
		assertArrayEquals(new float[] { 2, 3, 5, 6 }, (float[]) imp.getProcessor()
			.getPixels(), 0);
	}

	@Test
	public void rgbRoundTripsThroughChannels() {
		final ColorProcessor cp = new ColorProcessor(3, 1);
		cp.set(2, 0, (200 << 16) | (100 << 8) | 50);
		final ImagePlus back = ImagePlusConverter.toFloatImagePlus(
			ImagePlusConverter.toFloatImg(new ImagePlus("rgb", cp)), "back");
		assertEquals(3, back.getNChannels());
		assertEquals(100f, back.getStack().getProcessor(2).getf(2, 0), 0);
	}

	@Test
	public void sixDimensionsAreRejected() {
		try {
			ImagePlusConverter.toFloatImagePlus(ArrayImgs.floats(1, 1, 1, 1, 1, 1),
				"x");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals(
				"Only images with 2 to 5 dimensions (X, Y, C, Z, T) convert to ImagePlus, not 6",
				e.getMessage());
		}
	}
}
