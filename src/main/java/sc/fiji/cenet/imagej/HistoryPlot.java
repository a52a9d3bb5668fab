
package sc.fiji.cenet.imagej;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.io.FileSaver;
import ij.macro.Interpreter;
import sc.fiji.cenet.model.TrainingHistory;

/**
 * The training history as an ImageJ {@link Plot}: training loss, validation
 * loss, validation Dice at the threshold 0.5 and at the calibrated threshold
 * per epoch. Saved as PNG next to the model, and shown live during training
 * when someone can see it.
 */
public final class HistoryPlot {

	public static final String TITLE = "CE-Net Training";

	private static final Color TRAIN_LOSS = new Color(0x1f77b4);
	private static final Color VAL_LOSS = new Color(0xd62728);
	private static final Color VAL_DICE = new Color(0x2ca02c);
	private static final Color VAL_DICE_CALIBRATED = new Color(0xff7f0e);

	/**
	 * The live plots by model file: each training of a model draws into the same
	 * window.
	 */
	private static final Map<Path, HistoryPlot> BY_MODEL =
		new ConcurrentHashMap<>();

	private final String windowTitle;
	private PlotWindow window;

	private HistoryPlot(final String windowTitle) {
		this.windowTitle = windowTitle;
	}

	/**
	 * The live plot of a model's training, titled
	 * {@code CE-Net Training - <model file name>}: trainings of the same model
	 * file (a run continued after Esc, a new run that replaces it) show in one
	 * window instead of a new one each time.
	 */
	public static HistoryPlot forModel(final Path model) {
		final Path key = model.toAbsolutePath().normalize();
		return BY_MODEL.computeIfAbsent(key, k -> new HistoryPlot(TITLE + " - " + k
			.getFileName()));
	}

	/**
	 * The plot of a history; epochs without validation leave their curves out.
	 */
	public static Plot plot(final TrainingHistory history) {
		return plot(history, TITLE);
	}

	private static Plot plot(final TrainingHistory history, final String title) {
		final List<TrainingHistory.Epoch> epochs = history.epochs();
		final int n = epochs.size();
		final double[] x = new double[n], trainLoss = new double[n], valLoss =
			new double[n], valDice = new double[n], valDiceCalibrated = new double[n];
		for (int i = 0; i < n; i++) {
			final TrainingHistory.Epoch e = epochs.get(i);
			x[i] = e.number();
			trainLoss[i] = e.trainLoss();
			valLoss[i] = e.valLoss();
			valDice[i] = e.valDice();
			valDiceCalibrated[i] = e.valDiceCalibrated();
		}
		final Plot plot = new Plot(title, "epoch", "loss / Dice");
		final StringBuilder legend = new StringBuilder();
		add(plot, x, trainLoss, TRAIN_LOSS, "training loss", legend);
		add(plot, x, valLoss, VAL_LOSS, "validation loss", legend);
		add(plot, x, valDice, VAL_DICE, "validation Dice (threshold 0.5)", legend);
		add(plot, x, valDiceCalibrated, VAL_DICE_CALIBRATED,
			"validation Dice (calibrated threshold)", legend);
		if (legend.length() > 0) plot.addLegend(legend.toString().trim());
		plot.setLimitsToFit(false);
		return plot;
	}

	private static void add(final Plot plot, final double[] x, final double[] y,
		final Color color, final String label, final StringBuilder legend)
	{
		// only the epochs with a value: validation runs every few epochs, and a
		// line would break at each gap
		int n = 0;
		for (final double v : y)
			if (!Double.isNaN(v)) n++;
		if (n == 0) return;
		final double[] xs = new double[n], ys = new double[n];
		for (int i = 0, j = 0; i < y.length; i++)
			if (!Double.isNaN(y[i])) {
				xs[j] = x[i];
				ys[j++] = y[i];
			}
		plot.setColor(color);
		plot.setLineWidth(2);
		plot.add(n == 1 ? "circle" : "line", xs, ys);
		legend.append(label).append('\n');
	}

	/**
	 * Saves the plot of a history as PNG.
	 *
	 * @throws IOException naming the file when ImageJ cannot write it
	 */
	public static void savePng(final TrainingHistory history, final File file)
		throws IOException
	{
		final ImagePlus imp = plot(history).getImagePlus();
		if (!new FileSaver(imp).saveAsPng(file.getPath())) throw new IOException(
			"cannot write " + file);
	}

	/** Whether a live plot can be seen: a display, and no batch-mode macro. */
	public static boolean canShow() {
		return !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode();
	}

	/**
	 * Shows the history in one window, replacing its content on later calls; does
	 * nothing when nobody sees it.
	 */
	public synchronized void show(final TrainingHistory history) {
		if (!canShow() || history.isEmpty()) return;
		final Plot plot = plot(history, windowTitle);
		if (window == null || window.isClosed()) window = plot.show();
		else window.drawPlot(plot);
	}
}
