
package sc.fiji.cenet.metrics;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Evaluates a binary segmentation against its ground truth.
 * <ul>
 * <li>The prediction is a foreground probability in [0, 1], or a binary mask
 * with values 0 and v &ge; threshold. A pixel is predicted foreground when its
 * value is <b>&ge;</b> the threshold (default 0.5). Values are compared in
 * float precision, so a float probability 0.7f reaches a threshold of 0.7. The
 * AUC uses the prediction values themselves, not the thresholded mask, also in
 * float precision.</li>
 * <li>The ground truth must be binary: its values a subset of {0, v} for one v
 * &gt; 0 (e.g. 0/1 or 0/255); v is foreground.</li>
 * <li>An optional field-of-view mask selects the pixels that count: nonzero is
 * inside. Inside the FOV, HD95 is that of prediction &cap; FOV against truth
 * &cap; FOV.</li>
 * </ul>
 * All images must have the same size (their min coordinates are ignored) and
 * any number of dimensions; pixels correspond in flat iteration order.
 * Undefined ratios and distances are NaN, see {@link ConfusionCounts},
 * {@link RocAuc} and {@link HausdorffDistance}.
 */
public final class BinaryEvaluator {

	public static final double DEFAULT_THRESHOLD = 0.5;

	private final double threshold;
	/**
	 * Scores are floats: comparing them with a double threshold would put 0.7f
	 * below 0.7.
	 */
	private final float floatThreshold;

	public BinaryEvaluator() {
		this(DEFAULT_THRESHOLD);
	}

	/** @param threshold a prediction &ge; threshold is foreground */
	public BinaryEvaluator(double threshold) {
		if (Double.isNaN(threshold)) throw new IllegalArgumentException(
			"threshold must not be NaN");
		this.threshold = threshold;
		this.floatThreshold = (float) threshold;
	}

	public double threshold() {
		return threshold;
	}

	/** Metrics over all pixels. */
	public BinaryMetrics evaluate(
		RandomAccessibleInterval<? extends RealType<?>> prediction,
		RandomAccessibleInterval<? extends RealType<?>> truth)
	{
		Pixels.requireSameSize(prediction, "prediction", truth, "ground truth");
		int[] dims = Pixels.dimensions(truth);
		float[] scores = predictionValues(prediction);
		return metrics(scores, Pixels.binaryForeground(truth), null, dims);
	}

	/**
	 * Metrics over all pixels and over the pixels where {@code fov} is nonzero.
	 */
	public FovEvaluation evaluate(
		RandomAccessibleInterval<? extends RealType<?>> prediction,
		RandomAccessibleInterval<? extends RealType<?>> truth,
		RandomAccessibleInterval<? extends RealType<?>> fov)
	{
		Pixels.requireSameSize(prediction, "prediction", truth, "ground truth");
		Pixels.requireSameSize(fov, "field-of-view mask", truth, "ground truth");
		int[] dims = Pixels.dimensions(truth);
		float[] scores = predictionValues(prediction);
		boolean[] truthMask = Pixels.binaryForeground(truth);
		boolean[] inside = Pixels.nonZero(fov);
		return new FovEvaluation(metrics(scores, truthMask, null, dims), metrics(
			scores, truthMask, inside, dims));
	}

	private BinaryMetrics metrics(float[] scores, boolean[] truth,
		boolean[] include, int[] dims)
	{
		boolean[] predicted = new boolean[scores.length];
		for (int i = 0; i < scores.length; i++)
			predicted[i] = scores[i] >= floatThreshold && (include == null ||
				include[i]);
		boolean[] truthInside = truth;
		if (include != null) {
			truthInside = new boolean[truth.length];
			for (int i = 0; i < truth.length; i++)
				truthInside[i] = truth[i] && include[i];
		}
		ConfusionCounts counts = ConfusionCounts.count(truthInside, predicted,
			include);
		double auc = RocAuc.auc(scores, truthInside, include);
		return new BinaryMetrics(counts, auc, HausdorffDistance.hd95(predicted,
			truthInside, dims));
	}

	private static float[] predictionValues(
		RandomAccessibleInterval<? extends RealType<?>> prediction)
	{
		float[] scores = Pixels.values(prediction);
		for (int i = 0; i < scores.length; i++)
			if (Float.isNaN(scores[i])) throw new IllegalArgumentException(
				"prediction is NaN at " + Grid.position(i, Pixels.dimensions(
					prediction)));
		return scores;
	}
}
