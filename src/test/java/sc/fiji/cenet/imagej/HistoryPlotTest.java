
package sc.fiji.cenet.imagej;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.model.TrainingHistory.Epoch;

public class HistoryPlotTest {

	private static final double NaN = Double.NaN;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void showsBothValidationDiceValues() {
		TrainingHistory h = new TrainingHistory();
		h.add(new Epoch(1, 0.9, 0.8, 0.5, 0.9, 2e-4, 1).withValDiceCalibrated(0.6));
		h.add(new Epoch(2, 0.7, 0.6, 0.6, 0.9, 2e-4, 1).withValDiceCalibrated(
			0.65));
		Plot plot = HistoryPlot.plot(h);
		assertEquals(4, plot.getNumPlotObjects());
		assertEquals("[0.6, 0.65]", Arrays.toString(plot.getDataObjectArrays(
			3)[1]));
	}

	/**
	 * Without validation, or in a history written before the calibrated Dice,
	 * those curves are left out.
	 */
	@Test
	public void leavesOutCurvesWithoutValues() {
		TrainingHistory h = new TrainingHistory();
		h.add(new Epoch(1, 0.9, 0.8, 0.5, 0.9, 2e-4, 1));
		assertEquals(3, HistoryPlot.plot(h).getNumPlotObjects());
		TrainingHistory none = new TrainingHistory();
		none.add(new Epoch(1, 0.9, NaN, NaN, NaN, 2e-4, 1));
		assertEquals(1, HistoryPlot.plot(none).getNumPlotObjects());
	}

	/**
	 * Each training showed its history in a new "CE-Net Training" window: a run
	 * continued after Esc or run again opened one more. Trainings of one model
	 * file share a window, titled with its name.
	 */
	@Test
	public void trainingsOfOneModelShareOneWindow() throws Exception {
		if (!GraphicsEnvironment.isHeadless()) {
			assertEquals(Arrays.asList("CE-Net Training - other.cenet",
				"CE-Net Training - vessels.cenet"), windowTitles(tmp.getRoot()
					.toPath()));
			return;
		}
		// headless (mvn verify on CI): the same check in a child JVM on a virtual
		// display
		final boolean xvfb = new ProcessBuilder("sh", "-c", "command -v xvfb-run")
			.start().waitFor() == 0;
		if (!xvfb) {
			if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(
				"the window test needs xvfb-run");
			Assume.assumeTrue("no display and no xvfb-run: skipping the window test",
				false);
		}
		final java.io.File out = tmp.newFile("child.txt");
		final java.util.List<String> command = XvfbRun.command();
		command.addAll(java.util.Arrays.asList(java.nio.file.Paths.get(System
			.getProperty("java.home"), "bin", "java").toString(), "-cp", System
				.getProperty("java.class.path"), WindowTitles.class.getName(), tmp
					.newFolder("child").toString()));
		final Process child = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(out).start();
		org.junit.Assert.assertTrue("the child ends", child.waitFor(120,
			java.util.concurrent.TimeUnit.SECONDS));
		final String printed = new String(java.nio.file.Files.readAllBytes(out
			.toPath()), java.nio.charset.StandardCharsets.UTF_8);
		assertEquals(printed, 0, child.exitValue());
		org.junit.Assert.assertTrue(printed, printed.contains(
			"TITLES [CE-Net Training - other.cenet, CE-Net Training - vessels.cenet]"));
	}

	/**
	 * The titles of the plot windows the trainings of two models open, as a user
	 * would see them.
	 */
	static List<String> windowTitles(final Path dir) throws Exception {
		final TrainingHistory h = new TrainingHistory();
		h.add(new Epoch(1, 0.9, 0.8, 0.5, 0.9, 2e-4, 1));
		final TrainingHistory longer = h.copy();
		longer.add(new Epoch(2, 0.7, 0.6, 0.6, 0.9, 2e-4, 1));
		final List<Window> before = Arrays.asList(Window.getWindows());
		try {
			HistoryPlot.forModel(dir.resolve("vessels.cenet")).show(h); // the first
																																	// run
			HistoryPlot.forModel(dir.resolve("vessels.cenet")).show(longer); // continued
																																				// after
																																				// Esc
			HistoryPlot.forModel(dir.resolve("sub/../vessels.cenet")).show(longer); // the
																																							// same
																																							// file
			HistoryPlot.forModel(dir.resolve("other.cenet")).show(h); // another model
			EventQueue.invokeAndWait(() -> {}); // windows are shown on the event
																					// thread
			final List<String> titles = new ArrayList<>();
			for (final Window w : Window.getWindows())
				if (w instanceof PlotWindow && w.isShowing() && !before.contains(w))
					titles.add(((PlotWindow) w).getTitle());
			Collections.sort(titles);
			return titles;
		}
		finally {
			for (final Window w : Window.getWindows())
				if (w instanceof PlotWindow && !before.contains(w)) w.dispose();
		}
	}

	/** {@link #windowTitles} in a JVM with a display: prints them. */
	public static final class WindowTitles {

		public static void main(final String[] args) throws Exception {
			System.out.println("TITLES " + windowTitles(java.nio.file.Paths.get(
				args[0])));
			System.exit(0);
		}
	}
}
