
package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

public class DistanceTransformTest {

	@Test
	public void oneDimension() {
		boolean[] f = { false, false, true, false, false, false, true, false };
		assertArrayEquals(new int[] { 4, 1, 0, 1, 4, 1, 0, 1 }, DistanceTransform
			.squaredDistances(f, new int[] { 8 }));
	}

	@Test
	public void noFeatureIsInfinitelyFar() {
		int[] d = DistanceTransform.squaredDistances(new boolean[6], new int[] { 3,
			2 });
		for (int v : d)
			assertEquals(DistanceTransform.NO_FEATURE, v);
	}

	@Test
	public void rejectsImagesWhoseDiagonalOverflows() {
		// 1 + 49999^2 > 2^31 - 1
		BinaryEvaluatorTest.expectError(
			"image of 2x50000 pixels is too large for an exact distance transform",
			() -> DistanceTransform.squaredDistances(new boolean[100000], new int[] {
				2, 50000 }));
	}

	@Test
	public void matchesBruteForceIn2D() {
		Random random = new Random(7);
		for (int trial = 0; trial < 30; trial++) {
			int[] dims = { 1 + random.nextInt(25), 1 + random.nextInt(25) };
			double density = trial % 3 == 0 ? 0.01 : 0.2;
			boolean[] f = randomMask(random, dims[0] * dims[1], density);
			assertArrayEquals("trial " + trial, bruteForce(f, dims), DistanceTransform
				.squaredDistances(f, dims));
		}
	}

	@Test
	public void matchesBruteForceIn3D() {
		Random random = new Random(8);
		int[] dims = { 9, 7, 5 };
		boolean[] f = randomMask(random, 9 * 7 * 5, 0.05);
		assertArrayEquals(bruteForce(f, dims), DistanceTransform.squaredDistances(f,
			dims));
	}

	static boolean[] randomMask(Random random, int size, double density) {
		boolean[] m = new boolean[size];
		for (int i = 0; i < size; i++)
			m[i] = random.nextDouble() < density;
		return m;
	}

	private static int[] bruteForce(boolean[] f, int[] dims) {
		int[] d = new int[f.length];
		for (int i = 0; i < f.length; i++) {
			d[i] = DistanceTransform.NO_FEATURE;
			for (int j = 0; j < f.length; j++)
				if (f[j]) d[i] = Math.min(d[i], (int) squaredDistance(i, j, dims));
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
