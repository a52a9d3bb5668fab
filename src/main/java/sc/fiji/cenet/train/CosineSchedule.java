
package sc.fiji.cenet.train;

/**
 * Linear warm-up over the first {@value #WARMUP} of the budget, then cosine
 * decay from the peak rate to zero at its end. The position in the budget
 * ({@link TrainingBudget#progress}) comes from the epochs done or from the
 * clock, so a run under a time limit anneals exactly when its minutes run out.
 */
final class CosineSchedule {

	/** Share of the budget spent warming up: a few epochs of a 30-minute run. */
	static final double WARMUP = 0.02;

	private final double peak;

	CosineSchedule(double peak) {
		if (!(peak > 0)) throw new IllegalArgumentException(
			"the peak learning rate must be positive, not " + peak);
		this.peak = peak;
	}

	/** The rate at this share of the budget (clamped to [0, 1]). */
	double learningRate(double progress) {
		double p = Math.min(1, Math.max(0, progress));
		double warm = p < WARMUP ? Math.max(p, WARMUP / 100) / WARMUP : 1;
		return peak * warm * 0.5 * (1 + Math.cos(Math.PI * p));
	}
}
