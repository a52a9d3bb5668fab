
package sc.fiji.cenet.metrics;

/**
 * True/false positive/negative pixel counts of a binary segmentation, and the
 * ratios derived from them.
 * <p>
 * Every ratio whose denominator is 0 is {@code NaN} (undefined), never a silent
 * 0 and never an exception. So Dice and IoU are {@code NaN} when truth and
 * prediction are both empty, and 0 when exactly one of them is.
 */
public final class ConfusionCounts {

	private final long tp;
	private final long fp;
	private final long tn;
	private final long fn;

	public ConfusionCounts(long tp, long fp, long tn, long fn) {
		if (tp < 0 || fp < 0 || tn < 0 || fn < 0)
			throw new IllegalArgumentException(
				"confusion counts must not be negative: TP=" + tp + " FP=" + fp +
					" TN=" + tn + " FN=" + fn);
		this.tp = tp;
		this.fp = fp;
		this.tn = tn;
		this.fn = fn;
	}

	/**
	 * Counts the pixels where {@code include} is true (all pixels when it is
	 * null). The arrays are parallel, one entry per pixel.
	 */
	public static ConfusionCounts count(boolean[] truth, boolean[] prediction,
		boolean[] include)
	{
		if (prediction.length != truth.length || (include != null &&
			include.length != truth.length)) throw new IllegalArgumentException(
				"truth, prediction and include masks differ in length: " +
					truth.length + ", " + prediction.length + ", " + (include == null
						? "-" : include.length));
		long tp = 0, fp = 0, tn = 0, fn = 0;
		for (int i = 0; i < truth.length; i++) {
			if (include != null && !include[i]) continue;
			if (truth[i]) {
				if (prediction[i]) tp++;
				else fn++;
			}
			else {
				if (prediction[i]) fp++;
				else tn++;
			}
		}
		return new ConfusionCounts(tp, fp, tn, fn);
	}

	public long tp() {
		return tp;
	}

	public long fp() {
		return fp;
	}

	public long tn() {
		return tn;
	}

	public long fn() {
		return fn;
	}

	public long total() {
		return tp + fp + tn + fn;
	}

	/** Dice = F1 = 2TP / (2TP + FP + FN). */
	public double dice() {
		return ratio(2.0 * tp, 2.0 * tp + fp + fn);
	}

	/** IoU = Jaccard = TP / (TP + FP + FN). */
	public double iou() {
		return ratio(tp, (double) tp + fp + fn);
	}

	/** (TP + TN) / all. */
	public double accuracy() {
		return ratio((double) tp + tn, total());
	}

	/** Sensitivity = recall = TP / (TP + FN). */
	public double sensitivity() {
		return ratio(tp, (double) tp + fn);
	}

	/** TN / (TN + FP). */
	public double specificity() {
		return ratio(tn, (double) tn + fp);
	}

	/** TP / (TP + FP). */
	public double precision() {
		return ratio(tp, (double) tp + fp);
	}

	private static double ratio(double numerator, double denominator) {
		return denominator == 0 ? Double.NaN : numerator / denominator;
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof ConfusionCounts)) return false;
		ConfusionCounts c = (ConfusionCounts) o;
		return tp == c.tp && fp == c.fp && tn == c.tn && fn == c.fn;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(((tp * 31 + fp) * 31 + tn) * 31 + fn);
	}

	@Override
	public String toString() {
		return "TP=" + tp + " FP=" + fp + " TN=" + tn + " FN=" + fn;
	}
}
