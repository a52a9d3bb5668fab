
package sc.fiji.cenet.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one binary segmentation: confusion counts, the ratios derived
 * from them (see {@link ConfusionCounts} for the NaN convention), ROC AUC (see
 * {@link RocAuc}) and HD95 in pixels (see {@link HausdorffDistance}).
 */
public final class BinaryMetrics {

	/** Column names, in table order: those of {@link Metric}. */
	public static final List<String> COLUMNS = columns(false);

	/** The columns holding pixel counts, which are integers in per-image rows. */
	public static final List<String> COUNT_COLUMNS = columns(true);

	private static List<String> columns(boolean countsOnly) {
		List<String> names = new ArrayList<>();
		for (Metric m : Metric.values())
			if (!countsOnly || m.isCount()) names.add(m.column());
		return Collections.unmodifiableList(names);
	}

	private final ConfusionCounts counts;
	private final double auc;
	private final double hd95;

	public BinaryMetrics(ConfusionCounts counts, double auc, double hd95) {
		if (counts == null) throw new IllegalArgumentException(
			"counts must not be null");
		this.counts = counts;
		this.auc = auc;
		this.hd95 = hd95;
	}

	public ConfusionCounts counts() {
		return counts;
	}

	public long tp() {
		return counts.tp();
	}

	public long fp() {
		return counts.fp();
	}

	public long tn() {
		return counts.tn();
	}

	public long fn() {
		return counts.fn();
	}

	public double dice() {
		return counts.dice();
	}

	public double iou() {
		return counts.iou();
	}

	public double accuracy() {
		return counts.accuracy();
	}

	public double sensitivity() {
		return counts.sensitivity();
	}

	public double specificity() {
		return counts.specificity();
	}

	public double precision() {
		return counts.precision();
	}

	/**
	 * Area under the ROC curve of the scores; NaN when the truth has one class
	 * only or no scores were given.
	 */
	public double auc() {
		return auc;
	}

	/**
	 * 95th percentile Hausdorff distance in pixels; NaN when truth or prediction
	 * is empty.
	 */
	public double hd95() {
		return hd95;
	}

	/** Every metric by its column name, in {@link #COLUMNS} order. */
	public Map<String, Double> asMap() {
		Map<String, Double> map = new LinkedHashMap<>();
		for (Metric m : Metric.values())
			map.put(m.column(), m.of(this));
		return Collections.unmodifiableMap(map);
	}

	/** The metric of a column name in {@link #COLUMNS}. */
	public double get(String column) {
		Double value = asMap().get(column);
		if (value == null) throw new IllegalArgumentException("no metric named '" +
			column + "'; known: " + COLUMNS);
		return value;
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof BinaryMetrics)) return false;
		BinaryMetrics m = (BinaryMetrics) o;
		return counts.equals(m.counts) && Double.compare(auc, m.auc) == 0 && Double
			.compare(hd95, m.hd95) == 0;
	}

	@Override
	public int hashCode() {
		return (counts.hashCode() * 31 + Double.hashCode(auc)) * 31 + Double
			.hashCode(hd95);
	}

	@Override
	public String toString() {
		return asMap().toString();
	}
}
