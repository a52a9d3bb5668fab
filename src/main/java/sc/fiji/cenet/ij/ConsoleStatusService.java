
package sc.fiji.cenet.ij;

import org.scijava.app.DefaultStatusService;
import org.scijava.app.StatusService;

/**
 * The {@link StatusService} of a console run: as SciJava's own (status events
 * still go out), and every progress report also goes, on the reporting thread
 * and so in order, to {@link ProgressLines}. SciJava's status events arrive on
 * pool threads, out of order and possibly after the command has ended, so
 * listening to those would not do.
 * <p>
 * Not a {@code @Plugin}: only {@link SciJavaContexts#createConsole} asks for it
 * by class, so Fiji's own context never picks it.
 * </p>
 */
public class ConsoleStatusService extends DefaultStatusService {

	private volatile ProgressLines lines;

	/** Where progress reports go from now on; null for nowhere. */
	void setProgressLines(final ProgressLines lines) {
		this.lines = lines;
	}

	@Override
	public void showProgress(final int value, final int maximum) {
		super.showProgress(value, maximum);
		report(value, maximum, null);
	}

	@Override
	public void showStatus(final int progress, final int maximum,
		final String message)
	{
		super.showStatus(progress, maximum, message);
		report(progress, maximum, message);
	}

	@Override
	public void showStatus(final int progress, final int maximum,
		final String message, final boolean warn)
	{
		super.showStatus(progress, maximum, message, warn);
		report(progress, maximum, message);
	}

	/**
	 * Prints the report the throttle held back, so that a log line that follows
	 * it comes after it.
	 */
	void printHeldProgress() {
		final ProgressLines l = lines;
		if (l != null) l.finish();
	}

	private void report(final int value, final int maximum,
		final String message)
	{
		final ProgressLines l = lines;
		if (l != null) l.progress(value, maximum, message);
	}
}
