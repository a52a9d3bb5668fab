
package sc.fiji.cenet.model;

import java.util.Map;
import java.util.function.Function;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A CE-Net inference session: batch norm folded into the convolutions, one
 * reusable Session. Takes any valid size (the graph has dynamic batch, height
 * and width).
 * <p>
 * The weights live in variables assigned once after the session starts, not in
 * graph constants: TF's graph optimiser copies constants several times on the
 * first run, which more than doubled the peak memory.
 */
public final class CENetInference implements CENetTileModel {

	private final CENetConfig config;
	private final Graph graph;
	private final Session session;
	private final Placeholder<TFloat32> input;
	private final Operand<TFloat32> logits;
	private final Operand<TFloat32> probabilities;

	/** Folded batch norm, CPU. */
	public CENetInference(CENetConfig config, StateDict weights) {
		this(config, weights, CENetGraph.Mode.FOLDED_INFERENCE, false);
	}

	/**
	 * @param mode INFERENCE or FOLDED_INFERENCE
	 * @param useGpu place ops on a GPU when one is present (see
	 *          {@link TfRuntime})
	 */
	public CENetInference(CENetConfig config, StateDict weights,
		CENetGraph.Mode mode, boolean useGpu)
	{
		// folding scales the conv weights it is given in place: it gets copies, the
		// plain graph the values
		this(config, mode != CENetGraph.Mode.FOLDED_INFERENCE ? weights::get
			: name -> {
				StateDict.Entry e = weights.get(name);
				return e == null ? null : new StateDict.Entry(e.shape(), e.data()
					.clone());
			}, mode, useGpu);
	}

	/**
	 * @param weights each parameter of the architecture of {@code config} by name
	 *          (PyTorch layout), asked for while the session loads them, a few at
	 *          a time: a source that reads them from a file (the model file's
	 *          weight reader) never has all of them in memory. Each value is
	 *          asked for afresh, and written to TensorFlow before the next is
	 *          asked for (a source may read the next into the same array); it may
	 *          be overwritten (folding scales conv weights in place), so the
	 *          source must not keep what it gives
	 * @param mode INFERENCE or FOLDED_INFERENCE
	 * @param useGpu place ops on a GPU when one is present (see
	 *          {@link TfRuntime})
	 */
	public CENetInference(CENetConfig config,
		Function<String, StateDict.Entry> weights, CENetGraph.Mode mode,
		boolean useGpu)
	{
		this(config, weights, mode, useGpu, FixedFilterConv.enabled());
	}

	/**
	 * Folded batch norm, CPU, with fixed-filter convolutions whatever the
	 * processor's default (tests).
	 */
	static CENetInference withFixedFilters(CENetConfig config,
		StateDict weights)
	{
		return new CENetInference(config, name -> {
			StateDict.Entry e = weights.get(name);
			return e == null ? null : new StateDict.Entry(e.shape(), e.data()
				.clone());
		}, CENetGraph.Mode.FOLDED_INFERENCE, false, true);
	}

	/**
	 * @param fixedFilters whether a folded CPU graph uses {@link FixedFilterConv}
	 *          where it is available
	 */
	private CENetInference(CENetConfig config,
		Function<String, StateDict.Entry> weights, CENetGraph.Mode mode,
		boolean useGpu, boolean fixedFilters)
	{
		if (mode == CENetGraph.Mode.TRAINING) throw new IllegalArgumentException(
			"use the trainer for training");
		this.config = config;
		CENetArchitecture arch = new CENetArchitecture(config);
		boolean fold = mode == CENetGraph.Mode.FOLDED_INFERENCE;
		Map<String, long[]> shapes = fold ? BatchNormFolding.shapes(arch) : arch
			.shapes();
		graph = TfRuntime.newGraph();
		try {
			Ops tf = Ops.create(graph);
			input = tf.withName("input").placeholder(TFloat32.class, Placeholder
				.shape(Shape.of(-1, -1, -1, config.inputChannels())));
			VariableSet vars = new VariableSet(tf);
			shapes.forEach(vars::add);
			// the weights are loaded once, below, before the first run: on a CPU
			// oneDNN may keep its copies
			CENetGraph net = new CENetGraph(tf, config, vars.asParameters(), mode,
				fold && !useGpu && fixedFilters);
			logits = tf.withName("logits").identity(net.logits(input));
			probabilities = tf.withName("probabilities").identity(net.probabilities(
				logits));
			session = new Session(graph, TfRuntime.inferenceConfig(useGpu));
			try {
				// folded one parameter at a time: no second copy of the
				// weights is ever whole
				vars.load(session, shapes.keySet(), fold ? name -> BatchNormFolding
					.entryOfFreshValues(weights, arch, name) : weights);
			}
			catch (RuntimeException e) {
				session.close();
				throw e;
			}
		}
		catch (RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	/** The graph, for tests that count its ops. */
	Graph graph() {
		return graph;
	}

	@Override
	public CENetConfig config() {
		return config;
	}

	@Override
	public float[] predict(float[] input, int n, int h, int w) {
		return run(input, n, h, w, probabilities);
	}

	/** Logits (before sigmoid/softmax), NHWC. */
	public float[] logits(float[] input, int n, int h, int w) {
		return run(input, n, h, w, logits);
	}

	private float[] run(float[] in, int n, int h, int w,
		Operand<TFloat32> fetch)
	{
		if (!acceptsSize(h, w)) throw new IllegalArgumentException(
			"CE-Net needs a height and width each " + CENetConfig.SIZE_RULE +
				", not " + h + " x " + w);
		if (in.length != (long) n * h * w * config.inputChannels())
			throw new IllegalArgumentException("input holds " + in.length +
				" values, expected " + n + "x" + h + "x" + w + "x" + config
					.inputChannels());
		try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, h, w, config
			.inputChannels()), DataBuffers.of(in, true, false));
				Result r = session.runner().feed(input, x).fetch(fetch).run())
		{
			TFloat32 y = (TFloat32) r.get(0);
			float[] out = new float[(int) y.size()];
			y.copyTo(DataBuffers.of(out, false, false));
			return out;
		}
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
