
package sc.fiji.cenet.metrics;

import java.util.Arrays;

/**
 * Exact Euclidean distance transform of an n-dimensional binary image stored
 * flat with dimension 0 fastest (ImgLib2's flat iteration order).
 * <p>
 * Felzenszwalb &amp; Huttenlocher, "Distance Transforms of Sampled Functions"
 * (Theory of Computing 8, 2012): the squared EDT is separable, so a 1-D lower
 * envelope of parabolas is applied along each axis in turn. Linear time in the
 * number of pixels. Squared distances between pixels are integers, so they are
 * kept in an int per pixel: half the memory of doubles, which counts at 16
 * megapixels.
 */
public final class DistanceTransform {

	/** Squared distance of a pixel when the image has no feature pixel at all. */
	public static final int NO_FEATURE = Integer.MAX_VALUE;

	private DistanceTransform() {}

	/**
	 * For every pixel, the squared Euclidean distance (in pixels) to the nearest
	 * feature pixel: 0 on features, {@link #NO_FEATURE} everywhere when there is
	 * no feature pixel.
	 *
	 * @param features one entry per pixel, dimension 0 fastest
	 * @param dims image size per dimension; the image diagonal squared must be
	 *          below 2^31 (e.g. 2-D images up to 32768 pixels a side)
	 */
	public static int[] squaredDistances(boolean[] features, int[] dims) {
		int size = Grid.size(dims);
		if (features.length != size) throw new IllegalArgumentException(
			"mask has " + features.length + " pixels but its size " + Grid.describe(
				dims) + " has " + size);
		long diagonal = 0;
		for (int n : dims)
			diagonal += (long) (n - 1) * (n - 1);
		if (diagonal >= NO_FEATURE) throw new IllegalArgumentException("image of " +
			Grid.describe(dims) +
			" pixels is too large for an exact distance transform");
		int[] d = new int[size];
		for (int i = 0; i < size; i++)
			d[i] = features[i] ? 0 : NO_FEATURE;
		int longest = 0;
		for (int n : dims)
			longest = Math.max(longest, n);
		int[] line = new int[longest];
		int[] out = new int[longest];
		int[] vertices = new int[longest];
		double[] bounds = new double[longest + 1];
		int stride = 1;
		for (int axis = 0; axis < dims.length; axis++) {
			int n = dims[axis];
			int outerCount = size / (stride * n);
			for (int outer = 0; outer < outerCount; outer++) {
				for (int inner = 0; inner < stride; inner++) {
					int base = outer * stride * n + inner;
					for (int k = 0; k < n; k++)
						line[k] = d[base + k * stride];
					lowerEnvelope(line, n, out, vertices, bounds);
					for (int k = 0; k < n; k++)
						d[base + k * stride] = out[k];
				}
			}
			stride *= n;
		}
		return d;
	}

	/**
	 * 1-D squared distance transform of a sampled function f: out[q] = min over p
	 * of (q - p)^2 + f[p]. {@link #NO_FEATURE} samples are left out of the
	 * envelope, so intersections are always computed between finite parabolas.
	 */
	static void lowerEnvelope(int[] f, int n, int[] out, int[] v, double[] z) {
		int k = -1; // index of the rightmost parabola in the envelope
		for (int q = 0; q < n; q++) {
			if (f[q] == NO_FEATURE) continue;
			if (k < 0) {
				k = 0;
				v[0] = q;
				z[0] = Double.NEGATIVE_INFINITY;
				z[1] = Double.POSITIVE_INFINITY;
				continue;
			}
			double s = intersection(f, q, v[k]);
			while (s <= z[k]) { // z[0] is -Infinity, so this stops at k = 0
				k--;
				s = intersection(f, q, v[k]);
			}
			k++;
			v[k] = q;
			z[k] = s;
			z[k + 1] = Double.POSITIVE_INFINITY;
		}
		if (k < 0) {
			Arrays.fill(out, 0, n, NO_FEATURE);
			return;
		}
		k = 0;
		for (int q = 0; q < n; q++) {
			while (z[k + 1] < q)
				k++;
			long dq = q - v[k];
			out[q] = (int) (dq * dq + f[v[k]]); // at most the squared diagonal: fits
		}
	}

	/** Abscissa where the parabolas rooted at q and p (p &lt; q) intersect. */
	private static double intersection(int[] f, int q, int p) {
		return (((double) f[q] + (double) q * q) - ((double) f[p] + (double) p *
			p)) / (2.0 * (q - p));
	}
}
