
package sc.fiji.cenet.progress;

/**
 * How long-running library work (training, folder prediction, evaluation)
 * reports progress and learns that the user cancelled. The libraries know
 * nothing of SciJava; commands adapt this to {@code StatusService}.
 */
public interface ProgressListener {

	/**
	 * @param fraction done so far, in [0, 1]; @param message one human-readable
	 *          line, or null
	 */
	void progress(double fraction, String message);

	/** Checked between steps; work stops soon after it turns true. */
	default boolean isCancelled() {
		return false;
	}

	/** A log line that is not a progress update (e.g. one line per epoch). */
	default void log(String line) {
		progress(Double.NaN, line);
	}

	ProgressListener NONE = (f, m) -> {};

	/** Throws {@link CancelledException} when cancelled. */
	default void checkCancelled() {
		if (isCancelled()) throw new CancelledException();
	}
}
