
package sc.fiji.cenet.data;

import java.util.SortedSet;
import java.util.TreeSet;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Turns mask files into label images (X, Y) of {@link UnsignedByteType}.
 * <p>
 * With one class a mask is binary: every non-zero pixel is foreground (1), so
 * 0/1, 0/255 and 0/65535 masks and label images (instances 1..N) all work. A
 * JPEG mask is the exception: its compression leaves faint non-zero noise
 * around the foreground, so it is foreground from 128 up, as the reference
 * thresholds every 8-bit mask (the two rules agree on clean 0/255 masks such as
 * DRIVE's). With N > 1 classes the pixel values are the labels and must be
 * whole numbers 0..N-1, which a JPEG does not keep: it is refused. An RGB mask
 * is binary foreground wherever any channel is; as a multi-class label image it
 * must be gray (R = G = B), since a colour carries no label number.
 */
public final class Masks {

	/** Labels are stored in unsigned bytes. */
	public static final int MAX_CLASSES = 256;

	private Masks() {}

	/**
	 * @param classes 1 for a binary mask, N > 1 for labels 0..N-1
	 * @throws IllegalArgumentException naming the file when a value is no valid
	 *           label
	 */
	public static Img<UnsignedByteType> toLabels(LoadedImage mask, int classes) {
		if (classes < 1 || classes > MAX_CLASSES)
			throw new IllegalArgumentException("classes must be 1 (binary) to " +
				MAX_CLASSES + ", not " + classes);
		requireSinglePlane(mask);
		return classes == 1 ? toBinary(mask) : toClassLabels(mask, classes);
	}

	/**
	 * 1 where any channel is non-zero (a JPEG: at least 128), else 0; for binary
	 * and field-of-view masks.
	 */
	public static Img<UnsignedByteType> toBinary(LoadedImage mask) {
		requireSinglePlane(mask);
		boolean lossy = mask.isLossy();
		Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(mask.width(), mask
			.height());
		RandomAccess<FloatType> in = mask.image().randomAccess();
		Cursor<UnsignedByteType> out = labels.localizingCursor();
		int channels = mask.channels();
		while (out.hasNext()) {
			out.fwd();
			moveXY(in, out);
			boolean foreground = false;
			for (int c = 0; c < channels && !foreground; c++) {
				if (channels > 1) in.setPosition(c, 2);
				float v = in.get().getRealFloat();
				foreground = lossy ? v >= LOSSY_FOREGROUND : v != 0 && !Float.isNaN(v);
			}
			out.get().set(foreground ? 1 : 0);
		}
		return labels;
	}

	/**
	 * Whether any label is non-zero (foreground, or a class other than background
	 * 0).
	 */
	public static boolean hasForeground(
		RandomAccessibleInterval<? extends IntegerType<?>> labels)
	{
		for (IntegerType<?> v : Views.iterable(labels))
			if (v.getInteger() != 0) return true;
		return false;
	}

	/**
	 * Whether any label is zero (background). A mask without any is most often a
	 * PNG whose background is transparent, which reads as white.
	 */
	public static boolean hasBackground(
		RandomAccessibleInterval<? extends IntegerType<?>> labels)
	{
		for (IntegerType<?> v : Views.iterable(labels))
			if (v.getInteger() == 0) return true;
		return false;
	}

	/**
	 * What to say of a mask without background ({@link #hasBackground}), for
	 * training and evaluation alike.
	 *
	 * @param about the mask's file name and what it belongs to
	 */
	public static String noBackgroundWarning(String about) {
		return "mask " + about + " has no background (0) anywhere: a transparent " +
			"background reads as white; save the mask with a black background";
	}

	/**
	 * @throws IllegalArgumentException naming both files and sizes when the
	 *           mask's width and height differ from the image's
	 */
	public static void requireSameSize(LoadedImage image, LoadedImage mask) {
		if (image.width() != mask.width() || image.height() != mask.height())
			throw new IllegalArgumentException("image " + image.name() + " is " +
				image.width() + " x " + image.height() + " but mask " + mask.name() +
				" is " + mask.width() + " x " + mask.height());
	}

	/**
	 * A JPEG mask's foreground starts here, as the reference's (x / 255 > 0.5).
	 */
	private static final float LOSSY_FOREGROUND = 128;

	private static Img<UnsignedByteType> toClassLabels(LoadedImage mask,
		int classes)
	{
		if (mask.isLossy()) throw new IllegalArgumentException("mask " + mask
			.name() + " is a JPEG, whose compression changes label values; save " +
			"label masks as PNG or TIFF");
		if (mask.channels() != 1 && mask.channels() != 3)
			throw new IllegalArgumentException("mask " + mask.name() + " has " + mask
				.channels() + " channels; a label mask must be gray");
		Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(mask.width(), mask
			.height());
		RandomAccess<FloatType> in = mask.image().randomAccess();
		Cursor<UnsignedByteType> out = labels.localizingCursor();
		while (out.hasNext()) {
			out.fwd();
			moveXY(in, out);
			if (mask.channels() == 3) in.setPosition(0, 2);
			float v = in.get().getRealFloat();
			if (mask.channels() == 3) requireGray(mask, in, v, out);
			if (!(v >= 0 && v < classes && v == Math.rint(v)))
				throw new IllegalArgumentException("mask " + mask.name() +
					" has value " + v + " at (" + out.getLongPosition(0) + ", " + out
						.getLongPosition(1) + "), but " + classes +
					" classes need labels 0.." + (classes - 1) + valuesHint(mask,
						classes));
			out.get().set((int) v);
		}
		return labels;
	}

	/** At most this many of a bad mask's values are named. */
	private static final int VALUES_NAMED = 8;

	/**
	 * What the mask's values say about a wrong label: a 0/255 mask is binary; a
	 * 0/128/255 mask holds labels saved as gray levels, which only the user can
	 * map to classes.
	 */
	private static String valuesHint(LoadedImage mask, int classes) {
		SortedSet<Float> values = new TreeSet<>();
		RandomAccessibleInterval<FloatType> first = mask.image().numDimensions() > 2
			? Views.hyperSlice(mask.image(), 2, 0) : mask.image();
		Cursor<FloatType> c = Views.flatIterable(first).cursor();
		while (c.hasNext() && values.size() <= VALUES_NAMED)
			values.add(c.next().get());
		if (values.stream().allMatch(x -> x == 0 || x == 255))
			return " (a 0/255 mask is binary: train with 1 class)";
		StringBuilder named = new StringBuilder();
		int i = 0;
		for (float x : values) {
			if (i++ == VALUES_NAMED) {
				named.append(", ...");
				break;
			}
			named.append(i > 1 ? ", " : "").append(x == Math.rint(x) ? Long.toString(
				(long) x) : Float.toString(x));
		}
		return " (its values are " + named + (values.size() <= classes
			? "; save the classes as labels 0.." + (classes - 1) + ")"
			: "; more values than classes)");
	}

	private static void requireGray(LoadedImage mask, RandomAccess<FloatType> in,
		float red, Cursor<UnsignedByteType> at)
	{
		for (int c = 1; c < 3; c++) {
			in.setPosition(c, 2);
			if (in.get().getRealFloat() != red) throw new IllegalArgumentException(
				"mask " + mask.name() + " is a colour image (R, G, B differ at (" + at
					.getLongPosition(0) + ", " + at.getLongPosition(1) +
					")); a multi-class label mask must be gray, one label value per pixel");
		}
	}

	/** Moves the (possibly 3D) source access to the 2D label cursor's X and Y. */
	private static void moveXY(RandomAccess<FloatType> in,
		Cursor<UnsignedByteType> to)
	{
		in.setPosition(to.getLongPosition(0), 0);
		in.setPosition(to.getLongPosition(1), 1);
	}

	private static void requireSinglePlane(LoadedImage mask) {
		if (mask.planes() > 1) throw new IllegalArgumentException("mask " + mask
			.name() + " holds " + mask.planes() +
			" planes; a mask must be one 2D image");
	}
}
