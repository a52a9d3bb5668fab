
package sc.fiji.cenet.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.junit.Test;

import sc.fiji.cenet.metrics.BinaryMetrics;
import sc.fiji.cenet.metrics.MulticlassEvaluator;

/**
 * The validation Dice of a training with several classes is what the metrics
 * (CE-Net Evaluate) compute: the mean over the foreground classes 1..N-1 of the
 * one-against-the-rest Dice of the most probable class, pixels outside the FOV
 * left out.
 */
public class ValidationDiceTest {

	private static final int[] TRUTH = { 0, 0, 1, 0, 1, 1, 2, 2, 1 };

	private static final int[] PREDICTED = { 0, 1, 1, 0, 1, 1, 2, 0, 1 };

	/**
	 * Class 1: TP 4, FP 1, FN 0, Dice 8/9; class 2: TP 1, FN 1, Dice 2/3; class 0
	 * is not in the mean.
	 */
	@Test
	public void equalsTheMetricsMeanForegroundDice() {
		double dice = validationDice(TRUTH, probabilities(PREDICTED, 3), all(9), 3);
		assertEquals((8.0 / 9 + 2.0 / 3) / 2, dice, 1e-12);
		assertEquals(evaluatorMeanForegroundDice(TRUTH, PREDICTED, 3), dice, 1e-12);
	}

	/**
	 * Without pixel 7 (truth 2, predicted 0) class 2 is perfect: (8/9 + 1) / 2;
	 * as the metrics on the 8 others.
	 */
	@Test
	public void pixelsOutsideTheFieldOfViewDoNotCount() {
		boolean[] inside = all(9);
		inside[7] = false;
		double dice = validationDice(TRUTH, probabilities(PREDICTED, 3), inside, 3);
		assertEquals((8.0 / 9 + 1) / 2, dice, 1e-12);
		assertEquals(evaluatorMeanForegroundDice(without(TRUTH, 7), without(
			PREDICTED, 7), 3), dice, 1e-12);
	}

	/**
	 * A class in neither truth nor prediction (3 of 4) has no Dice and is left
	 * out of the mean, not counted 0 or 1.
	 */
	@Test
	public void absentClassesAreLeftOut() {
		double dice = validationDice(TRUTH, probabilities(PREDICTED, 4), all(9), 4);
		assertEquals((8.0 / 9 + 2.0 / 3) / 2, dice, 1e-12);
		assertEquals(evaluatorMeanForegroundDice(TRUTH, PREDICTED, 4), dice, 1e-12);
		int[] background = new int[9];
		assertTrue(Double.isNaN(validationDice(background, probabilities(background,
			3), all(9), 3)));
	}

	/** Ties go to the lowest class. */
	@Test
	public void mostProbableClass() {
		assertEquals(2, Trainer.argmax(new float[] { 0.1f, 0.2f, 0.7f, 0.5f, 0.5f,
			0f }, 0, 3));
		assertEquals(0, Trainer.argmax(new float[] { 0.1f, 0.2f, 0.7f, 0.5f, 0.5f,
			0f }, 1, 3));
	}

	/** What Trainer.validate does with the probabilities of the graph. */
	private static double validationDice(int[] truth, float[] probabilities,
		boolean[] inside, int classes)
	{
		int[] predicted = new int[truth.length];
		for (int i = 0; i < truth.length; i++)
			predicted[i] = Trainer.argmax(probabilities, i, classes);
		return Trainer.multiclassDice(truth, predicted, inside, classes);
	}

	/**
	 * MulticlassEvaluator's per-class Dice of label images, averaged over the
	 * defined foreground classes.
	 */
	private static double evaluatorMeanForegroundDice(int[] truth,
		int[] predicted, int classes)
	{
		List<BinaryMetrics> m = new MulticlassEvaluator(classes).evaluate(image(
			predicted), image(truth));
		double sum = 0;
		int n = 0;
		for (int c = 1; c < classes; c++)
			if (!Double.isNaN(m.get(c).dice())) {
				sum += m.get(c).dice();
				n++;
			}
		return sum / n;
	}

	/** Probability 0.6 for the predicted class, the rest shared by the others. */
	private static float[] probabilities(int[] predicted, int classes) {
		float[] p = new float[predicted.length * classes];
		for (int i = 0; i < predicted.length; i++)
			for (int c = 0; c < classes; c++)
				p[i * classes + c] = c == predicted[i] ? 0.6f : 0.4f / (classes - 1);
		return p;
	}

	private static net.imglib2.img.Img<net.imglib2.type.numeric.real.FloatType>
		image(int[] labels)
	{
		float[] f = new float[labels.length];
		for (int i = 0; i < f.length; i++)
			f[i] = labels[i];
		return ArrayImgs.floats(f, f.length, 1);
	}

	private static boolean[] all(int n) {
		boolean[] b = new boolean[n];
		java.util.Arrays.fill(b, true);
		return b;
	}

	private static int[] without(int[] a, int index) {
		int[] b = new int[a.length - 1];
		for (int i = 0, j = 0; i < a.length; i++)
			if (i != index) b[j++] = a[i];
		return b;
	}
}
