
package sc.fiji.cenet.metrics;

import java.util.function.ToDoubleFunction;

/**
 * The metrics of the evaluation tables, in column order: each a column name and
 * how it is read from an image's {@link BinaryMetrics}. The evaluators, the
 * tables, their CSV files and ImageJ's results tables all follow this list, so
 * a new metric is one entry here (with its function, e.g. a ratio of
 * {@link ConfusionCounts}).
 */
public enum Metric {

		TP("TP", BinaryMetrics::tp, true), FP("FP", BinaryMetrics::fp, true), TN(
			"TN", BinaryMetrics::tn, true), FN("FN", BinaryMetrics::fn, true), DICE(
				"Dice", BinaryMetrics::dice, false), IOU("IoU", BinaryMetrics::iou,
					false), ACCURACY("Accuracy", BinaryMetrics::accuracy, false),
		SENSITIVITY("Sensitivity", BinaryMetrics::sensitivity, false), SPECIFICITY(
			"Specificity", BinaryMetrics::specificity, false), PRECISION("Precision",
				BinaryMetrics::precision, false), AUC("AUC", BinaryMetrics::auc, false),
		HD95("HD95_px", BinaryMetrics::hd95, false);

	private final String column;
	private final ToDoubleFunction<BinaryMetrics> value;
	private final boolean count;

	Metric(String column, ToDoubleFunction<BinaryMetrics> value, boolean count) {
		this.column = column;
		this.value = value;
		this.count = count;
	}

	/**
	 * The column name. Users read columns by name in ImageJ macros
	 * ({@code getResult("Dice", row)}): do not rename.
	 */
	public String column() {
		return column;
	}

	/** Whether it is a pixel count, an integer in per-image rows. */
	public boolean isCount() {
		return count;
	}

	public double of(BinaryMetrics m) {
		return value.applyAsDouble(m);
	}
}
