
package sc.fiji.cenet.train;

import java.util.Arrays;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Loss graphs. Inputs are NHWC: logits [N,H,W,K], target [N,H,W,1] (0/1 for one
 * class, the class index for K > 1) and weight [N,H,W,1] (1 inside the field of
 * view, 0 outside), so pixels outside the FOV neither count nor pull.
 * <p>
 * Soft Dice is computed over the whole batch (the reference's
 * {@code batch=True}), {@code (2 sum(w p t) + s) / (sum(w p) + sum(w t) + s)}
 * with smoothing s = 1 so that an empty target with an empty prediction gives a
 * loss of 0, not 0/0.
 */
public final class Losses {

	public static final float DICE_SMOOTH = 1f;

	private final Ops tf;

	public Losses(Ops tf) {
		this.tf = tf;
	}

	public Operand<TFloat32> loss(LossKind kind, int classes,
		Operand<TFloat32> logits, Operand<TFloat32> target,
		Operand<TFloat32> weight)
	{
		if (classes > 1) {
			if (kind != LossKind.CROSS_ENTROPY_DICE)
				throw new IllegalArgumentException("with " + classes +
					" classes the loss is ce_dice, not " + kind.key());
			return tf.math.add(softmaxCrossEntropy(logits, target, weight, classes),
				tf.math.sub(tf.constant(1f), multiclassDice(tf.nn.softmax(logits),
					target, weight, classes)));
		}
		switch (kind) {
			case BCE:
				return bce(logits, target, weight);
			case DICE:
				return tf.math.sub(tf.constant(1f), dice(tf.math.sigmoid(logits),
					target, weight));
			case DICE_BCE:
				return tf.math.add(bce(logits, target, weight), tf.math.sub(tf.constant(
					1f), dice(tf.math.sigmoid(logits), target, weight)));
			default:
				throw new IllegalArgumentException(kind.key() +
					" needs several classes");
		}
	}

	/**
	 * Weighted mean of the numerically stable BCE on logits: max(z,0) - z t +
	 * log(1 + e^-|z|).
	 */
	Operand<TFloat32> bce(Operand<TFloat32> z, Operand<TFloat32> t,
		Operand<TFloat32> w)
	{
		Operand<TFloat32> l = tf.math.add(tf.math.sub(tf.math.maximum(z, tf
			.constant(0f)), tf.math.mul(z, t)), tf.math.log1p(tf.math.exp(tf.math.neg(
				tf.math.abs(z)))));
		return weightedMean(l, w);
	}

	/** Soft Dice coefficient of probabilities p against 0/1 targets t. */
	Operand<TFloat32> dice(Operand<TFloat32> p, Operand<TFloat32> t,
		Operand<TFloat32> w)
	{
		Operand<TFloat32> pw = tf.math.mul(p, w), tw = tf.math.mul(t, w);
		Operand<TFloat32> inter = sum(tf.math.mul(pw, t));
		return tf.math.div(tf.math.add(tf.math.mul(tf.constant(2f), inter), tf
			.constant(DICE_SMOOTH)), tf.math.add(tf.math.add(sum(pw), sum(tw)), tf
				.constant(DICE_SMOOTH)));
	}

	/** Weighted mean of -log softmax(z)[target]. */
	Operand<TFloat32> softmaxCrossEntropy(Operand<TFloat32> z,
		Operand<TFloat32> t, Operand<TFloat32> w, int classes)
	{
		Operand<TFloat32> oneHot = oneHot(t, classes);
		Operand<TFloat32> logSoftmax = tf.nn.logSoftmax(z);
		Operand<TFloat32> ce = tf.math.neg(tf.reduceSum(tf.math.mul(oneHot,
			logSoftmax), tf.constant(3), ReduceSum.keepDims(true)));
		return weightedMean(ce, w);
	}

	/**
	 * Mean over classes of the soft Dice of each class's probability against its
	 * one-hot target.
	 */
	Operand<TFloat32> multiclassDice(Operand<TFloat32> p, Operand<TFloat32> t,
		Operand<TFloat32> w, int classes)
	{
		Operand<TFloat32> oneHot = oneHot(t, classes);
		Operand<TInt32> axes = tf.constant(new int[] { 0, 1, 2 });
		Operand<TFloat32> pw = tf.math.mul(p, w), tw = tf.math.mul(oneHot, w);
		Operand<TFloat32> inter = tf.reduceSum(tf.math.mul(pw, oneHot), axes);
		Operand<TFloat32> perClass = tf.math.div(tf.math.add(tf.math.mul(tf
			.constant(2f), inter), tf.constant(DICE_SMOOTH)), tf.math.add(tf.math.add(
				tf.reduceSum(pw, axes), tf.reduceSum(tw, axes)), tf.constant(
					DICE_SMOOTH)));
		return tf.math.mean(perClass, tf.constant(0));
	}

	private Operand<TFloat32> oneHot(Operand<TFloat32> t, int classes) {
		Operand<TInt32> labels = tf.squeeze(tf.dtypes.cast(t, TInt32.class),
			org.tensorflow.op.core.Squeeze.axis(Arrays.asList(3L)));
		return tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(
			0f));
	}

	private Operand<TFloat32> weightedMean(Operand<TFloat32> perPixel,
		Operand<TFloat32> w)
	{
		// max(., 1) keeps a batch with an empty FOV from dividing by zero.
		return tf.math.div(sum(tf.math.mul(perPixel, w)), tf.math.maximum(sum(w), tf
			.constant(1f)));
	}

	private Operand<TFloat32> sum(Operand<TFloat32> x) {
		return tf.reduceSum(x, tf.constant(new int[] { 0, 1, 2, 3 }));
	}
}
