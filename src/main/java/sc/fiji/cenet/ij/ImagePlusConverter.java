package sc.fiji.cenet.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Copies between ImageJ 1.x images and ImgLib2 images (imglib2-ij is not a
 * dependency). Axes follow the library convention: X, Y, then C when there is
 * more than one channel (RGB counts as three: R, G, B), then Z and T when
 * present; singleton C, Z and T are dropped.
 */
public final class ImagePlusConverter {

	private ImagePlusConverter() {}

	/** Copies any 8-, 16-, 32-bit or RGB image (stacks and hyperstacks too) to float. */
	public static Img<FloatType> toFloatImg(final ImagePlus imp) {
		final int w = imp.getWidth(), h = imp.getHeight();
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		final int channels = imp.getNChannels() * (rgb ? 3 : 1);
		final int slices = imp.getNSlices(), frames = imp.getNFrames();
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(dimensions(w, h, channels,
			slices, frames));
		final float[] out = img.update(null).getCurrentStorageArray();
		final ImageStack stack = imp.getStack();
		final int plane = w * h;
		for (int t = 0; t < frames; t++) {
			for (int z = 0; z < slices; z++) {
				for (int c = 0; c < imp.getNChannels(); c++) {
					final ImageProcessor ip = stack.getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1));
					// (x, y, c, z, t) -> x + w*(y + h*(c + C*(z + Z*t))); absent axes have size 1
					final int channel0 = rgb ? 3 * c : c;
					final int offset = plane * (channel0 + channels * (z + slices * t));
					if (rgb) copyRgb((int[]) ip.getPixels(), out, offset, plane);
					else for (int i = 0; i < plane; i++) out[offset + i] = ip.getf(i);
				}
			}
		}
		return img;
	}

	private static void copyRgb(final int[] pixels, final float[] out, final int offset,
		final int plane)
	{
		for (int i = 0; i < plane; i++) {
			final int p = pixels[i];
			out[offset + i] = (p >> 16) & 0xff;
			out[offset + plane + i] = (p >> 8) & 0xff;
			out[offset + 2 * plane + i] = p & 0xff;
		}
	}

	private static long[] dimensions(final int w, final int h, final int c, final int z,
		final int t)
	{
		final long[] all = { w, h, c, z, t };
		int n = 2;
		for (int d = 2; d < 5; d++) if (all[d] > 1) n++;
		final long[] dims = new long[n];
		dims[0] = w;
		dims[1] = h;
		int i = 2;
		for (int d = 2; d < 5; d++) if (all[d] > 1) dims[i++] = all[d];
		return dims;
	}

	/**
	 * Copies to an ImageJ image: 8-bit when the pixel type is
	 * {@link UnsignedByteType}, 32-bit otherwise.
	 *
	 * @see #toFloatImagePlus
	 */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title)
	{
		return img.getType() instanceof UnsignedByteType ? toByteImagePlus(img, title) : toFloatImagePlus(img,
			title);
	}

	/**
	 * Copies to a 32-bit image. Dimension 2 becomes channels, 3 slices and 4
	 * frames, so an (X, Y, C) image comes back as a multi-channel image.
	 */
	public static ImagePlus toFloatImagePlus(
		final RandomAccessibleInterval<? extends RealType<?>> img, final String title)
	{
		return toImagePlus(img, title, false);
	}

	/** Copies to an 8-bit image, rounding and clamping values to [0, 255]. */
	public static ImagePlus toByteImagePlus(
		final RandomAccessibleInterval<? extends RealType<?>> img, final String title)
	{
		return toImagePlus(img, title, true);
	}

	private static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title, final boolean bytes)
	{
		final int n = img.numDimensions();
		if (n < 2 || n > 5) throw new IllegalArgumentException(
			"Only images with 2 to 5 dimensions (X, Y, C, Z, T) convert to ImagePlus, not " + n);
		final long[] dims = new long[5];
		for (int d = 0; d < 5; d++) dims[d] = d < n ? img.dimension(d) : 1;
		if (dims[0] * dims[1] > Integer.MAX_VALUE) throw new IllegalArgumentException(
			"A plane of " + dims[0] + "x" + dims[1] + " is too large for ImageJ");
		final int w = (int) dims[0], h = (int) dims[1];
		final int channels = (int) dims[2], slices = (int) dims[3], frames = (int) dims[4];
		final ImageStack stack = new ImageStack(w, h);
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(img).cursor();
		// Flat iteration order is X fastest, then Y, C, Z, T: the same as ImageJ's stack order.
		for (int p = 0; p < channels * slices * frames; p++) {
			final ImageProcessor ip = bytes ? new ByteProcessor(w, h) : new FloatProcessor(w, h);
			for (int i = 0; i < w * h; i++) {
				final double v = cursor.next().getRealDouble();
				if (bytes) ip.set(i, (int) Math.max(0, Math.min(255, Math.round(v))));
				else ip.setf(i, (float) v);
			}
			stack.addSlice(ip);
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(channels, slices, frames);
		if (stack.getSize() > 1) imp.setOpenAsHyperStack(true);
		if (!bytes) imp.resetDisplayRange();
		return imp;
	}
}
