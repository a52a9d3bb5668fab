
package sc.fiji.cenet.metrics;

import java.util.Arrays;

/**
 * Percentile Hausdorff distance between two binary masks, in pixels, as MONAI's
 * {@code compute_hausdorff_distance(percentile=...)} defines it:
 * <ol>
 * <li>the boundary of each mask is its foreground minus its erosion by the
 * 2n-connected cross, with pixels outside the image counting as background
 * (scipy's {@code binary_erosion} default): a foreground pixel is on the
 * boundary if one of its 2n axis neighbours is background or lies outside the
 * image;</li>
 * <li>for each boundary pixel of one mask, the Euclidean distance to the
 * nearest boundary pixel of the other, in both directions;</li>
 * <li>the percentile of each direction's distances, linearly interpolated
 * (numpy's and torch's default), and the larger of the two.</li>
 * </ol>
 * When either mask is empty the result is NaN. (MONAI returns NaN when both are
 * empty and +Infinity when exactly one is; we return NaN for both so a mean
 * over images that skips NaN stays finite.)
 */
public final class HausdorffDistance {

	/** The percentile of HD95. */
	public static final double HD95_PERCENTILE = 95;

	private HausdorffDistance() {}

	/** 95th percentile Hausdorff distance; see the class description. */
	public static double hd95(boolean[] a, boolean[] b, int[] dims) {
		return percentileDistance(a, b, dims, HD95_PERCENTILE);
	}

	/**
	 * Symmetric percentile Hausdorff distance; 100 gives the classic Hausdorff
	 * distance.
	 *
	 * @param a one mask, one entry per pixel, dimension 0 fastest
	 * @param b the other mask, same layout
	 * @param dims image size per dimension
	 * @param percentile in [0, 100]
	 */
	public static double percentileDistance(boolean[] a, boolean[] b, int[] dims,
		double percentile)
	{
		if (!(percentile >= 0 && percentile <= 100))
			throw new IllegalArgumentException(
				"percentile must be in [0, 100], not " + percentile);
		boolean[] edgesA = boundary(a, dims);
		boolean[] edgesB = boundary(b, dims);
		if (isEmpty(edgesA) || isEmpty(edgesB)) return Double.NaN;
		double ab = percentileOfRoots(sortedSquaredDistances(edgesA, edgesB, dims),
			percentile);
		double ba = percentileOfRoots(sortedSquaredDistances(edgesB, edgesA, dims),
			percentile);
		return Math.max(ab, ba);
	}

	/**
	 * Foreground pixels with an axis neighbour that is background or outside the
	 * image.
	 */
	public static boolean[] boundary(boolean[] mask, int[] dims) {
		int size = Grid.size(dims);
		if (mask.length != size) throw new IllegalArgumentException("mask has " +
			mask.length + " pixels but its size " + Grid.describe(dims) + " has " +
			size);
		int[] strides = Grid.strides(dims);
		boolean[] edges = new boolean[size];
		for (int i = 0; i < size; i++) {
			if (!mask[i]) continue;
			for (int d = 0; d < dims.length && !edges[i]; d++) {
				int c = (i / strides[d]) % dims[d];
				edges[i] = c == 0 || c == dims[d] - 1 || !mask[i - strides[d]] ||
					!mask[i + strides[d]];
			}
		}
		return edges;
	}

	/**
	 * Squared distance from each pixel of {@code from} to the nearest pixel of
	 * {@code to}, sorted. Squared integers rather than doubles: half the memory,
	 * and sorting them sorts the distances.
	 */
	static int[] sortedSquaredDistances(boolean[] from, boolean[] to,
		int[] dims)
	{
		int[] squared = DistanceTransform.squaredDistances(to, dims);
		int count = 0;
		for (boolean f : from)
			if (f) count++;
		int[] selected = new int[count];
		int k = 0;
		for (int i = 0; i < from.length; i++)
			if (from[i]) selected[k++] = squared[i];
		Arrays.sort(selected);
		return selected;
	}

	/**
	 * Percentile of the square roots of sorted squares, linearly interpolated
	 * between the two closest ranks as numpy's {@code percentile} (method
	 * "linear") does on the distances themselves.
	 */
	static double percentileOfRoots(int[] sortedSquares, double percentile) {
		int n = sortedSquares.length;
		if (n == 0) return Double.NaN;
		double rank = (n - 1) * (percentile / 100);
		int below = (int) Math.floor(rank);
		if (below >= n - 1) return Math.sqrt(sortedSquares[n - 1]);
		double t = rank - below, lo = Math.sqrt(sortedSquares[below]), hi = Math
			.sqrt(sortedSquares[below + 1]);
		// numpy's _lerp: interpolate from the nearer end, exact at both ends.
		return t >= 0.5 ? hi - (hi - lo) * (1 - t) : lo + (hi - lo) * t;
	}

	private static boolean isEmpty(boolean[] mask) {
		for (boolean m : mask)
			if (m) return false;
		return true;
	}
}
