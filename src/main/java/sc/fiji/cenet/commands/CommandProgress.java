
package sc.fiji.cenet.commands;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.log.Logger;

import sc.fiji.cenet.progress.ProgressListener;

/**
 * The libraries' {@link ProgressListener} on top of SciJava: progress goes to
 * the {@link StatusService} (Fiji's status bar), log lines to the
 * {@link LogService} too, and the work stops when the command is cancelled or
 * its thread interrupted. Either service may be absent (null).
 */
public final class CommandProgress implements ProgressListener {

	/**
	 * The name of the logger the commands' lines go to, a child of the context's
	 * LogService, so that a front end can show these lines (ImageJ's Log window)
	 * without every other plugin's.
	 */
	public static final String LOG_SOURCE = "CE-Net";

	/** StatusService takes integer progress; this many steps make 100 %. */
	private static final int STEPS = 1000;

	private final StatusService status;
	private final Logger log;
	private final Cancelable command;
	private final String prefix;

	/** @param prefix put before every message, e.g. "CE-Net Predict: " */
	CommandProgress(final StatusService status, final LogService log,
		final Cancelable command, final String prefix)
	{
		this.status = status;
		this.log = log == null ? null : log.subLogger(LOG_SOURCE, LogLevel.INFO);
		this.command = command;
		this.prefix = prefix;
	}

	@Override
	public void progress(final double fraction, final String message) {
		if (Double.isNaN(fraction)) {
			log(message);
			return;
		}
		if (status == null) return;
		final int done = (int) Math.round(Math.max(0, Math.min(1, fraction)) *
			STEPS);
		status.showStatus(done, STEPS, prefix + (message == null ? "" : message));
	}

	@Override
	public void log(final String line) {
		if (line == null) return;
		if (status != null) status.showStatus(prefix + line);
		if (log != null) log.info(prefix + line);
	}

	@Override
	public boolean isCancelled() {
		return command.isCanceled() || Thread.currentThread().isInterrupted();
	}

	/** Clears the status bar at the end of the work. */
	void done() {
		if (status != null) status.clearStatus();
	}
}
