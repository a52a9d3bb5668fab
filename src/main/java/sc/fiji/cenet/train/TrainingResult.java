
package sc.fiji.cenet.train;

import java.nio.file.Path;

import sc.fiji.cenet.model.TrainingHistory;

/** What a training run left behind. */
public final class TrainingResult {

	private final Path modelFile, historyCsv;
	private final TrainingHistory history;
	private final String stopReason;
	private final int bestEpoch;

	TrainingResult(Path modelFile, Path historyCsv, TrainingHistory history,
		String stopReason, int bestEpoch)
	{
		this.bestEpoch = bestEpoch;
		this.modelFile = modelFile;
		this.historyCsv = historyCsv;
		this.history = history;
		this.stopReason = stopReason;
	}

	/** The best model (lowest monitored loss); null when no epoch finished. */
	public Path modelFile() {
		return modelFile;
	}

	public Path historyCsv() {
		return historyCsv;
	}

	public TrainingHistory history() {
		return history.copy();
	}

	/**
	 * Why training ended: all epochs done, early stop, cancel, time limit,
	 * non-finite loss.
	 */
	public String stopReason() {
		return stopReason;
	}

	/** The epoch whose weights the model file holds; 0 when none was saved. */
	public int bestEpoch() {
		return bestEpoch;
	}
}
