
package sc.fiji.cenet.ij;

import java.util.List;
import java.util.function.Consumer;

import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.log.LogListener;
import org.scijava.log.LogMessage;
import org.scijava.log.LogService;

import ij.IJ;
import sc.fiji.cenet.commands.CommandProgress;

/**
 * While a command runs from ImageJ 1.x, shows what it reports where an ImageJ
 * user looks: its log lines in the Log window and, in plain ImageJ (where no
 * Fiji status bar listens to SciJava), its progress in ImageJ's status and
 * progress bars. Only the commands' own lines are shown, not those of every
 * other plugin of the context.
 */
final class ImageJFeedback implements AutoCloseable {

	/**
	 * Where status events go: message, then progress value and maximum (0 =
	 * none).
	 */
	interface StatusSink {

		void show(String message, int value, int maximum);
	}

	private final LogService log;
	private final LogListener listener;
	private final EventService events;
	private final StatusForwarder forwarder;
	private final List<EventSubscriber<?>> subscribers;

	private ImageJFeedback(final Context context, final Consumer<String> logSink,
		final StatusSink statusSink)
	{
		log = context.getService(LogService.class);
		listener = (final LogMessage message) -> {
			if (isCommandLine(message)) logSink.accept(message.text());
		};
		if (log != null) log.addLogListener(listener);
		events = statusSink == null ? null : context.getService(EventService.class);
		forwarder = events == null ? null : new StatusForwarder(statusSink);
		subscribers = events == null ? null : events.subscribe(forwarder);
	}

	/**
	 * Starts forwarding to ImageJ's Log window and, when {@code statusBar}, to
	 * its status and progress bars.
	 */
	static ImageJFeedback start(final Context context, final boolean statusBar) {
		return start(context, IJ::log, statusBar ? ImageJFeedback::showInImageJ
			: null);
	}

	/** As {@link #start(Context, boolean)}, with the sinks given (for tests). */
	static ImageJFeedback start(final Context context,
		final Consumer<String> logSink, final StatusSink statusSink)
	{
		return new ImageJFeedback(context, logSink, statusSink);
	}

	/**
	 * Whether a line comes from a command (its {@link CommandProgress#LOG_SOURCE}
	 * logger).
	 */
	static boolean isCommandLine(final LogMessage message) {
		return message.source() != null && message.source().path().contains(
			CommandProgress.LOG_SOURCE);
	}

	private static void showInImageJ(final String message, final int value,
		final int maximum)
	{
		if (message != null) IJ.showStatus(message);
		if (maximum > 0) IJ.showProgress(value, maximum);
		else IJ.showProgress(1.0); // done: hides the bar
	}

	@Override
	public void close() {
		if (log != null) log.removeLogListener(listener);
		if (subscribers != null) events.unsubscribe(subscribers);
	}

	/**
	 * The event service holds subscribers weakly: the feedback keeps this one.
	 */
	public static final class StatusForwarder {

		private final StatusSink sink;

		StatusForwarder(final StatusSink sink) {
			this.sink = sink;
		}

		@EventHandler
		public void onStatus(final StatusEvent event) {
			sink.show(event.getStatusMessage(), event.getProgressValue(), event
				.getProgressMaximum());
		}
	}
}
