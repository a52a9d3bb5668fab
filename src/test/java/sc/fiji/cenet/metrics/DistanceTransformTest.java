package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

public class DistanceTransformTest {

	@Test
	public void oneDimension() {
		boolean[] f = { false, false, true, false, false, false, true, false };
		assertArrayEquals(new double[] { 4, 1, 0, 1, 4, 1, 0, 1 },
			DistanceTransform.squaredDistances(f, new int[] { 8 }), 0);
	}

	@Test
	public void noFeatureIsInfinitelyFar() {
		double[] d = DistanceTransform.squaredDistances(new boolean[6], new int[] { 3, 2 });
		for (double v : d) assertEquals(Double.POSITIVE_INFINITY, v, 0);
	}

	@Test
	public void matchesBruteForceIn2D() {
		Random random = new Random(7);
		for (int trial = 0; trial < 30; trial++) {
			int[] dims = { 1 + random.nextInt(25), 1 + random.nextInt(25) };
			double density = trial % 3 == 0 ? 0.01 : 0.2;
			boolean[] f = randomMask(random, dims[0] * dims[1], density);
			assertArrayEquals("trial " + trial, bruteForce(f, dims), DistanceTransform.squaredDistances(f, dims), 0);
		}
	}

	@Test
	public void matchesBruteForceIn3D() {
		Random random = new Random(8);
		int[] dims = { 9, 7, 5 };
		boolean[] f = randomMask(random, 9 * 7 * 5, 0.05);
		assertArrayEquals(bruteForce(f, dims), DistanceTransform.squaredDistances(f, dims), 0);
	}

	static boolean[] randomMask(Random random, int size, double density) {
		boolean[] m = new boolean[size];
		for (int i = 0; i < size; i++) m[i] = random.nextDouble() < density;
		return m;
	}

	private static double[] bruteForce(boolean[] f, int[] dims) {
		double[] d = new double[f.length];
		for (int i = 0; i < f.length; i++) {
			d[i] = Double.POSITIVE_INFINITY;
			for (int j = 0; j < f.length; j++)
				if (f[j]) d[i] = Math.min(d[i], squaredDistance(i, j, dims));
		}
		return d;
	}

	static double squaredDistance(int i, int j, int[] dims) {
		double sum = 0;
		for (int n : dims) {
			double delta = i % n - j % n;
			sum += delta * delta;
			i /= n;
			j /= n;
		}
		return sum;
	}
}
