
package sc.fiji.cenet.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * The probability threshold that maximises the Dice of a binary segmentation,
 * found exactly: the scores of foreground and background pixels are sorted
 * separately and swept from the highest down, one group of equal scores at a
 * time, counting TP and FP incrementally. Only the thresholds between distinct
 * scores change the segmentation, so this is the optimum over all thresholds.
 * O(n log n) time.
 * <p>
 * A pixel is foreground when its score is &ge; the threshold. The threshold
 * chosen lies in the gap below the lowest foreground score of the optimum: the
 * midpoint between that score v and the next lower score u, rounded to the
 * fewest decimal digits that keep it in (u, v] in double and in float
 * precision, so that it reads well in metadata and logs (0.45, not
 * 0.4500000178813934) and every comparison, float or double, gives the same
 * segmentation of the scores (for the lowest score, the gap is (0, v]). When
 * several thresholds give the same Dice, the highest wins.
 */
public final class ThresholdCalibration {

	private final double threshold;
	private final ConfusionCounts counts;

	private ThresholdCalibration(double threshold, ConfusionCounts counts) {
		this.threshold = threshold;
		this.counts = counts;
	}

	/**
	 * The Dice-maximising threshold of the pixels where {@code include} is true
	 * (all pixels when it is null).
	 *
	 * @return the calibration; undefined ({@link #isDefined()} false) when the
	 *         included pixels hold no foreground, where every threshold gives a
	 *         Dice of 0 or NaN
	 * @throws IllegalArgumentException if the arrays differ in length or an
	 *           included score is NaN
	 */
	public static ThresholdCalibration maximisingDice(float[] scores,
		boolean[] truth, boolean[] include)
	{
		if (truth.length != scores.length || (include != null &&
			include.length != scores.length)) throw new IllegalArgumentException(
				"scores, truth and include mask differ in length: " + scores.length +
					", " + truth.length + ", " + (include == null ? "-"
						: include.length));
		int positives = 0, negatives = 0;
		for (int i = 0; i < scores.length; i++) {
			if (include != null && !include[i]) continue;
			if (Float.isNaN(scores[i])) throw new IllegalArgumentException(
				"cannot calibrate a threshold on NaN scores");
			if (truth[i]) positives++;
			else negatives++;
		}
		float[] pos = new float[positives], neg = new float[negatives];
		int p = 0, n = 0;
		for (int i = 0; i < scores.length; i++) {
			if (include != null && !include[i]) continue;
			if (truth[i]) pos[p++] = scores[i];
			else neg[n++] = scores[i];
		}
		return maximisingDiceSortingInPlace(pos, neg);
	}

	/**
	 * The Dice-maximising threshold of the foreground pixels' scores against the
	 * background pixels' scores. Sorts both arrays in place.
	 *
	 * @see #maximisingDice(float[], boolean[], boolean[])
	 */
	public static ThresholdCalibration maximisingDiceSortingInPlace(
		float[] positives, float[] negatives)
	{
		long allPositives = positives.length, allNegatives = negatives.length;
		if (allPositives == 0) return new ThresholdCalibration(Double.NaN,
			new ConfusionCounts(0, 0, allNegatives, 0));
		Arrays.sort(positives);
		Arrays.sort(negatives);
		if (Float.isNaN(positives[positives.length - 1]) || (negatives.length > 0 &&
			Float.isNaN(negatives[negatives.length - 1])))
			throw new IllegalArgumentException(
				"cannot calibrate a threshold on NaN scores");
		int i = positives.length - 1, j = negatives.length - 1; // the highest
																														// scores not yet
																														// foreground
		long tp = 0, fp = 0, bestTp = -1, bestFp = 0;
		float bestLowest = Float.NaN, bestNext = Float.NaN;
		while (i >= 0 || j >= 0) {
			float v = i < 0 ? negatives[j] : j < 0 ? positives[i] : Math.max(
				positives[i], negatives[j]);
			// >= v: the whole group of scores equal to v (also -0 == 0) becomes
			// foreground at once
			while (i >= 0 && positives[i] >= v) {
				tp++;
				i--;
			}
			while (j >= 0 && negatives[j] >= v) {
				fp++;
				j--;
			}
			// Dice = 2 TP / (TP + FP + P); compared exactly, in integers; strictly
			// better keeps the higher threshold
			if (bestTp < 0 || isAbove(tp, bestTp + bestFp + allPositives, bestTp, tp +
				fp + allPositives))
			{
				bestTp = tp;
				bestFp = fp;
				bestLowest = v;
				bestNext = i < 0 && j < 0 ? Float.NaN : i < 0 ? negatives[j] : j < 0
					? positives[i] : Math.max(positives[i], negatives[j]);
			}
		}
		double below = !Float.isNaN(bestNext) ? bestNext : bestLowest > 0 ? 0
			: Double.NaN;
		double threshold = Double.isNaN(below) ? bestLowest : inGap(below,
			bestLowest);
		return new ThresholdCalibration(threshold, new ConfusionCounts(bestTp,
			bestFp, allNegatives - bestFp, allPositives - bestTp));
	}

	/**
	 * a * b &gt; c * d for non-negative longs, exactly (the products may need 64
	 * bits and more).
	 */
	static boolean isAbove(long a, long b, long c, long d) {
		long high = Math.multiplyHigh(a, b), otherHigh = Math.multiplyHigh(c, d);
		return high != otherHigh ? high > otherHigh : Long.compareUnsigned(a * b,
			c * d) > 0;
	}

	/**
	 * The midpoint of (u, v] rounded to the fewest decimals that stay inside, in
	 * double and float; v when none does.
	 */
	static double inGap(double u, float v) {
		BigDecimal mid = new BigDecimal((u + v) / 2);
		for (int decimals = 1; decimals <= 60; decimals++) {
			double t = mid.setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
			if (t > u && t <= v && (float) t > u && (float) t <= v) return t;
		}
		return v;
	}

	/**
	 * Whether there was a threshold to choose: the included pixels hold
	 * foreground.
	 */
	public boolean isDefined() {
		return !Double.isNaN(threshold);
	}

	/** Foreground where a score is &ge; this; NaN when undefined. */
	public double threshold() {
		return threshold;
	}

	/** The counts at {@link #threshold()} (all background when undefined). */
	public ConfusionCounts counts() {
		return counts;
	}

	/**
	 * The Dice at {@link #threshold()}, the highest of all thresholds; NaN when
	 * undefined.
	 */
	public double dice() {
		return isDefined() ? counts.dice() : Double.NaN;
	}

	@Override
	public String toString() {
		return "threshold " + threshold + ": Dice " + dice() + " (" + counts + ")";
	}
}
