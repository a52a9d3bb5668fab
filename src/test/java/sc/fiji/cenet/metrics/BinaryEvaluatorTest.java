
package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;

import org.junit.Test;

public class BinaryEvaluatorTest {

	private static final double EPS = 1e-12;

	private static final String[] TRUTH = { "##..", "##..", "...." };

	/**
	 * Thresholded at 0.5 (0.5 itself is foreground): TP (0,0) (1,0) (0,1), FN
	 * (1,1), FP (2,1).
	 */
	private static final float[] PROBABILITIES = { 0.9f, 0.5f, 0.2f, 0.0f, 0.7f,
		0.3f, 0.6f, 0.1f, 0.0f, 0.2f, 0.4f, 0.0f };

	private static final String[] FOV = { "###.", "##..", "###." };

	@Test
	public void handComputedMetrics() {
		BinaryMetrics m = new BinaryEvaluator().evaluate(probabilities(), TestImages
			.image(255, TRUTH));
		assertEquals(new ConfusionCounts(3, 1, 7, 1), m.counts());
		assertEquals(0.75, m.dice(), EPS); // 6 / (6 + 1 + 1)
		assertEquals(0.6, m.iou(), EPS);
		assertEquals(10.0 / 12, m.accuracy(), EPS);
		assertEquals(0.75, m.sensitivity(), EPS);
		assertEquals(7.0 / 8, m.specificity(), EPS);
		assertEquals(0.75, m.precision(), EPS);
		// Positives 0.9, 0.5, 0.7, 0.3 beat 8, 7, 8, 6 of the 8 negatives: 29 / 32.
		assertEquals(29.0 / 32, m.auc(), EPS);
		// Each direction's boundary distances are {0, 0, 0, 1}: 95th percentile
		// 0.85.
		assertEquals(0.85, m.hd95(), EPS);
	}

	@Test
	public void thresholdIsInclusiveAndConfigurable() {
		BinaryMetrics m = new BinaryEvaluator(0.7).evaluate(probabilities(),
			TestImages.image(1, TRUTH));
		assertEquals(new ConfusionCounts(2, 0, 8, 2), m.counts());
		assertEquals(29.0 / 32, m.auc(), EPS); // the AUC does not depend on the
																						// threshold
	}

	@Test
	public void fieldOfViewRestrictsEveryMetric() {
		FovEvaluation e = new BinaryEvaluator().evaluate(probabilities(), TestImages
			.image(1, TRUTH), TestImages.image(1, FOV));
		assertEquals(new BinaryEvaluator().evaluate(probabilities(), TestImages
			.image(1, TRUTH)), e.wholeImage());
		BinaryMetrics in = e.insideFov();
		assertEquals(new ConfusionCounts(3, 0, 4, 1), in.counts()); // the FP at
																																// (2,1) is
																																// outside
		assertEquals(6.0 / 7, in.dice(), EPS);
		assertEquals(0.75, in.iou(), EPS);
		assertEquals(7.0 / 8, in.accuracy(), EPS);
		assertEquals(1, in.specificity(), EPS);
		assertEquals(1, in.precision(), EPS);
		assertEquals(15.0 / 16, in.auc(), EPS); // 4 negatives inside; 0.3 beats 3
																						// of them
		assertEquals(0.85, in.hd95(), EPS); // truth (1,1) is 1 from the prediction;
																				// the rest 0
	}

	@Test
	public void truthAgainstItselfIsPerfect() {
		FovEvaluation e = new BinaryEvaluator().evaluate(TestImages.image(255,
			TRUTH), TestImages.image(255, TRUTH), TestImages.image(1, FOV));
		for (BinaryMetrics m : new BinaryMetrics[] { e.wholeImage(), e
			.insideFov() })
		{
			for (String metric : new String[] { "Dice", "IoU", "Accuracy",
				"Sensitivity", "Specificity", "Precision", "AUC" })
				assertEquals(metric, 1, m.get(metric), 0);
			assertEquals(0, m.hd95(), 0);
		}
	}

	@Test
	public void binaryPredictionWithAnyForegroundValue() {
		BinaryMetrics m = new BinaryEvaluator().evaluate(TestImages.image(255,
			"#...", "##..", "...."), TestImages.image(1, TRUTH));
		assertEquals(new ConfusionCounts(3, 0, 8, 1), m.counts());
		// Positives' scores 255, 0, 255, 255 against 8 zeros: (3 * 8 + 4) / 32.
		assertEquals(28.0 / 32, m.auc(), EPS);
	}

	@Test
	public void emptyTruthAndPredictionConventions() {
		String[] empty = { "....", "....", "...." };
		BinaryMetrics both = new BinaryEvaluator().evaluate(TestImages.image(1,
			empty), TestImages.image(1, empty));
		assertEquals(new ConfusionCounts(0, 0, 12, 0), both.counts());
		assertTrue(Double.isNaN(both.dice()));
		assertTrue(Double.isNaN(both.iou()));
		assertTrue(Double.isNaN(both.hd95()));
		assertTrue(Double.isNaN(both.auc()));
		assertEquals(1, both.accuracy(), 0);

		BinaryMetrics emptyPrediction = new BinaryEvaluator().evaluate(TestImages
			.image(1, empty), TestImages.image(1, TRUTH));
		assertEquals(0, emptyPrediction.dice(), 0);
		assertEquals(0, emptyPrediction.iou(), 0);
		assertTrue(Double.isNaN(emptyPrediction.hd95()));
		assertTrue(Double.isNaN(emptyPrediction.precision()));

		BinaryMetrics emptyTruth = new BinaryEvaluator().evaluate(TestImages.image(
			1, TRUTH), TestImages.image(1, empty));
		assertEquals(0, emptyTruth.dice(), 0);
		assertTrue(Double.isNaN(emptyTruth.hd95()));
		assertTrue(Double.isNaN(emptyTruth.auc()));
		assertTrue(Double.isNaN(emptyTruth.sensitivity()));
	}

	@Test
	public void allForegroundTruthIsBinary() {
		BinaryMetrics m = new BinaryEvaluator().evaluate(TestImages.image(2, 1,
			0.2f, 0.9f), TestImages.image(2, 1, 3f, 3f));
		assertEquals(new ConfusionCounts(1, 0, 0, 1), m.counts());
	}

	@Test
	public void nonBinaryTruthIsAnError() {
		expectError("ground truth is not binary: found values 0, 1, 2",
			() -> new BinaryEvaluator().evaluate(TestImages.image(3, 1, 0, 0, 0),
				TestImages.image(3, 1, 2, 0, 1)));
		expectError("ground truth is not binary: found values -1, 0",
			() -> new BinaryEvaluator().evaluate(TestImages.image(2, 1, 0, 0),
				TestImages.image(2, 1, 0, -1)));
		expectError(
			"ground truth is not binary: found values 0, 1, 2, 3, 4, 5, 6, 7 ...",
			() -> new BinaryEvaluator().evaluate(ArrayImgs.floats(10, 1), ramp(10)));
	}

	@Test
	public void sizeMismatchIsAnError() {
		expectError("prediction is 4x3 but ground truth is 3x4",
			() -> new BinaryEvaluator().evaluate(probabilities(), ArrayImgs.floats(3,
				4)));
		expectError("field-of-view mask is 4x2 but ground truth is 4x3",
			() -> new BinaryEvaluator().evaluate(probabilities(), TestImages.image(1,
				TRUTH), ArrayImgs.floats(4, 2)));
	}

	@Test
	public void nanPredictionIsAnError() {
		expectError("prediction is NaN at (1, 0)", () -> new BinaryEvaluator()
			.evaluate(TestImages.image(2, 1, 0, Float.NaN), TestImages.image(2, 1, 0,
				1)));
	}

	private static RandomAccessibleInterval<? extends RealType<?>>
		probabilities()
	{
		return TestImages.image(4, 3, PROBABILITIES.clone());
	}

	private static RandomAccessibleInterval<? extends RealType<?>> ramp(int n) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = i;
		return TestImages.image(n, 1, v);
	}

	static void expectError(String message, Runnable action) {
		try {
			action.run();
			fail("expected IllegalArgumentException: " + message);
		}
		catch (IllegalArgumentException e) {
			assertEquals(message, e.getMessage());
		}
	}
}
