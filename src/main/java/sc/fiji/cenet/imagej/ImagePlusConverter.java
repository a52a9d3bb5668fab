
package sc.fiji.cenet.imagej;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Copies between ImageJ 1.x images and ImgLib2 images (imglib2-ij is not a
 * dependency). Axes follow the library convention: X, Y, then C when there is
 * more than one channel (RGB counts as three: R, G, B), then Z and T when
 * present; singleton C, Z and T are dropped.
 */
public final class ImagePlusConverter {

	private ImagePlusConverter() {}

	/**
	 * Wraps an image without copying it: the pixels stay in the ImagePlus's
	 * arrays. 8-bit gives {@link UnsignedByteType}, 16-bit
	 * {@link UnsignedShortType}, 32-bit {@link FloatType}, RGB three
	 * {@link UnsignedByteType} channels (R, G, B). Axes as {@link #axesOf}.
	 * <p>
	 * Not {@code net.imglib2:imglib2-imagej} (the successor of imglib2-ij, whose
	 * wrappers do the same): its module needs imglib2-cache, which is not on
	 * Maven Central, and Fiji (pom-scijava 40) ships imglib2-ij, not it, so it
	 * would be one more jar to install for one ArrayImgs call per plane.
	 * </p>
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> wrap(
		final ImagePlus imp)
	{
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
			case ImagePlus.COLOR_256:
				return wrap(imp, i -> ArrayImgs.unsignedBytes((byte[]) imp.getStack()
					.getPixels(i), imp.getWidth(), imp.getHeight()));
			case ImagePlus.GRAY16:
				return wrap(imp, i -> ArrayImgs.unsignedShorts((short[]) imp.getStack()
					.getPixels(i), imp.getWidth(), imp.getHeight()));
			case ImagePlus.GRAY32:
				return wrap(imp, i -> ArrayImgs.floats((float[]) imp.getStack()
					.getPixels(i), imp.getWidth(), imp.getHeight()));
			case ImagePlus.COLOR_RGB:
				if (imp.getNChannels() > 1) throw new IllegalArgumentException(imp
					.getTitle() +
					": an RGB image with several channels; split or convert it first");
				return wrap(imp, i -> Converters.argbChannels(ArrayImgs.argbs(
					(int[]) imp.getStack().getPixels(i), imp.getWidth(), imp.getHeight()),
					1, 2, 3));
			default:
				throw new IllegalArgumentException(imp.getTitle() +
					": unsupported image type " + imp.getType());
		}
	}

	/**
	 * The axes of {@link #wrap} and {@link #toFloatImg}: X, Y, then C when there
	 * is more than one channel (RGB counts as three), then Z and T when there is
	 * more than one of each; e.g. "XYC" or "XYZT".
	 */
	public static String axesOf(final ImagePlus imp) {
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		return "XY" + (rgb || imp.getNChannels() > 1 ? "C" : "") + (imp
			.getNSlices() > 1 ? "Z" : "") + (imp.getNFrames() > 1 ? "T" : "");
	}

	/**
	 * Stacks the planes, of stack index c + C*(z + Z*t), by channel, slice and
	 * frame.
	 */
	private static <T> RandomAccessibleInterval<T> wrap(final ImagePlus imp,
		final java.util.function.IntFunction<RandomAccessibleInterval<T>> plane)
	{
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		final List<RandomAccessibleInterval<T>> frames = new ArrayList<>();
		for (int t = 1; t <= imp.getNFrames(); t++) {
			final List<RandomAccessibleInterval<T>> slices = new ArrayList<>();
			for (int z = 1; z <= imp.getNSlices(); z++) {
				final List<RandomAccessibleInterval<T>> channels = new ArrayList<>();
				for (int c = 1; c <= imp.getNChannels(); c++)
					channels.add(plane.apply(imp.getStackIndex(c, z, t)));
				// RGB planes carry their channel axis already
				slices.add(rgb || channels.size() == 1 ? channels.get(0) : Views.stack(
					channels));
			}
			frames.add(slices.size() == 1 ? slices.get(0) : Views.stack(slices));
		}
		return frames.size() == 1 ? frames.get(0) : Views.stack(frames);
	}

	/**
	 * Copies any 8-, 16-, 32-bit or RGB image (stacks and hyperstacks too) to
	 * float.
	 */
	public static Img<FloatType> toFloatImg(final ImagePlus imp) {
		final int w = imp.getWidth(), h = imp.getHeight();
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		final int channels = imp.getNChannels() * (rgb ? 3 : 1);
		final int slices = imp.getNSlices(), frames = imp.getNFrames();
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(dimensions(w,
			h, channels, slices, frames));
		final float[] out = img.update(null).getCurrentStorageArray();
		final ImageStack stack = imp.getStack();
		final int plane = w * h;
		for (int t = 0; t < frames; t++) {
			for (int z = 0; z < slices; z++) {
				for (int c = 0; c < imp.getNChannels(); c++) {
					final ImageProcessor ip = stack.getProcessor(imp.getStackIndex(c + 1,
						z + 1, t + 1));
					// (x, y, c, z, t) -> x + w*(y + h*(c + C*(z + Z*t))); absent axes
					// have size 1
					final int channel0 = rgb ? 3 * c : c;
					final int offset = plane * (channel0 + channels * (z + slices * t));
					if (rgb) copyRgb((int[]) ip.getPixels(), out, offset, plane);
					else for (int i = 0; i < plane; i++)
						out[offset + i] = ip.getf(i);
				}
			}
		}
		return img;
	}

	private static void copyRgb(final int[] pixels, final float[] out,
		final int offset, final int plane)
	{
		for (int i = 0; i < plane; i++) {
			final int p = pixels[i];
			out[offset + i] = (p >> 16) & 0xff;
			out[offset + plane + i] = (p >> 8) & 0xff;
			out[offset + 2 * plane + i] = p & 0xff;
		}
	}

	private static long[] dimensions(final int w, final int h, final int c,
		final int z, final int t)
	{
		final long[] all = { w, h, c, z, t };
		int n = 2;
		for (int d = 2; d < 5; d++)
			if (all[d] > 1) n++;
		final long[] dims = new long[n];
		dims[0] = w;
		dims[1] = h;
		int i = 2;
		for (int d = 2; d < 5; d++)
			if (all[d] > 1) dims[i++] = all[d];
		return dims;
	}

	/**
	 * Copies to an ImageJ image: 8-bit when the pixel type is
	 * {@link UnsignedByteType}, 32-bit otherwise.
	 *
	 * @see #toFloatImagePlus
	 */
	public static ImagePlus toImagePlus(
		final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title)
	{
		return img.getType() instanceof UnsignedByteType ? toByteImagePlus(img,
			title) : toFloatImagePlus(img, title);
	}

	/**
	 * Copies to a 32-bit image. Dimension 2 becomes channels, 3 slices and 4
	 * frames, so an (X, Y, C) image comes back as a multi-channel image.
	 */
	public static ImagePlus toFloatImagePlus(
		final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title)
	{
		return toImagePlus(img, title, false);
	}

	/** Copies to an 8-bit image, rounding and clamping values to [0, 255]. */
	public static ImagePlus toByteImagePlus(
		final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title)
	{
		return toImagePlus(img, title, true);
	}

	private static ImagePlus toImagePlus(
		final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title, final boolean bytes)
	{
		final int n = img.numDimensions();
		if (n < 2 || n > 5) throw new IllegalArgumentException(
			"Only images with 2 to 5 dimensions (X, Y, C, Z, T) convert to ImagePlus, not " +
				n);
		final long[] dims = new long[5];
		for (int d = 0; d < 5; d++)
			dims[d] = d < n ? img.dimension(d) : 1;
		if (dims[0] * dims[1] > Integer.MAX_VALUE)
			throw new IllegalArgumentException("A plane of " + dims[0] + "x" +
				dims[1] + " is too large for ImageJ");
		final int w = (int) dims[0], h = (int) dims[1];
		final int channels = (int) dims[2], slices = (int) dims[3], frames =
			(int) dims[4];
		final ImageStack stack = new ImageStack(w, h);
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(img)
			.cursor();
		// Flat iteration order is X fastest, then Y, C, Z, T: the same as ImageJ's
		// stack order.
		for (int p = 0; p < channels * slices * frames; p++) {
			final ImageProcessor ip = bytes ? new ByteProcessor(w, h)
				: new FloatProcessor(w, h);
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
