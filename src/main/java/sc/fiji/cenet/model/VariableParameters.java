package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One TF variable per state_dict entry, named exactly as the entry, for
 * training. Weights go in and out as {@link StateDict}s (PyTorch layout)
 * through one placeholder and assign op per variable, so the graph never
 * embeds the initial values.
 */
public final class VariableParameters implements ParameterSource {
	/** Variables loaded or read per Session run: bounds the tensors alive at once. */
	private static final int CHUNK = 24;

	private final CENetArchitecture arch;
	private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
	private final Map<String, Placeholder<TFloat32>> feeds = new LinkedHashMap<>();
	private final Map<String, Assign<TFloat32>> assigns = new LinkedHashMap<>();

	public VariableParameters(Ops tf, CENetArchitecture arch) {
		this.arch = arch;
		for (CENetArchitecture.Param p : arch.params()) {
			Shape shape = Shape.of(TfLayout.tfShape(p.shape));
			Variable<TFloat32> v = tf.withName(p.name).variable(shape, TFloat32.class);
			Placeholder<TFloat32> feed = tf.withName("load/" + p.name).placeholder(TFloat32.class,
				Placeholder.shape(shape));
			variables.put(p.name, v);
			feeds.put(p.name, feed);
			assigns.put(p.name, tf.withName("load_assign/" + p.name).assign(v, feed));
		}
	}

	@Override
	public Operand<TFloat32> get(String name) {
		Variable<TFloat32> v = variables.get(name);
		if (v == null) throw new IllegalArgumentException("no variable " + name);
		return v;
	}

	@Override
	public boolean has(String name) { return variables.containsKey(name); }

	public Variable<TFloat32> variable(String name) { return (Variable<TFloat32>) get(name); }

	/** All variables in state_dict order. */
	public Map<String, Variable<TFloat32>> variables() { return Collections.unmodifiableMap(variables); }

	/** The variables that gradients update: everything but batch-norm running statistics. */
	public List<String> trainableNames() {
		List<String> names = new ArrayList<>();
		for (CENetArchitecture.Param p : arch.params())
			if (!p.kind.isBatchNormStatistic()) names.add(p.name);
		return names;
	}

	/** Assigns the given weights (a subset is fine, e.g. the encoder only). */
	public void load(Session session, StateDict weights) {
		List<String> names = new ArrayList<>();
		for (String n : weights.names()) {
			if (!variables.containsKey(n)) throw new IllegalArgumentException("unknown weight " + n);
			names.add(n);
		}
		for (int from = 0; from < names.size(); from += CHUNK) {
			List<Tensor> fed = new ArrayList<>();
			try {
				Session.Runner r = session.runner();
				for (String n : names.subList(from, Math.min(names.size(), from + CHUNK))) {
					StateDict.Entry e = weights.get(n);
					long[] shape = e.shape();
					TFloat32 t = TFloat32.tensorOf(Shape.of(TfLayout.tfShape(shape)),
						DataBuffers.of(TfLayout.toTf(shape, e.data()), true, false));
					fed.add(t);
					r.feed(feeds.get(n), t).addTarget(assigns.get(n));
				}
				r.run();
			}
			finally {
				for (Tensor t : fed) t.close();
			}
		}
	}

	/** Reads the current values of the named variables (all when names is null). */
	public StateDict read(Session session, List<String> names) {
		List<String> which = names == null ? new ArrayList<>(variables.keySet()) : names;
		StateDict out = new StateDict();
		for (int from = 0; from < which.size(); from += CHUNK) {
			List<String> chunk = which.subList(from, Math.min(which.size(), from + CHUNK));
			Session.Runner r = session.runner();
			for (String n : chunk) r.fetch(variables.get(n));
			try (Result res = r.run()) {
				for (int i = 0; i < chunk.size(); i++) {
					String n = chunk.get(i);
					long[] shape = arch.param(n).shape;
					TFloat32 t = (TFloat32) res.get(i);
					float[] tf = new float[(int) t.size()];
					t.copyTo(DataBuffers.of(tf, false, false));
					out.put(n, shape, TfLayout.toTorch(shape, tf));
				}
			}
		}
		return out;
	}
}
