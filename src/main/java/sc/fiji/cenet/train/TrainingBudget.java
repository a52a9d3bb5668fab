
package sc.fiji.cenet.train;

import java.util.function.LongSupplier;

/**
 * How much of a run's budget is spent: its epochs and, with a time limit, its
 * minutes, counted across interruptions (a resumed run continues the clock of
 * its checkpoint). The schedule follows {@link #progress}; the last epoch is
 * the one whose end lies nearest to the limit.
 */
final class TrainingBudget {

	private final int epochs;
	private final double limitSeconds;
	private final LongSupplier nanoClock;
	private final long startNanos;
	private final double secondsBefore;

	/**
	 * @param minutes the time limit, 0 for none
	 * @param secondsBefore training time spent before this process (resume)
	 */
	TrainingBudget(int epochs, double minutes, LongSupplier nanoClock,
		double secondsBefore)
	{
		this.epochs = epochs;
		this.limitSeconds = minutes * 60;
		this.nanoClock = nanoClock;
		this.startNanos = nanoClock.getAsLong();
		this.secondsBefore = secondsBefore;
	}

	int epochs() {
		return epochs;
	}

	boolean hasTimeLimit() {
		return limitSeconds > 0;
	}

	double limitSeconds() {
		return limitSeconds;
	}

	/** Seconds of training so far, this process's and those before a resume. */
	double elapsedSeconds() {
		return secondsBefore + (nanoClock.getAsLong() - startNanos) / 1e9;
	}

	/**
	 * The share of the budget spent after {@code epochsDone} whole epochs and
	 * {@code epochFraction} of the next: of the epochs, or of the time limit when
	 * that is further along; in [0, 1].
	 */
	double progress(int epochsDone, double epochFraction) {
		double byEpochs = (epochsDone + epochFraction) / epochs;
		double byTime = hasTimeLimit() ? elapsedSeconds() / limitSeconds : 0;
		return Math.min(1, Math.max(byEpochs, byTime));
	}

	/**
	 * Whether the epoch just trained is the last: the epochs are done, or, with a
	 * time limit, stopping now (after {@code validationSeconds} more for the
	 * final validation) ends nearer to the limit than one more epoch of
	 * {@code epochSeconds} would.
	 */
	boolean isLastEpoch(int epoch, double epochSeconds,
		double validationSeconds)
	{
		if (epoch >= epochs) return true;
		return hasTimeLimit() && elapsedSeconds() + validationSeconds +
			epochSeconds / 2 >= limitSeconds;
	}
}
