
package sc.fiji.cenet.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Parameters baked into the graph as constants, for inference: the graph then
 * holds everything it needs and TF's optimiser can fold and pre-pack the
 * weights.
 */
public final class ConstantParameters implements ParameterSource {

	private final Ops tf;
	private final StateDict weights;
	/** One constant per weight: DAC and RMP use some weights several times. */
	private final java.util.Map<String, Operand<TFloat32>> made =
		new java.util.HashMap<>();

	public ConstantParameters(Ops tf, StateDict weights) {
		this.tf = tf;
		this.weights = weights;
	}

	@Override
	public Operand<TFloat32> get(String name) {
		return made.computeIfAbsent(name, this::constant);
	}

	private Operand<TFloat32> constant(String name) {
		StateDict.Entry e = weights.get(name);
		if (e == null) throw new IllegalArgumentException("missing weight " + name);
		long[] shape = e.shape();
		return tf.withName(name).constant(Shape.of(TfLayout.tfShape(shape)),
			DataBuffers.of(TfLayout.toTf(shape, e.data()), true, false));
	}

	@Override
	public boolean has(String name) {
		return weights.contains(name);
	}
}
