
package sc.fiji.cenet.train;

import java.nio.file.Path;

/**
 * The files of one training run, all named after its model file, e.g.
 * {@code m.cenet}: the model, {@code m.cenet.checkpoint}, {@code m-history.csv}
 * and {@code m-history.png}; and the keys of the checkpoint's properties. One
 * place for both, so that the trainer, the command and the output checks agree.
 */
public final class RunFiles {

	/** Checkpoint keys: where the run stands. */
	static final String EPOCH = "epoch", STEP = "step", ELAPSED_SECONDS =
		"elapsed_seconds", HISTORY_CSV = "history_csv", BEST_EPOCH = "best_epoch",
			BEST_FIGURE = "best_figure", SECONDS_SINCE_VALIDATION =
				"seconds_since_validation", VALIDATION_SECONDS = "validation_seconds",
			EPOCH_SECONDS = "epoch_seconds";
	/**
	 * Checkpoint key: why the run ended, in the checkpoint of its last epoch.
	 */
	static final String ENDED = "ended";
	/**
	 * Checkpoint key prefix of the settings that define the run
	 * ({@link RunFingerprint}).
	 */
	static final String RUN_PREFIX = "run.";
	/** Checkpoint tensor groups. */
	static final String WEIGHTS_GROUP = "weights", ADAM_GROUP = "adam";

	private final Path model;

	public RunFiles(Path model) {
		this.model = model;
	}

	public Path model() {
		return model;
	}

	/** Written after every epoch; removed when the run has finished. */
	public Path checkpoint() {
		return model.resolveSibling(model.getFileName() + ".checkpoint");
	}

	/** The per-epoch history as CSV. */
	public Path history() {
		return sibling("-history.csv");
	}

	/** The plot of the history (written by the command). */
	public Path plot() {
		return sibling("-history.png");
	}

	private Path sibling(String suffix) {
		String name = model.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) +
			suffix);
	}
}
