
package sc.fiji.cenet.commands;

import sc.fiji.cenet.progress.ProgressListener;

/**
 * The progress of step {@code i} of {@code n} (e.g. one image of a folder) as
 * its share of the whole.
 */
final class StepProgress implements ProgressListener {

	private final ProgressListener whole;
	private final int step;
	private final int steps;
	private final String name;

	/** @param name what the step works on, e.g. a file name, for messages */
	StepProgress(final ProgressListener whole, final int step, final int steps,
		final String name)
	{
		this.whole = whole;
		this.step = step;
		this.steps = steps;
		this.name = name;
	}

	@Override
	public void progress(final double fraction, final String message) {
		if (Double.isNaN(fraction)) {
			log(message);
			return;
		}
		whole.progress((step + fraction) / steps, prefix() + (message == null ? ""
			: ", " + message));
	}

	@Override
	public void log(final String line) {
		whole.log(prefix() + (line == null ? "" : ": " + line));
	}

	@Override
	public boolean isCancelled() {
		return whole.isCancelled();
	}

	private String prefix() {
		return name + " (" + (step + 1) + " of " + steps + ")";
	}
}
