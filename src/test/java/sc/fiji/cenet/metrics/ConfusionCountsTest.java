
package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ConfusionCountsTest {

	private static final double EPS = 1e-15;

	@Test
	public void countsPixelsAndDerivesRatios() {
		boolean[] truth = { true, true, true, false, false, false, false, true };
		boolean[] pred = { true, true, false, true, false, false, false, false };
		ConfusionCounts c = ConfusionCounts.count(truth, pred, null);
		assertEquals(new ConfusionCounts(2, 1, 3, 2), c);
		assertEquals(8, c.total());
		assertEquals(4.0 / 7, c.dice(), EPS); // 2*2 / (4 + 1 + 2)
		assertEquals(2.0 / 5, c.iou(), EPS);
		assertEquals(5.0 / 8, c.accuracy(), EPS);
		assertEquals(2.0 / 4, c.sensitivity(), EPS);
		assertEquals(3.0 / 4, c.specificity(), EPS);
		assertEquals(2.0 / 3, c.precision(), EPS);
	}

	@Test
	public void includeMaskRestrictsCounting() {
		boolean[] truth = { true, true, false, false };
		boolean[] pred = { true, false, true, false };
		boolean[] include = { false, true, true, false };
		assertEquals(new ConfusionCounts(0, 1, 0, 1), ConfusionCounts.count(truth,
			pred, include));
	}

	@Test
	public void zeroDenominatorsGiveNaN() {
		ConfusionCounts bothEmpty = new ConfusionCounts(0, 0, 10, 0);
		assertTrue(Double.isNaN(bothEmpty.dice()));
		assertTrue(Double.isNaN(bothEmpty.iou()));
		assertTrue(Double.isNaN(bothEmpty.sensitivity()));
		assertTrue(Double.isNaN(bothEmpty.precision()));
		assertEquals(1, bothEmpty.specificity(), 0);
		assertEquals(1, bothEmpty.accuracy(), 0);

		ConfusionCounts emptyPrediction = new ConfusionCounts(0, 0, 6, 4);
		assertEquals(0, emptyPrediction.dice(), 0);
		assertEquals(0, emptyPrediction.iou(), 0);
		assertEquals(0, emptyPrediction.sensitivity(), 0);
		assertTrue(Double.isNaN(emptyPrediction.precision()));

		ConfusionCounts emptyTruth = new ConfusionCounts(0, 4, 6, 0);
		assertEquals(0, emptyTruth.dice(), 0);
		assertEquals(0, emptyTruth.precision(), 0);
		assertTrue(Double.isNaN(emptyTruth.sensitivity()));

		assertTrue(Double.isNaN(new ConfusionCounts(0, 0, 0, 0).accuracy()));
	}

	@Test(expected = IllegalArgumentException.class)
	public void rejectsNegativeCounts() {
		new ConfusionCounts(1, -1, 0, 0);
	}
}
