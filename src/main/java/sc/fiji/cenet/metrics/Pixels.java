
package sc.fiji.cenet.metrics;

import java.util.Arrays;
import java.util.TreeSet;

import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Reads ImgLib2 images into flat arrays in flat iteration order (dimension 0
 * fastest), checking what the metrics need of them.
 */
final class Pixels {

	/** How many distinct values an error message lists at most. */
	private static final int LISTED_VALUES = 8;

	private Pixels() {}

	/** Image size as int[]; fails for images beyond 2^31 pixels. */
	static int[] dimensions(Interval image) {
		int[] dims = new int[image.numDimensions()];
		for (int d = 0; d < dims.length; d++) {
			if (image.dimension(d) > Integer.MAX_VALUE)
				throw new IllegalArgumentException("image of " + Grid.describe(image
					.dimensionsAsLongArray()) + " pixels is too large");
			dims[d] = (int) image.dimension(d);
		}
		Grid.size(dims);
		return dims;
	}

	/**
	 * Fails unless both images have the same size; their min coordinates may
	 * differ.
	 */
	static void requireSameSize(Interval a, String nameA, Interval b,
		String nameB)
	{
		long[] da = a.dimensionsAsLongArray(), db = b.dimensionsAsLongArray();
		if (!Arrays.equals(da, db)) throw new IllegalArgumentException(nameA +
			" is " + Grid.describe(da) + " but " + nameB + " is " + Grid.describe(
				db));
	}

	static float[] values(RandomAccessibleInterval<? extends RealType<?>> image) {
		float[] values = new float[Grid.size(dimensions(image))];
		int i = 0;
		for (RealType<?> t : Views.flatIterable(image))
			values[i++] = t.getRealFloat();
		return values;
	}

	/** Pixels whose value is not 0. */
	static boolean[] nonZero(
		RandomAccessibleInterval<? extends RealType<?>> image)
	{
		boolean[] mask = new boolean[Grid.size(dimensions(image))];
		int i = 0;
		for (RealType<?> t : Views.flatIterable(image))
			mask[i++] = t.getRealDouble() != 0;
		return mask;
	}

	/**
	 * The foreground of a binary ground truth: its values must be a subset of {0,
	 * v} for one v &gt; 0, and v is foreground.
	 */
	static boolean[] binaryForeground(
		RandomAccessibleInterval<? extends RealType<?>> truth)
	{
		boolean[] mask = new boolean[Grid.size(dimensions(truth))];
		double foreground = Double.NaN;
		int i = 0;
		for (RealType<?> t : Views.flatIterable(truth)) {
			double v = t.getRealDouble();
			if (v == 0) {
				i++;
				continue;
			}
			if (Double.isNaN(foreground) && v > 0) foreground = v;
			if (v != foreground) throw new IllegalArgumentException(
				"ground truth is not binary: found values " + distinctValues(truth));
			mask[i++] = true;
		}
		return mask;
	}

	/**
	 * Integer labels in 0..classes-1.
	 *
	 * @param what the image's name in error messages
	 */
	static int[] labels(RandomAccessibleInterval<? extends RealType<?>> image,
		int classes, String what)
	{
		int[] dims = dimensions(image);
		int[] labels = new int[Grid.size(dims)];
		int i = 0;
		for (RealType<?> t : Views.flatIterable(image)) {
			double v = t.getRealDouble();
			if (!(v >= 0 && v < classes && v == Math.rint(v)))
				throw new IllegalArgumentException(what + " has label " + format(v) +
					" at " + Grid.position(i, dims) + ": labels must be integers 0.." +
					(classes - 1));
			labels[i++] = (int) v;
		}
		return labels;
	}

	/** The smallest few distinct values, as "0, 1, 2 ...". */
	private static String distinctValues(
		RandomAccessibleInterval<? extends RealType<?>> image)
	{
		TreeSet<Double> values = new TreeSet<>();
		boolean more = false;
		for (RealType<?> t : Views.flatIterable(image)) {
			values.add(t.getRealDouble());
			if (values.size() > LISTED_VALUES) {
				values.pollLast();
				more = true;
			}
		}
		StringBuilder sb = new StringBuilder();
		for (double v : values)
			sb.append(sb.length() == 0 ? "" : ", ").append(format(v));
		return more ? sb.append(" ...").toString() : sb.toString();
	}

	/** Integers without a trailing ".0". */
	static String format(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
			: Double.toString(v);
	}
}
