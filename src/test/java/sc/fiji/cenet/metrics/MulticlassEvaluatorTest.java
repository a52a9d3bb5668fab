
package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;

public class MulticlassEvaluatorTest {

	private static final float[] TRUTH = { 0, 0, 1, 0, 1, 1, 2, 2, 1 };

	private static final float[] PREDICTION = { 0, 1, 1, 0, 1, 1, 2, 0, 1 };

	@Test
	public void perClassOneVersusRestCounts() {
		List<BinaryMetrics> m = new MulticlassEvaluator(3).evaluate(labels(
			PREDICTION), labels(TRUTH));
		assertEquals(3, m.size());
		assertEquals(new ConfusionCounts(2, 1, 5, 1), m.get(0).counts());
		assertEquals(new ConfusionCounts(4, 1, 4, 0), m.get(1).counts());
		assertEquals(new ConfusionCounts(1, 0, 7, 1), m.get(2).counts());
		assertEquals(0.8, m.get(1).iou(), 1e-12);
		for (BinaryMetrics c : m)
			assertTrue(Double.isNaN(c.auc()));
	}

	/**
	 * Class c's metrics are those of the binary evaluation of "label == c" masks.
	 */
	@Test
	public void agreesWithBinaryEvaluationPerClass() {
		List<BinaryMetrics> m = new MulticlassEvaluator(3).evaluate(labels(
			PREDICTION), labels(TRUTH));
		for (int c = 0; c < 3; c++) {
			BinaryMetrics binary = new BinaryEvaluator().evaluate(labels(oneVsRest(
				PREDICTION, c)), labels(oneVsRest(TRUTH, c)));
			assertEquals(binary.counts(), m.get(c).counts());
			assertEquals(binary.hd95(), m.get(c).hd95(), 0);
		}
	}

	/**
	 * Probability of class c: 0.8 where c is predicted, else 0.1. Class 0:
	 * positives 0.8, 0.1, 0.8 against 0.8 and five 0.1: (2 * 5.5 + 2.5) / 18 =
	 * 0.75. Class 1: four 0.8 against one 0.8 and four 0.1: 4 * 4.5 / 20 = 0.9.
	 * Class 2: 0.8 and 0.1 against seven 0.1: (7 + 3.5) / 14 = 0.75.
	 */
	@Test
	public void aucFromClassProbabilities() {
		float[] p = new float[9 * 3];
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < 9; i++)
				p[c * 9 + i] = PREDICTION[i] == c ? 0.8f : 0.1f;
		List<BinaryMetrics> m = new MulticlassEvaluator(3).evaluate(labels(
			PREDICTION), labels(TRUTH), ArrayImgs.floats(p, 3, 3, 3));
		assertEquals(0.75, m.get(0).auc(), 1e-12);
		assertEquals(0.9, m.get(1).auc(), 1e-12);
		assertEquals(0.75, m.get(2).auc(), 1e-12);
	}

	@Test
	public void labelsOutsideTheClassesAreAnError() {
		float[] bad = TRUTH.clone();
		bad[5] = 3;
		BinaryEvaluatorTest.expectError(
			"ground truth has label 3 at (2, 1): labels must be integers 0..2",
			() -> new MulticlassEvaluator(3).evaluate(labels(PREDICTION), labels(
				bad)));
		float[] fraction = PREDICTION.clone();
		fraction[0] = 0.5f;
		BinaryEvaluatorTest.expectError(
			"prediction has label 0.5 at (0, 0): labels must be integers 0..2",
			() -> new MulticlassEvaluator(3).evaluate(labels(fraction), labels(
				TRUTH)));
	}

	@Test
	public void probabilitySizeMustMatch() {
		BinaryEvaluatorTest.expectError(
			"class probabilities are 3x3x2 but must be the label size 3x3 with 3 classes as last dimension",
			() -> new MulticlassEvaluator(3).evaluate(labels(PREDICTION), labels(
				TRUTH), ArrayImgs.floats(3, 3, 2)));
		BinaryEvaluatorTest.expectError(
			"one class of the probabilities is 3x4 but ground truth labels is 3x3",
			() -> new MulticlassEvaluator(3).evaluate(labels(PREDICTION), labels(
				TRUTH), ArrayImgs.floats(3, 4, 3)));
	}

	@Test(expected = IllegalArgumentException.class)
	public void needsTwoClasses() {
		new MulticlassEvaluator(1);
	}

	private static ArrayImg<FloatType, FloatArray> labels(float[] values) {
		return ArrayImgs.floats(values.clone(), 3, 3);
	}

	private static float[] oneVsRest(float[] labels, int c) {
		float[] mask = new float[labels.length];
		for (int i = 0; i < labels.length; i++)
			mask[i] = labels[i] == c ? 1 : 0;
		return mask;
	}
}
