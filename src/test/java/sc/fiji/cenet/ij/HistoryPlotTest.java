package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;

import ij.gui.Plot;

import org.junit.Test;

import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.model.TrainingHistory.Epoch;

public class HistoryPlotTest {

	private static final double NaN = Double.NaN;

	@Test
	public void showsBothValidationDiceValues() {
		TrainingHistory h = new TrainingHistory();
		h.add(new Epoch(1, 0.9, 0.8, 0.5, 0.9, 2e-4, 1).withValDiceCalibrated(0.6));
		h.add(new Epoch(2, 0.7, 0.6, 0.6, 0.9, 2e-4, 1).withValDiceCalibrated(0.65));
		Plot plot = HistoryPlot.plot(h);
		assertEquals(4, plot.getNumPlotObjects());
		assertEquals("[0.6, 0.65]", Arrays.toString(plot.getDataObjectArrays(3)[1]));
	}

	/** Without validation, or in a history written before the calibrated Dice, those curves are left out. */
	@Test
	public void leavesOutCurvesWithoutValues() {
		TrainingHistory h = new TrainingHistory();
		h.add(new Epoch(1, 0.9, 0.8, 0.5, 0.9, 2e-4, 1));
		assertEquals(3, HistoryPlot.plot(h).getNumPlotObjects());
		TrainingHistory none = new TrainingHistory();
		none.add(new Epoch(1, 0.9, NaN, NaN, NaN, 2e-4, 1));
		assertEquals(1, HistoryPlot.plot(none).getNumPlotObjects());
	}
}
