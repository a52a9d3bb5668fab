
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

import ij.measure.ResultsTable;
import sc.fiji.cenet.metrics.BinaryMetrics;
import sc.fiji.cenet.metrics.ConfusionCounts;
import sc.fiji.cenet.metrics.MetricsTable;

public class MetricsResultsTest {

	@Test
	public void rowsPerImageThenMeanAndStd() {
		final MetricsTable m = new MetricsTable();
		m.add("a.png", new BinaryMetrics(new ConfusionCounts(10, 0, 90, 0), 1, 0)); // Dice
																																								// 1
		m.add("b.png", new BinaryMetrics(new ConfusionCounts(10, 10, 80, 0), 0.5,
			2)); // Dice 20 / 30
		final ResultsTable t = MetricsResults.toResultsTable(m);
		assertArrayEquals(new String[] { "Image", "TP", "FP", "TN", "FN", "Dice",
			"IoU", "Accuracy", "Sensitivity", "Specificity", "Precision", "AUC",
			"HD95_px" }, t.getHeadings());
		assertEquals(4, t.size());
		assertEquals("a.png", t.getStringValue("Image", 0));
		assertEquals(1, t.getValue("Dice", 0), 0);
		assertEquals(10, t.getValue("FP", 1), 0);
		assertEquals("mean", t.getStringValue("Image", 2));
		assertEquals((1 + 2.0 / 3) / 2, t.getValue("Dice", 2), 1e-12);
		assertEquals("std", t.getStringValue("Image", 3));
		assertEquals(Math.sqrt(2) / 6, t.getValue("Dice", 3), 1e-12);
		// counts as integers, their mean with decimals, ratios with decimals
		assertEquals("10", t.getStringValue("TP", 0));
		assertEquals("5", t.getStringValue("FP", 2));
		assertEquals("85", t.getStringValue("TN", 2));
		assertEquals("1.000", t.getStringValue("Dice", 0));
		final MetricsTable odd = new MetricsTable();
		odd.add("a.png", new BinaryMetrics(new ConfusionCounts(10, 0, 90, 0), 1,
			0));
		odd.add("b.png", new BinaryMetrics(new ConfusionCounts(11, 0, 90, 0), 1,
			0));
		assertEquals("10.500", MetricsResults.toResultsTable(odd).getStringValue(
			"TP", 2));
	}
}
