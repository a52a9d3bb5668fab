
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Named float variables whose values go in and out as a {@link StateDict}
 * (PyTorch layout) through one placeholder and assign op each, so the graph
 * never embeds values and weights, optimiser slots and checkpoints share one
 * mechanism.
 */
public final class VariableSet {

	/**
	 * Variables per Session run when reading: bounds the tensors alive at once.
	 */
	private static final int CHUNK = 100;
	/**
	 * Floats fed per Session run when loading (16 MB; CE-Net's largest filter has
	 * 2.4 M).
	 */
	private static final long CHUNK_FLOATS = 4 << 20;

	private final Map<String, Variable<TFloat32>> variables =
		new LinkedHashMap<>();
	private final Map<String, long[]> torchShapes = new LinkedHashMap<>();
	private final Map<String, Placeholder<TFloat32>> feeds =
		new LinkedHashMap<>();
	private final Map<String, Assign<TFloat32>> assigns = new LinkedHashMap<>();
	private final Ops tf;
	private final Map<String, Ops> scopes = new java.util.HashMap<>();

	public VariableSet(Ops tf) {
		this.tf = tf;
	}

	/**
	 * Adds a variable named {@code name} of the given PyTorch-layout shape
	 * (stored in TF layout).
	 */
	public Variable<TFloat32> add(String name, long[] torchShape) {
		Shape shape = Shape.of(TfLayout.tfShape(torchShape));
		Variable<TFloat32> v = named(tf, name).variable(shape, TFloat32.class);
		Placeholder<TFloat32> feed = named(tf, "load/" + name).placeholder(
			TFloat32.class, Placeholder.shape(shape));
		variables.put(name, v);
		torchShapes.put(name, torchShape.clone());
		feeds.put(name, feed);
		assigns.put(name, named(tf, "load_assign/" + name).assign(v, feed));
		return v;
	}

	/**
	 * Ops naming the next op {@code a/b/c}: TF takes '/' only as a scope
	 * separator. Sub-scopes are cached because creating one scans every op of the
	 * graph.
	 */
	private Ops named(Ops tf, String path) {
		int cut = path.lastIndexOf('/');
		if (cut < 0) return tf.withName(path);
		Ops scoped = scopes.computeIfAbsent(path.substring(0, cut), prefix -> {
			Ops o = tf;
			for (String part : prefix.split("/"))
				o = o.withSubScope(part);
			return o;
		});
		return scoped.withName(path.substring(cut + 1));
	}

	public Variable<TFloat32> get(String name) {
		Variable<TFloat32> v = variables.get(name);
		if (v == null) throw new IllegalArgumentException("no variable " + name);
		return v;
	}

	public boolean has(String name) {
		return variables.containsKey(name);
	}

	/** This set as the graph builder's parameter source. */
	public ParameterSource asParameters() {
		return new ParameterSource() {

			@Override
			public org.tensorflow.Operand<TFloat32> get(String name) {
				return VariableSet.this.get(name);
			}

			@Override
			public boolean has(String name) {
				return VariableSet.this.has(name);
			}
		};
	}

	public Map<String, Variable<TFloat32>> variables() {
		return Collections.unmodifiableMap(variables);
	}

	public long[] torchShape(String name) {
		return torchShapes.get(name).clone();
	}

	/**
	 * Assigns the given values (a subset is fine); every name must be a variable
	 * of this set.
	 */
	public void load(Session session, StateDict values) {
		load(session, values.names(), values::get);
	}

	/**
	 * Assigns {@code values.apply(name)} (PyTorch layout) to each named variable,
	 * asking for each value only when its chunk is fed: a caller that computes
	 * values (folding batch norm) never holds them all. The values go straight
	 * into the tensors in TF layout, and at most {@value #CHUNK_FLOATS} floats
	 * (or one larger variable) are fed per run, so loading needs little memory
	 * beyond the variables themselves.
	 */
	public void load(Session session, Collection<String> names,
		Function<String, StateDict.Entry> values)
	{
		load(session, names, values, CHUNK_FLOATS);
	}

	/**
	 * {@link #load(Session, Collection, Function)} with another chunk size
	 * (tests).
	 */
	void load(Session session, Collection<String> names,
		Function<String, StateDict.Entry> values, long chunkFloats)
	{
		for (String n : names)
			if (!variables.containsKey(n)) throw new IllegalArgumentException(
				"unknown variable " + n);
		Iterator<String> it = names.iterator();
		String pending = null; // a name taken from the iterator for the next run
		while (it.hasNext() || pending != null) {
			List<Tensor> fed = new ArrayList<>();
			try {
				Session.Runner r = session.runner();
				long floats = 0;
				while (pending != null || it.hasNext()) {
					String n = pending != null ? pending : it.next();
					pending = null;
					long size = StateDict.numel(torchShapes.get(n));
					if (floats > 0 && floats + size > chunkFloats) { // the next run's
																														// first
						pending = n;
						break;
					}
					StateDict.Entry e = values.apply(n);
					long[] shape = e.shape();
					float[] data = e.data();
					fed.add(TFloat32.tensorOf(Shape.of(TfLayout.tfShape(shape)),
						tensor -> write(shape, data, tensor)));
					floats += size;
					r.feed(feeds.get(n), fed.get(fed.size() - 1)).addTarget(assigns.get(
						n));
				}
				try (Result assigned = r.run()) {} // no fetches: closed all the same
			}
			finally {
				for (Tensor t : fed)
					t.close();
			}
		}
	}

	/**
	 * PyTorch-layout values into a new tensor in TF layout: straight into its
	 * memory where TF Java exposes it writable (its raw buffers need
	 * {@code sun.misc.Unsafe}), else through one TF-layout copy.
	 */
	private static void write(long[] torchShape, float[] data, TFloat32 tensor) {
		FloatDataBuffer raw = tensor.asRawTensor().data().asFloats();
		if (!raw.isReadOnly()) TfLayout.writeTf(torchShape, data, raw);
		else tensor.copyFrom(DataBuffers.of(TfLayout.toTf(torchShape, data), true,
			false));
	}

	/**
	 * Sets every variable of this set to zero. One zero array per size serves
	 * every variable of that size (loading only reads it): the Adam moments of
	 * CE-Net are two copies of its weights, which would otherwise all pass
	 * through the heap.
	 */
	public void zero(Session session) {
		ReusedArrays zeros = new ReusedArrays(); // only read: they stay zero
		load(session, variables.keySet(), n -> new StateDict.Entry(torchShapes.get(
			n), zeros.apply(Math.toIntExact(StateDict.numel(torchShapes.get(n))))));
	}

	/**
	 * Current values of the named variables (all when names is null), in PyTorch
	 * layout.
	 */
	public StateDict read(Session session, List<String> names) {
		StateDict out = new StateDict();
		try {
			read(session, names, (name, e) -> out.put(name, e.shape(), e.data()
				.clone()));
		}
		catch (java.io.IOException e) { // the sink above does no I/O
			throw new java.io.UncheckedIOException(e);
		}
		return out;
	}

	/**
	 * Hands the current values of the named variables (all when names is null),
	 * in PyTorch layout and in order, to {@code sink}, {@value #CHUNK} variables
	 * per Session run. A value's array is reused for the next value of its
	 * length: writing them to a file this way needs no heap copy of them all, and
	 * leaves no garbage of their size.
	 */
	public void read(Session session, List<String> names,
		StateDict.EntrySink sink) throws java.io.IOException
	{
		List<String> which = names == null ? new ArrayList<>(variables.keySet())
			: names;
		ReusedArrays tfArrays = new ReusedArrays(), torchArrays =
			new ReusedArrays();
		for (int from = 0; from < which.size(); from += CHUNK) {
			List<String> chunk = which.subList(from, Math.min(which.size(), from +
				CHUNK));
			Session.Runner r = session.runner();
			for (String n : chunk)
				r.fetch(get(n));
			try (Result res = r.run()) {
				for (int i = 0; i < chunk.size(); i++) {
					String n = chunk.get(i);
					long[] shape = torchShapes.get(n);
					TFloat32 t = (TFloat32) res.get(i);
					int length = Math.toIntExact(t.size());
					float[] values = torchArrays.apply(length);
					if (shape.length == 4) {
						float[] tfValues = tfArrays.apply(length);
						t.copyTo(DataBuffers.of(tfValues, false, false));
						TfLayout.toTorch(shape, tfValues, values);
					}
					else t.copyTo(DataBuffers.of(values, false, false));
					sink.accept(n, new StateDict.Entry(shape, values));
				}
			}
		}
	}
}
