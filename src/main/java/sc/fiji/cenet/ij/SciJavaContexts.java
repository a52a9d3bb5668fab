
package sc.fiji.cenet.ij;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.log.StderrLogService;
import org.scijava.service.Service;
import org.scijava.thread.ThreadService;

import ij.IJ;
import sc.fiji.cenet.service.CENetModelService;

/**
 * The SciJava context the commands run in: Fiji's own when the plugin runs in
 * Fiji, otherwise one small context per JVM, created on first use.
 */
public final class SciJavaContexts {

	/**
	 * What the CE-Net commands may ask for, plus what running a command needs.
	 */
	private static final List<Class<? extends Service>> SERVICES = Arrays.asList(
		CommandService.class, ThreadService.class, EventService.class,
		StatusService.class, LogService.class, ConvertService.class,
		CENetModelService.class);

	private static Context standalone;

	private SciJavaContexts() {}

	/**
	 * Fiji's context if this is Fiji, else the shared standalone context. Call
	 * with the thread context class loader set to {@link IJ#getClassLoader()}, so
	 * that commands in jars under {@code plugins/} are found.
	 */
	public static synchronized Context forImageJ() {
		final Context fiji = fijiContext();
		if (fiji != null) return fiji;
		if (standalone == null) standalone = createForPlainImageJ();
		return standalone;
	}

	/**
	 * The context of plain ImageJ: as {@link #createStandalone}, with the
	 * {@link ImageJLogService}, which leaves the commands' lines to ImageJ's Log,
	 * so that a batch-mode macro prints each once. Asked for by class, as in
	 * {@link #createConsole}. The caller disposes it.
	 */
	static Context createForPlainImageJ() {
		final List<Class<? extends Service>> services = new ArrayList<>();
		services.add(ImageJLogService.class); // first: the other services log while
																					// they start
		for (final Class<? extends Service> s : SERVICES)
			if (s != LogService.class) services.add(s);
		return new Context(services);
	}

	/**
	 * Whether {@code context} is Fiji's, whose status bar already shows SciJava's
	 * status events.
	 */
	public static synchronized boolean isFiji(final Context context) {
		return context != standalone;
	}

	/** A new context with the services commands need; the caller disposes it. */
	public static Context createStandalone() {
		return new Context(SERVICES);
	}

	/**
	 * A new context for a console run, whose log lines of every level go to
	 * {@code logs}: SciJava's console log prints INFO and DEBUG to System.out,
	 * where they would mix with the results. The console log is asked for by
	 * class, so that another log service on the classpath (Fiji's jars hold a
	 * logback one) cannot take its place; so is the {@link ConsoleStatusService},
	 * which passes progress reports on. The caller disposes the context.
	 */
	public static Context createConsole(final PrintStream logs) {
		final List<Class<? extends Service>> services = new ArrayList<>();
		// first: the other services log while they start
		services.add(StderrLogService.class);
		for (final Class<? extends Service> s : SERVICES)
			if (s != LogService.class) services.add(s == StatusService.class
				? ConsoleStatusService.class : s);
		final Context context = new Context(services);
		final LogService log = context.getService(LogService.class);
		final StatusService status = context.getService(StatusService.class);
		if (!(log instanceof StderrLogService) ||
			!(status instanceof ConsoleStatusService))
		{
			context.dispose();
			throw new IllegalStateException("SciJava chose " + log.getClass()
				.getName() + " and " + status.getClass().getName() +
				" instead of the console services; report this as a CE-Net bug");
		}
		// asked for each message as it is printed: a held progress line goes first
		final ConsoleStatusService console = (ConsoleStatusService) status;
		((StderrLogService) log).setPrintStreams(level -> {
			console.printHeldProgress();
			return logs;
		});
		return context;
	}

	/**
	 * In Fiji, the legacy layer answers
	 * {@code IJ.runPlugIn("org.scijava.Context")} with the running context. Plain
	 * ImageJ would instead build a full new context each time, so ask only when
	 * the legacy layer is there.
	 */
	private static Context fijiContext() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, IJ
				.getClassLoader());
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return null;
		}
		final Object context = IJ.runPlugIn("org.scijava.Context", "");
		return context instanceof Context ? (Context) context : null;
	}
}
