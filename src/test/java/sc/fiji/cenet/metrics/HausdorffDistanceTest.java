
package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.Test;

public class HausdorffDistanceTest {

	@Test
	public void boundaryIsForegroundTouchingBackgroundOrImageBorder() {
		boolean[] mask = TestImages.mask("#####.", "#####.", "#####.", "#####.");
		boolean[] expected = TestImages.mask("#####.", "#...#.", "#...#.",
			"#####.");
		assertArrayEquals(expected, HausdorffDistance.boundary(mask, new int[] { 6,
			4 }));
	}

	/**
	 * Truth: a 21x21 square; prediction: the concentric 11x11 square, 5 pixels
	 * in. Every prediction boundary pixel is 5 from the truth boundary. Of the
	 * truth's 80 boundary pixels, 44 are 5 away, and 8 each are sqrt(26),
	 * sqrt(29), sqrt(34), sqrt(41) away, the 4 corners sqrt(50). The 95th
	 * percentile sits at rank 0.95 * 79 = 75.05, between the last sqrt(41) (rank
	 * 75) and the first sqrt(50) (rank 76).
	 */
	@Test
	public void concentricSquares() {
		int[] dims = { 25, 25 };
		boolean[] truth = square(dims, 2, 22);
		boolean[] pred = square(dims, 7, 17);
		double expected = Math.sqrt(41) + 0.05 * (Math.sqrt(50) - Math.sqrt(41));
		assertEquals(expected, HausdorffDistance.hd95(pred, truth, dims), 1e-12);
		assertEquals(expected, HausdorffDistance.hd95(truth, pred, dims), 1e-12);
		assertEquals(Math.sqrt(50), HausdorffDistance.percentileDistance(pred,
			truth, dims, 100), 1e-12);
		assertEquals(5, HausdorffDistance.percentileDistance(pred, truth, dims, 50),
			1e-12);
	}

	/**
	 * Reference values from MONAI's recipe in numpy/scipy: e = binary_erosion(m)
	 * ^ m; d = distance_transform_edt(~e_truth)[e_pred] (and vice versa); max of
	 * np.percentile(d, q) over both directions.
	 */
	@Test
	public void matchesScipyReference() {
		String[] pred = { "..........", ".###......", ".####...#.", "..###..##.",
			"...#...##.", "..........", ".##.......", ".##....###", ".......###" };
		String[] truth = { "..........", "..##......", ".#####....", ".####...#.",
			"..##...###", "........##", "..........", "........##", "........##" };
		int[] dims = TestImages.dims(pred);
		boolean[] p = TestImages.mask(pred), t = TestImages.mask(truth);
		assertEquals(2.923606797749978, HausdorffDistance.hd95(p, t, dims), 1e-12);
		assertEquals(3.1622776601683795, HausdorffDistance.percentileDistance(p, t,
			dims, 100), 1e-12);
		assertEquals(0, HausdorffDistance.percentileDistance(p, t, dims, 50),
			1e-12);
	}

	@Test
	public void identicalMasksAreZeroApart() {
		int[] dims = { 10, 10 };
		boolean[] m = square(dims, 2, 6);
		assertEquals(0, HausdorffDistance.hd95(m, m, dims), 0);
	}

	@Test
	public void emptyMaskGivesNaN() {
		int[] dims = { 10, 10 };
		boolean[] empty = new boolean[100];
		assertTrue(Double.isNaN(HausdorffDistance.hd95(empty, square(dims, 2, 6),
			dims)));
		assertTrue(Double.isNaN(HausdorffDistance.hd95(square(dims, 2, 6), empty,
			dims)));
		assertTrue(Double.isNaN(HausdorffDistance.hd95(empty, empty, dims)));
	}

	@Test
	public void percentileInterpolatesLikeNumpy() {
		int[] squares = { 1, 4, 9, 16, 100 }; // distances 1, 2, 3, 4, 10
		assertEquals(1, HausdorffDistance.percentileOfRoots(squares, 0), 0);
		assertEquals(3, HausdorffDistance.percentileOfRoots(squares, 50), 0);
		assertEquals(8.8, HausdorffDistance.percentileOfRoots(squares, 95), 1e-12); // rank
																																								// 3.8:
																																								// 4
																																								// +
																																								// 0.8
																																								// *
																																								// 6
		assertEquals(10, HausdorffDistance.percentileOfRoots(squares, 100), 0);
		assertEquals(7, HausdorffDistance.percentileOfRoots(new int[] { 49 }, 95),
			0);
		assertEquals(Double.NaN, HausdorffDistance.percentileOfRoots(new int[0],
			95), 0);
	}

	@Test
	public void matchesBruteForceOnRandomShapes() {
		Random random = new Random(3);
		for (int trial = 0; trial < 25; trial++) {
			int[] dims = { 2 + random.nextInt(20), 2 + random.nextInt(20) };
			int size = dims[0] * dims[1];
			boolean[] a = DistanceTransformTest.randomMask(random, size, 0.4);
			boolean[] b = DistanceTransformTest.randomMask(random, size, 0.4);
			double expected = bruteForceHd95(a, b, dims);
			assertEquals("trial " + trial, expected, HausdorffDistance.hd95(a, b,
				dims), 1e-12);
		}
	}

	private static double bruteForceHd95(boolean[] a, boolean[] b, int[] dims) {
		boolean[] ea = bruteForceBoundary(a, dims), eb = bruteForceBoundary(b,
			dims);
		double ab = simplePercentile(directed(ea, eb, dims)), ba = simplePercentile(
			directed(eb, ea, dims));
		return Math.max(ab, ba);
	}

	private static boolean[] bruteForceBoundary(boolean[] m, int[] dims) {
		int w = dims[0], h = dims[1];
		boolean[] e = new boolean[m.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				e[y * w + x] = m[y * w + x] && !(at(m, x - 1, y, dims) && at(m, x + 1,
					y, dims) && at(m, x, y - 1, dims) && at(m, x, y + 1, dims));
		return e;
	}

	private static boolean at(boolean[] m, int x, int y, int[] dims) {
		return x >= 0 && y >= 0 && x < dims[0] && y < dims[1] && m[y * dims[0] + x];
	}

	private static double[] directed(boolean[] from, boolean[] to, int[] dims) {
		double[] d = new double[from.length];
		int n = 0;
		for (int i = 0; i < from.length; i++) {
			if (!from[i]) continue;
			double best = Double.POSITIVE_INFINITY;
			for (int j = 0; j < to.length; j++)
				if (to[j]) best = Math.min(best, Math.sqrt(DistanceTransformTest
					.squaredDistance(i, j, dims)));
			d[n++] = best;
		}
		return Arrays.copyOf(d, n);
	}

	private static double simplePercentile(double[] v) {
		if (v.length == 0) return Double.NaN;
		Arrays.sort(v);
		double rank = 0.95 * (v.length - 1);
		int lo = (int) rank;
		return lo + 1 < v.length ? v[lo] + (rank - lo) * (v[lo + 1] - v[lo])
			: v[lo];
	}

	private static boolean[] square(int[] dims, int from, int to) {
		boolean[] m = new boolean[dims[0] * dims[1]];
		for (int y = from; y <= to; y++)
			for (int x = from; x <= to; x++)
				m[y * dims[0] + x] = true;
		return m;
	}
}
