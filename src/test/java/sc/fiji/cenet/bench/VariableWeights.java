
package sc.fiji.cenet.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.model.ParameterSource;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TfLayout;

/**
 * Inference weights (folded or not) held in TF variables and fed once after the
 * session starts, instead of constants baked into the graph: the graph
 * definition then stays small, so TF's graph optimisation copies no weights.
 * One of the memory experiments of {@link SpeedExperiments}.
 */
final class VariableWeights implements ParameterSource {

	private final StateDict weights;
	private final Map<String, Variable<TFloat32>> variables =
		new LinkedHashMap<>();
	private final Map<String, Placeholder<TFloat32>> feeds =
		new LinkedHashMap<>();
	private final Map<String, Assign<TFloat32>> assigns = new LinkedHashMap<>();

	VariableWeights(Ops tf, StateDict weights) {
		this.weights = weights;
		for (String name : weights.names()) {
			Shape shape = Shape.of(TfLayout.tfShape(weights.get(name).shape()));
			Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
			Placeholder<TFloat32> feed = tf.withName("load." + name).placeholder(
				TFloat32.class, Placeholder.shape(shape));
			variables.put(name, v);
			feeds.put(name, feed);
			assigns.put(name, tf.withName("assign." + name).assign(v, feed));
		}
	}

	@Override
	public Operand<TFloat32> get(String name) {
		Variable<TFloat32> v = variables.get(name);
		if (v == null) throw new IllegalArgumentException("missing weight " + name);
		return v;
	}

	@Override
	public boolean has(String name) {
		return variables.containsKey(name);
	}

	/**
	 * Assigns every variable, one tensor at a time so only one extra copy is
	 * alive.
	 */
	void load(Session session) {
		for (String name : weights.names()) {
			StateDict.Entry e = weights.get(name);
			try (TFloat32 t = TFloat32.tensorOf(Shape.of(TfLayout.tfShape(e.shape())),
				DataBuffers.of(TfLayout.toTf(e.shape(), e.data()), true, false)))
			{
				session.runner().feed(feeds.get(name), t).addTarget(assigns.get(name))
					.run();
			}
		}
	}
}
