
package sc.fiji.cenet.model;

import java.util.Arrays;
import java.util.List;

import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * ReLU for training whose gradient reads the ReLU's output, not its input. TF's
 * ReLU gradient reads the input (a batch norm's output or a residual sum),
 * which training then keeps until the backward pass beside the output, which
 * the next layer keeps anyway. TF Java cannot replace that gradient, so the
 * ReLU is built as {@code ReluGrad(x, x)}: ReluGrad's {@code x * (x > 0)} is x
 * where x > 0 and 0 (-0 for negative x) elsewhere, NaN stays NaN (and -inf
 * becomes NaN, where ReLU gives 0: a diverging run still shows). TF has no C++
 * gradient for ReluGrad, so {@link #gradientRegistered()} registers one: for
 * the ReLUs built here {@code ReluGrad(dy, y)} of the output y (y > 0 exactly
 * where x > 0), one pass; for any other ReluGrad TF Python's.
 */
public final class OutputGradientRelu {

	/** The attribute that marks the ops {@link #relu} builds. */
	static final String MARK = "_cenet_output_gradient_relu";

	private static Boolean registered;

	private OutputGradientRelu() {}

	/**
	 * Whether ReluGrad has a gradient in this process: registers ours the first
	 * time; false where {@link CustomGradients#register} cannot.
	 */
	public static synchronized boolean gradientRegistered() {
		if (registered == null) registered = CustomGradients.register(
			() -> TensorFlow.registerCustomGradient("ReluGrad",
				OutputGradientRelu::gradient));
		return registered;
	}

	/**
	 * max(x, 0), for a graph whose gradients are taken after
	 * {@link #gradientRegistered()}. The second input passes through
	 * StopGradient, so the gradient reaches x once, through the first.
	 */
	public static Operand<TFloat32> relu(Ops tf, Operand<TFloat32> x) {
		return tf.scope().opBuilder("ReluGrad", "OutputGradientRelu").addInput(x
			.asOutput()).addInput(tf.stopGradient(x).asOutput()).setAttr(MARK, true)
			.build().<TFloat32> output(0);
	}

	private static List<Operand<?>> gradient(Ops tf, GraphOperation op,
		List<Output<?>> dys)
	{
		Operand<TNumber> dy = numbers(dys.get(0));
		if (CustomGradients.marked(op.attributes(), MARK)) {
			// the second input's gradient stops at its StopGradient: dy stands
			// in for it without an op of its own
			return Arrays.asList(tf.nn.reluGrad(dy, numbers(op.output(0))), dy);
		}
		// d/d(gradients) of gradients * (features > 0); the features get none
		Operand<TNumber> features = numbers(op.input(1));
		return Arrays.asList(tf.nn.reluGrad(dy, features), tf.zerosLike(features));
	}

	/** ReluGrad is typed by its inputs, all of one number type. */
	@SuppressWarnings("unchecked")
	private static Operand<TNumber> numbers(Output<?> output) {
		return (Operand<TNumber>) output;
	}
}
