
package sc.fiji.cenet.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Which samples form which batch in an epoch, and the seed of each sample's
 * random augmentation. Everything derives from (seed, epoch, index) alone, so a
 * run resumed at epoch k sees exactly the batches it would have seen.
 */
public final class Batches {

	private Batches() {}

	/**
	 * The sample indices 0..sampleCount-1 shuffled for this epoch and cut into
	 * batches of {@code batchSize}; the last batch holds the rest and may be
	 * smaller.
	 */
	public static List<int[]> forEpoch(int sampleCount, int batchSize, long seed,
		int epoch)
	{
		if (sampleCount < 1) throw new IllegalArgumentException(
			"no samples to batch");
		if (batchSize < 1) throw new IllegalArgumentException(
			"batch size must be at least 1, not " + batchSize);
		int[] order = new int[sampleCount];
		for (int i = 0; i < sampleCount; i++)
			order[i] = i;
		Random random = new Random(mix(seed, epoch, -1));
		for (int i = sampleCount - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		List<int[]> batches = new ArrayList<>();
		for (int start = 0; start < sampleCount; start += batchSize)
			batches.add(Arrays.copyOfRange(order, start, Math.min(sampleCount, start +
				batchSize)));
		return batches;
	}

	/** Number of batches per epoch. */
	public static int count(int sampleCount, int batchSize) {
		return (sampleCount + batchSize - 1) / batchSize;
	}

	/**
	 * The seed of the random draws for sample {@code sampleIndex} in
	 * {@code epoch}.
	 */
	public static long sampleSeed(long seed, int epoch, int sampleIndex) {
		return mix(seed, epoch, sampleIndex);
	}

	/**
	 * A generator for one seed. The seed is scrambled first because
	 * {@code new Random(seed)} for neighbouring seeds starts with nearly equal
	 * numbers (seeds 0..20 all draw a first double near 0.73), which would make a
	 * "probability 0.5" step happen for all of them or none.
	 */
	public static Random random(long seed) {
		return new Random(splitMix(seed));
	}

	/**
	 * Well-spread 64-bit seeds from small, correlated inputs (SplitMix64 steps).
	 */
	private static long mix(long seed, long epoch, long index) {
		return splitMix(splitMix(splitMix(seed) ^ epoch) ^ index);
	}

	private static long splitMix(long x) {
		long z = x + 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
