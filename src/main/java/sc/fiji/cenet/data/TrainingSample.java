
package sc.fiji.cenet.data;

import java.util.Objects;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * One training example in memory: the image with its raw (not normalised)
 * intensities, the labels and an optional field-of-view mask, all the same
 * width and height. The pixels live in flat arrays (X fastest, then Y, then C)
 * so that resampling and augmentation work on plain loops; the accessors wrap
 * them as ImgLib2 images without copying. Instances are never changed: every
 * operation returns a new sample.
 */
public final class TrainingSample {

	private final String name;
	private final int width;
	private final int height;
	private final int channels;
	private final int bitDepth;
	private final float[] pixels;
	private final byte[] labels;
	private final byte[] fov;

	TrainingSample(String name, int width, int height, int channels, int bitDepth,
		float[] pixels, byte[] labels, byte[] fov)
	{
		this.name = Objects.requireNonNull(name, "name");
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.bitDepth = bitDepth;
		this.pixels = pixels;
		this.labels = labels;
		this.fov = fov;
		int plane = width * height;
		if (pixels.length != plane * channels || labels.length != plane ||
			fov != null && fov.length != plane) throw new IllegalArgumentException(
				"sample " + name + ": array lengths do not match " + width + " x " +
					height + " x " + channels);
	}

	/**
	 * Copies an image and its masks into a sample.
	 *
	 * @param image axes (X, Y) or (X, Y, C), raw intensities
	 * @param bitDepth of the source file (8, 16, 32, 24 = RGB); HSV augmentation
	 *          needs 8 or 24
	 * @param labels (X, Y) class labels 0..N-1 (0/1 for binary)
	 * @param fov (X, Y) field of view (non-zero = inside), or null
	 */
	public static TrainingSample of(String name,
		RandomAccessibleInterval<? extends RealType<?>> image, int bitDepth,
		RandomAccessibleInterval<? extends IntegerType<?>> labels,
		RandomAccessibleInterval<? extends IntegerType<?>> fov)
	{
		if (image.numDimensions() != 2 && image.numDimensions() != 3)
			throw new IllegalArgumentException("sample " + name +
				": image must have axes (X, Y) or (X, Y, C), not " + image
					.numDimensions() + " axes");
		int w = Math.toIntExact(image.dimension(0));
		int h = Math.toIntExact(image.dimension(1));
		int c = image.numDimensions() == 3 ? Math.toIntExact(image.dimension(2))
			: 1;
		requireSize(name, "labels", labels, w, h);
		if (fov != null) requireSize(name, "field-of-view mask", fov, w, h);
		float[] pixels = new float[Math.multiplyExact(w * h, c)];
		int i = 0;
		for (RealType<?> v : Views.flatIterable(image))
			pixels[i++] = v.getRealFloat();
		return new TrainingSample(name, w, h, c, bitDepth, pixels, bytes(name,
			labels, false), fov == null ? null : bytes(name, fov, true));
	}

	public String name() {
		return name;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int channels() {
		return channels;
	}

	public int bitDepth() {
		return bitDepth;
	}

	public boolean hasFov() {
		return fov != null;
	}

	/**
	 * The raw intensities, axes (X, Y) or (X, Y, C); a view of the sample's
	 * array: do not write to it.
	 */
	public Img<FloatType> image() {
		return channels == 1 ? ArrayImgs.floats(pixels, width, height) : ArrayImgs
			.floats(pixels, width, height, channels);
	}

	/**
	 * The labels, axes (X, Y); a view of the sample's array: do not write to it.
	 */
	public Img<UnsignedByteType> labels() {
		return ArrayImgs.unsignedBytes(labels, width, height);
	}

	/**
	 * The field of view (1 inside, 0 outside), or null when the whole image
	 * counts.
	 */
	public Img<UnsignedByteType> fov() {
		return fov == null ? null : ArrayImgs.unsignedBytes(fov, width, height);
	}

	float[] pixelArray() {
		return pixels;
	}

	byte[] labelArray() {
		return labels;
	}

	byte[] fovArray() {
		return fov;
	}

	/** A sample of the same name and bit depth with other arrays. */
	TrainingSample with(int w, int h, float[] newPixels, byte[] newLabels,
		byte[] newFov)
	{
		return new TrainingSample(name, w, h, channels, bitDepth, newPixels,
			newLabels, newFov);
	}

	@Override
	public String toString() {
		return name + " (" + width + " x " + height + (channels > 1 ? " x " +
			channels : "") + ")";
	}

	private static void requireSize(String name, String what,
		RandomAccessibleInterval<?> img, int w, int h)
	{
		if (img.numDimensions() != 2 || img.dimension(0) != w || img.dimension(
			1) != h) throw new IllegalArgumentException("sample " + name + ": " +
				what + " must be " + w + " x " + h + " like the image, not " + Sizes.of(
					img));
	}

	private static byte[] bytes(String name,
		RandomAccessibleInterval<? extends IntegerType<?>> img, boolean binary)
	{
		byte[] out = new byte[Math.toIntExact(img.dimension(0) * img.dimension(1))];
		Cursor<? extends IntegerType<?>> c = Views.flatIterable(img).cursor();
		for (int i = 0; c.hasNext(); i++) {
			int v = c.next().getInteger();
			if (!binary && (v < 0 || v >= Masks.MAX_CLASSES))
				throw new IllegalArgumentException("sample " + name + ": label " + v +
					" is outside 0.." + (Masks.MAX_CLASSES - 1));
			out[i] = (byte) (binary ? (v != 0 ? 1 : 0) : v);
		}
		return out;
	}
}
