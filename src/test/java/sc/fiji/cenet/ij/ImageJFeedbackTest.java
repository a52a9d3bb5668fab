
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.ClassRule;
import org.junit.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;

import sc.fiji.cenet.commands.CommandProgress;

public class ImageJFeedbackTest {

	@ClassRule
	public static final StandaloneContext context = new StandaloneContext();

	@Test
	public void theCommandsLinesAndProgressReachImageJOnlyWhileRunning() {
		final List<String> log = new ArrayList<>();
		final List<String> status = java.util.Collections.synchronizedList(
			new ArrayList<>());
		final LogService logService = context.get().service(LogService.class);
		final StatusService statusService = context.get().service(
			StatusService.class);
		try (ImageJFeedback feedback = ImageJFeedback.start(context.get(), log::add,
			(m, v, max) -> status.add(m + " " + v + "/" + max)))
		{
			logService.subLogger(CommandProgress.LOG_SOURCE, LogLevel.INFO).info(
				"model written");
			logService.info("another plugin's line");
			statusService.showStatus(3, 10, "tile 3 of 10");
			// status events may be delivered on another thread
			for (int i = 0; i < 500 && status.isEmpty(); i++)
				sleep();
		}
		logService.subLogger(CommandProgress.LOG_SOURCE, LogLevel.INFO).info(
			"after the command");
		statusService.showStatus(4, 10, "after");
		for (int i = 0; i < 20; i++)
			sleep();
		assertEquals("[model written]", log.toString());
		assertEquals("[tile 3 of 10 3/10]", status.toString());
	}

	/**
	 * In plain ImageJ the commands' lines go to ImageJ's Log only: in a
	 * batch-mode macro ImageJ prints its Log on stdout, and SciJava's console log
	 * printed every line a second time.
	 */
	@Test
	public void plainImageJsConsoleLogLeavesTheCommandsLinesToImageJ() {
		final Context plain = SciJavaContexts.createForPlainImageJ();
		try {
			final LogService log = plain.service(LogService.class);
			assertTrue(log.getClass().getName(), log instanceof ImageJLogService);
			final ByteArrayOutputStream printed = new ByteArrayOutputStream();
			final PrintStream console = new PrintStream(printed, true);
			((ImageJLogService) log).setPrintStreams(level -> console);
			final List<String> shown = new ArrayList<>();
			try (ImageJFeedback feedback = ImageJFeedback.start(plain, shown::add,
				null))
			{
				log.subLogger(CommandProgress.LOG_SOURCE, LogLevel.INFO).info(
					"CE-Net Predict: a.tif done");
				log.warn("another plugin's warning");
			}
			assertEquals("[CE-Net Predict: a.tif done]", shown.toString());
			assertFalse(printed.toString(), printed.toString().contains(
				"a.tif done"));
			assertTrue(printed.toString(), printed.toString().contains(
				"another plugin's warning"));
		}
		finally {
			plain.dispose();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
