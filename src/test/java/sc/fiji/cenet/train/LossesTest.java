
package sc.fiji.cenet.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.model.TfRuntime;

/**
 * The losses on tensors of a few pixels, against values computed by hand.
 * Logits 0 and ln 3 give probabilities 1/2 and 3/4.
 */
public class LossesTest {

	private static final float LN3 = (float) Math.log(3);
	private static final double TOL = 1e-6;

	/** BCE on logits: (-ln 1/2 - ln(1 - 3/4)) / 2 = 1.5 ln 2. */
	@Test
	public void bce() {
		assertEquals(1.5 * Math.log(2), loss(LossKind.BCE, 1, new float[] { 0,
			LN3 }, new float[] { 1, 0 }, new float[] { 1, 1 }, 1, 1, 2), TOL);
	}

	/**
	 * Soft Dice over the whole batch (two images of one pixel), smoothing 1: (2 *
	 * 1/2 + 1) / (5/4 + 1 + 1) = 8/13; the mean of the per-image Dice would be
	 * (4/5 + 4/7) / 2.
	 */
	@Test
	public void diceOverTheWholeBatch() {
		assertEquals(1 - 8.0 / 13, loss(LossKind.DICE, 1, new float[] { 0, LN3 },
			new float[] { 1, 0 }, new float[] { 1, 1 }, 2, 1, 1), TOL);
	}

	@Test
	public void diceBceIsTheSum() {
		assertEquals(1.5 * Math.log(2) + 1 - 8.0 / 13, loss(LossKind.DICE_BCE, 1,
			new float[] { 0, LN3 }, new float[] { 1, 0 }, new float[] { 1, 1 }, 1, 2,
			1), TOL);
	}

	/**
	 * A pixel of weight 0 (outside the FOV) changes nothing, whatever its logit
	 * and target.
	 */
	@Test
	public void pixelsOutsideTheFieldOfViewDoNotCount() {
		float[] logits = { 0, LN3, 7, -5 }, target = { 1, 0, 0, 1 }, weight = { 1,
			1, 0, 0 };
		assertEquals(1.5 * Math.log(2), loss(LossKind.BCE, 1, logits, target,
			weight, 1, 2, 2), TOL);
		assertEquals(1 - 8.0 / 13, loss(LossKind.DICE, 1, logits, target, weight, 1,
			2, 2), TOL);
		assertEquals(1.5 * Math.log(2) + 1 - 8.0 / 13, loss(LossKind.DICE_BCE, 1,
			logits, target, weight, 1, 2, 2), TOL);
	}

	/**
	 * Smoothing 1: an empty target with an (almost) empty prediction is a Dice
	 * loss of 0, not 0/0; a batch with an empty FOV is a loss of 0, not NaN.
	 */
	@Test
	public void emptyTargetsAndEmptyFieldOfView() {
		float[] logits = { -30, -30 }, empty = { 0, 0 }, ones = { 1, 1 };
		assertEquals(0, loss(LossKind.DICE, 1, logits, empty, ones, 1, 1, 2), TOL);
		assertEquals(0, loss(LossKind.DICE_BCE, 1, logits, empty, ones, 1, 1, 2),
			TOL);
		// empty FOV: Dice (0 + 1) / (0 + 0 + 1), BCE 0 / max(0, 1)
		assertEquals(0, loss(LossKind.DICE_BCE, 1, new float[] { 3, -2 },
			new float[] { 0, 1 }, empty, 1, 1, 2), TOL);
		// one wrong pixel: p = 1/2, t = 1: Dice (1 + 1) / (1/2 + 1 + 1) = 4/5
		assertEquals(1 - 4.0 / 5, loss(LossKind.DICE, 1, new float[] { 0 },
			new float[] { 1 }, new float[] { 1 }, 1, 1, 1), TOL);
	}

	/**
	 * Three classes, two pixels. Logits (0, 0, 0) and (0, ln 2, 0) give the
	 * softmax (1/3, 1/3, 1/3) and (1/4, 1/2, 1/4); targets 0 and 1. Cross-entropy
	 * (ln 3 + ln 2) / 2. Dice per class, smoothing 1: class 0 (2/3 + 1) / (7/12 +
	 * 1 + 1) = 20/31, class 1 (1 + 1) / (5/6 + 1 + 1) = 12/17, class 2 (absent) 1
	 * / (7/12 + 1) = 12/19; the loss adds 1 - their mean.
	 */
	@Test
	public void crossEntropyPlusMeanDiceForSeveralClasses() {
		float ln2 = (float) Math.log(2);
		float[] logits = { 0, 0, 0, 0, ln2, 0 };
		double expected = Math.log(6) / 2 + 1 - (20.0 / 31 + 12.0 / 17 + 12.0 /
			19) / 3;
		assertEquals(expected, loss(LossKind.CROSS_ENTROPY_DICE, 3, logits,
			new float[] { 0, 1 }, new float[] { 1, 1 }, 1, 1, 2), TOL);
		// a third pixel outside the FOV changes nothing
		float[] more = { 0, 0, 0, 0, ln2, 0, 9, -4, 2 };
		assertEquals(expected, loss(LossKind.CROSS_ENTROPY_DICE, 3, more,
			new float[] { 0, 1, 1 }, new float[] { 1, 1, 0 }, 1, 1, 3), TOL);
	}

	@Test
	public void lossKindMustFitTheClasses() {
		try {
			loss(LossKind.DICE_BCE, 3, new float[3], new float[1], new float[] { 1 },
				1, 1, 1);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("with 3 classes the loss is ce_dice, not dice_bce", e
				.getMessage());
		}
		try {
			loss(LossKind.CROSS_ENTROPY_DICE, 1, new float[1], new float[1],
				new float[] { 1 }, 1, 1, 1);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("ce_dice needs several classes", e.getMessage());
		}
	}

	/** Evaluates {@link Losses#loss} on NHWC tensors of n x h x w pixels. */
	private static double loss(LossKind kind, int classes, float[] logits,
		float[] target, float[] weight, int n, int h, int w)
	{
		try (Graph g = TfRuntime.newGraph(); Session s = new Session(g)) {
			Ops tf = Ops.create(g);
			Operand<TFloat32> l = new Losses(tf).loss(kind, classes, nhwc(tf, logits,
				n, h, w, classes), nhwc(tf, target, n, h, w, 1), nhwc(tf, weight, n, h,
					w, 1));
			try (Result r = s.runner().fetch(l).run();
					TFloat32 t = (TFloat32) r.get(0))
			{
				return t.getFloat();
			}
		}
	}

	private static Operand<TFloat32> nhwc(Ops tf, float[] values, int n, int h,
		int w, int k)
	{
		assertEquals("test data size", n * h * w * k, values.length);
		return tf.reshape(tf.constant(values), tf.constant(new long[] { n, h, w,
			k }));
	}
}
