
package sc.fiji.cenet.train;

import java.util.Properties;

/**
 * The reference's plateau schedule, with its counter bug fixed.
 * <p>
 * After each epoch the monitored loss (validation loss when there is a
 * validation set, else the training loss) is compared with the best so far.
 * More than {@code patience} (10) epochs without improvement: reload the best
 * weights and halve the learning rate. More than {@code stopPatience} (20)
 * epochs since the best: stop. A halving that would take the rate below
 * {@code minLearningRate} (5e-7) stops instead.
 * <p>
 * The reference never resets its counter after a halving, so once it triggers
 * it halves every epoch and stops within a few epochs. Here the halving counter
 * restarts at each halving, while the stop counter still counts from the best
 * epoch.
 */
public final class LearningRateSchedule {

	/** What to do after an epoch. */
	public enum Decision {
			CONTINUE, IMPROVED, HALVE_AND_RELOAD_BEST, STOP
	}

	private final int patience;
	private final int stopPatience;
	private final double minLearningRate;

	private double learningRate;
	private double bestLoss = Double.POSITIVE_INFINITY;
	private int bestEpoch;
	private int sinceBest;
	private int sinceChange;
	private String stopReason;

	public LearningRateSchedule(double learningRate) {
		this(learningRate, 10, 20, 5e-7);
	}

	public LearningRateSchedule(double learningRate, int patience,
		int stopPatience, double minLearningRate)
	{
		this.learningRate = learningRate;
		this.patience = patience;
		this.stopPatience = stopPatience;
		this.minLearningRate = minLearningRate;
	}

	/** Records one epoch's monitored loss (NaN counts as no improvement). */
	public Decision update(int epoch, double loss) {
		if (loss < bestLoss) {
			bestLoss = loss;
			bestEpoch = epoch;
			sinceBest = 0;
			sinceChange = 0;
			return Decision.IMPROVED;
		}
		sinceBest++;
		sinceChange++;
		if (sinceBest > stopPatience) {
			stopReason = "no improvement for " + sinceBest + " epochs (best: epoch " +
				bestEpoch + ")";
			return Decision.STOP;
		}
		if (sinceChange > patience) {
			if (learningRate / 2 < minLearningRate) {
				stopReason = "learning rate would fall below " + minLearningRate;
				return Decision.STOP;
			}
			learningRate /= 2;
			sinceChange = 0;
			return Decision.HALVE_AND_RELOAD_BEST;
		}
		return Decision.CONTINUE;
	}

	public double learningRate() {
		return learningRate;
	}

	public double bestLoss() {
		return bestLoss;
	}

	public int bestEpoch() {
		return bestEpoch;
	}

	public String stopReason() {
		return stopReason;
	}

	/** State for a checkpoint. */
	public void save(Properties p) {
		p.setProperty("schedule.learning_rate", Double.toString(learningRate));
		p.setProperty("schedule.best_loss", Double.toString(bestLoss));
		p.setProperty("schedule.best_epoch", Integer.toString(bestEpoch));
		p.setProperty("schedule.since_best", Integer.toString(sinceBest));
		p.setProperty("schedule.since_change", Integer.toString(sinceChange));
	}

	/** Restores {@link #save} state. */
	public void restore(Properties p) {
		learningRate = Double.parseDouble(p.getProperty("schedule.learning_rate"));
		bestLoss = Double.parseDouble(p.getProperty("schedule.best_loss"));
		bestEpoch = Integer.parseInt(p.getProperty("schedule.best_epoch"));
		sinceBest = Integer.parseInt(p.getProperty("schedule.since_best"));
		sinceChange = Integer.parseInt(p.getProperty("schedule.since_change"));
	}
}
