
package sc.fiji.cenet.metrics;

import java.util.Arrays;

/**
 * Exact area under the ROC curve, computed as the Mann–Whitney U statistic: the
 * fraction of (positive, negative) pixel pairs in which the positive has the
 * higher score, a tie counting one half. This is what average ranks give, and
 * equals scikit-learn's {@code roc_auc_score} on the same scores.
 * <p>
 * Both classes' scores are sorted separately and merged in one sweep: O(n log
 * n) time and no memory beyond the two score arrays, so whole 16-megapixel
 * images are fine.
 */
public final class RocAuc {

	private RocAuc() {}

	/**
	 * AUC of scores whose labels are given per pixel.
	 *
	 * @param include pixels to use; null for all
	 * @return the AUC, or NaN when the included pixels hold only one class
	 *         (scikit-learn raises an error there)
	 */
	public static double auc(float[] scores, boolean[] labels,
		boolean[] include)
	{
		if (labels.length != scores.length || (include != null &&
			include.length != scores.length)) throw new IllegalArgumentException(
				"scores, labels and include mask differ in length: " + scores.length +
					", " + labels.length + ", " + (include == null ? "-"
						: include.length));
		int positives = 0, negatives = 0;
		for (int i = 0; i < scores.length; i++) {
			if (include != null && !include[i]) continue;
			if (labels[i]) positives++;
			else negatives++;
		}
		float[] pos = new float[positives];
		float[] neg = new float[negatives];
		int p = 0, n = 0;
		for (int i = 0; i < scores.length; i++) {
			if (include != null && !include[i]) continue;
			if (labels[i]) pos[p++] = scores[i];
			else neg[n++] = scores[i];
		}
		return aucSortingInPlace(pos, neg);
	}

	/**
	 * AUC of the positives' scores against the negatives' scores. Sorts both
	 * arrays in place.
	 *
	 * @return the AUC, or NaN when either array is empty
	 * @throws IllegalArgumentException if a score is NaN
	 */
	public static double aucSortingInPlace(float[] positives, float[] negatives) {
		if (positives.length == 0 || negatives.length == 0) return Double.NaN;
		Arrays.sort(positives);
		Arrays.sort(negatives);
		// Float sorting puts NaN last: checking the last entries suffices.
		if (Float.isNaN(positives[positives.length - 1]) || Float.isNaN(
			negatives[negatives.length - 1])) throw new IllegalArgumentException(
				"cannot compute the AUC of NaN scores");
		// twiceU = sum over positives of 2 * (#negatives below) + (#negatives
		// equal): exact in a long.
		long twiceU = 0;
		int below = 0; // negatives < current score
		int i = 0;
		while (i < positives.length) {
			float s = positives[i];
			int run = 1; // positives sharing this score
			while (i + run < positives.length && positives[i + run] == s)
				run++;
			while (below < negatives.length && negatives[below] < s)
				below++;
			int notAbove = below; // negatives <= s
			while (notAbove < negatives.length && negatives[notAbove] == s)
				notAbove++;
			twiceU += (long) run * (2L * below + (notAbove - below));
			i += run;
		}
		return twiceU / (2.0 * positives.length * negatives.length);
	}
}
