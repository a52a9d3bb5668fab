
package sc.fiji.cenet.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.CENetGraph;
import sc.fiji.cenet.model.CENetTileModel;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TfRuntime;
import sc.fiji.cenet.model.VariableParameters;
import sc.fiji.cenet.model.VariableSet;

/**
 * CE-Net in training mode plus an evaluation branch on the same variables, with
 * Adam (PyTorch's defaults: betas 0.9/0.999, eps 1e-8) in one Session.
 * <p>
 * A training step feeds a batch, the learning rate and the bias-correction
 * powers beta^t, and runs the Adam updates together with the batch-norm
 * running-statistic updates. The Adam updates wait for every gradient, so no
 * gradient reads a weight that was already updated in the same step.
 */
public final class TrainingGraph implements AutoCloseable {

	public static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

	private final CENetConfig config;
	private final Graph graph;
	private final Session session;
	private final VariableParameters params;
	private final VariableSet slots;
	private final List<String> trained;
	private final Placeholder<TFloat32> input, target, weight, evalInput,
			evalTarget, evalWeight;
	private final Placeholder<TFloat32> learningRate, beta1Power, beta2Power;
	private final Operand<TFloat32> loss, evalLoss, evalProbabilities;
	/** True while every weight and running statistic is a number. */
	private final Operand<TBool> weightsFinite;
	private final List<Op> stepTargets = new ArrayList<>();

	/**
	 * @param frozen names of parameters that are not trained (e.g. the encoder);
	 *          their batch-norm statistics still follow the data, as in PyTorch
	 * @param stepImages the images a training step holds (and the tiles of a
	 *          validation batch): with one, on a CPU, the convs are built for
	 *          batches of one ({@link Layers})
	 */
	public TrainingGraph(CENetConfig config, LossKind lossKind,
		Collection<String> frozen, boolean useGpu, int stepImages)
	{
		this.config = config;
		graph = TfRuntime.newGraph();
		try {
			Ops tf = Ops.create(graph);
			CENetArchitecture arch = new CENetArchitecture(config);
			params = new VariableParameters(tf, arch);
			Shape in = Shape.of(-1, -1, -1, config.inputChannels()), one = Shape.of(
				-1, -1, -1, 1);
			input = tf.withName("input").placeholder(TFloat32.class, Placeholder
				.shape(in));
			target = tf.withName("target").placeholder(TFloat32.class, Placeholder
				.shape(one));
			weight = tf.withName("weight").placeholder(TFloat32.class, Placeholder
				.shape(one));
			learningRate = scalar(tf, "learning_rate");
			beta1Power = scalar(tf, "beta1_power");
			beta2Power = scalar(tf, "beta2_power");

			boolean batchesOfOne = stepImages == 1 && !useGpu;
			CENetGraph train = new CENetGraph(tf, config, params,
				CENetGraph.Mode.TRAINING, false, batchesOfOne);
			loss = tf.withName("loss").identity(new Losses(tf).loss(lossKind, config
				.classes(), train.logits(input), target, weight));

			// Validation runs the same variables with running statistics, as
			// PyTorch's eval mode.
			evalInput = tf.withName("eval_input").placeholder(TFloat32.class,
				Placeholder.shape(in));
			evalTarget = tf.withName("eval_target").placeholder(TFloat32.class,
				Placeholder.shape(one));
			evalWeight = tf.withName("eval_weight").placeholder(TFloat32.class,
				Placeholder.shape(one));
			CENetGraph eval = new CENetGraph(tf, config, params,
				CENetGraph.Mode.INFERENCE, false, batchesOfOne);
			Operand<TFloat32> evalLogits = eval.logits(evalInput);
			evalProbabilities = eval.probabilities(evalLogits);
			evalLoss = new Losses(tf).loss(lossKind, config.classes(), evalLogits,
				evalTarget, evalWeight);

			trained = new ArrayList<>(params.trainableNames());
			trained.removeAll(frozen);
			List<Operand<TFloat32>> vars = new ArrayList<>();
			for (String n : trained)
				vars.add(params.variable(n));
			Gradients grads = tf.gradients(loss, vars);
			slots = new VariableSet(tf);
			List<Op> gradOps = new ArrayList<>();
			List<Operand<TFloat32>> gradValues = new ArrayList<>();
			for (int i = 0; i < trained.size(); i++) {
				org.tensorflow.op.core.Identity<TFloat32> g = tf.identity(grads
					.<TFloat32> dy(i));
				gradOps.add(g);
				gradValues.add(g);
			}
			Ops afterGradients = tf.withControlDependencies(gradOps);
			for (int i = 0; i < trained.size(); i++) {
				String n = trained.get(i);
				long[] shape = params.set().torchShape(n);
				Variable<TFloat32> m = slots.add("adam_m/" + n, shape), v = slots.add(
					"adam_v/" + n, shape);
				stepTargets.add(afterGradients.train.applyAdam(params.variable(n), m, v,
					beta1Power, beta2Power, learningRate, tf.constant((float) BETA1), tf
						.constant((float) BETA2), tf.constant((float) EPSILON), gradValues
							.get(i)));
			}
			stepTargets.addAll(train.batchNormUpdates());
			List<Operand<TBool>> finite = new ArrayList<>();
			for (Variable<TFloat32> v : params.set().variables().values())
				finite.add(tf.reduceAll(tf.reshape(tf.math.isFinite(v), tf.constant(
					new long[] { -1 })), tf.constant(0)));
			weightsFinite = tf.reduceAll(tf.stack(finite), tf.constant(0));
			session = new Session(graph, TfRuntime.config(useGpu, false));
		}
		catch (RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	private static Placeholder<TFloat32> scalar(Ops tf, String name) {
		return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape
			.scalar()));
	}

	public CENetConfig config() {
		return config;
	}

	/** Sets the weights and clears the optimiser state. */
	public void initialize(StateDict weights) {
		params.load(session, weights);
		slots.zero(session);
	}

	/**
	 * Sets every weight, each asked for when it is written (e.g. made by
	 * {@link sc.fiji.cenet.model.WeightInit#lazy}), and clears the optimiser
	 * state.
	 */
	public void initialize(
		java.util.function.Function<String, StateDict.Entry> weights)
	{
		loadWeights(weights);
		// Zeros fed like any value: grappler would constant-fold
		// assign(zerosLike) ops into constants as large as the moments,
		// held in the graph next to the variables.
		slots.zero(session);
	}

	/**
	 * One Adam step on a batch (NHWC arrays; target and weight with one channel).
	 *
	 * @param step 1-based count of steps so far including this one (Adam's bias
	 *          correction)
	 * @return the batch loss before the update
	 */
	public float step(float[] images, float[] targets, float[] weights, int n,
		int h, int w, double lr, long step)
	{
		return runStep(images, targets, weights, n, h, w, lr, step, null);
	}

	/**
	 * A training step with a full trace: per-op timings for profiling
	 * (benchmarks).
	 */
	public org.tensorflow.proto.RunMetadata profileStep(float[] images,
		float[] targets, float[] weights, int n, int h, int w, double lr, long step)
	{
		org.tensorflow.proto.RunMetadata[] metadata =
			new org.tensorflow.proto.RunMetadata[1];
		runStep(images, targets, weights, n, h, w, lr, step, metadata);
		return metadata[0];
	}

	private float runStep(float[] images, float[] targets, float[] weights, int n,
		int h, int w, double lr, long step,
		org.tensorflow.proto.RunMetadata[] trace)
	{
		try (TFloat32 x = tensor(images, n, h, w, config.inputChannels());
				TFloat32 t = tensor(targets, n, h, w, 1);
				TFloat32 wt = tensor(weights, n, h, w, 1);
				TFloat32 l = TFloat32.scalarOf((float) lr);
				TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(BETA1, step));
				TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(BETA2, step)))
		{
			Session.Runner r = session.runner().feed(input, x).feed(target, t).feed(
				weight, wt).feed(learningRate, l).feed(beta1Power, b1).feed(beta2Power,
					b2).fetch(loss);
			for (Op op : stepTargets)
				r.addTarget(op);
			if (trace != null) r.setOptions(org.tensorflow.proto.RunOptions
				.newBuilder().setTraceLevel(
					org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build());
			try (Result res = trace != null ? r.runAndFetchMetadata() : r.run()) {
				if (trace != null) trace[0] = res.getMetadata().orElse(null);
				return ((TFloat32) res.get(0)).getFloat();
			}
		}
	}

	/**
	 * Whether every weight and running statistic is a number: a step's loss is
	 * that of the weights before it, so an update that left NaN in them shows
	 * only here (or in the next step's loss).
	 */
	public boolean weightsFinite() {
		try (Result r = session.runner().fetch(weightsFinite).run()) {
			return ((TBool) r.get(0)).getBoolean();
		}
	}

	/**
	 * Loss and probabilities of a batch with running statistics, no update:
	 * validation.
	 */
	public Evaluation evaluate(float[] images, float[] targets, float[] weights,
		int n, int h, int w)
	{
		try (TFloat32 x = tensor(images, n, h, w, config.inputChannels());
				TFloat32 t = tensor(targets, n, h, w, 1);
				TFloat32 wt = tensor(weights, n, h, w, 1);
				Result res = session.runner().feed(evalInput, x).feed(evalTarget, t)
					.feed(evalWeight, wt).fetch(evalLoss).fetch(evalProbabilities).run())
		{
			TFloat32 p = (TFloat32) res.get(1);
			float[] out = new float[(int) p.size()];
			p.copyTo(DataBuffers.of(out, false, false));
			return new Evaluation(((TFloat32) res.get(0)).getFloat(), out);
		}
	}

	/** A validation batch's loss and NHWC probabilities. */
	public static final class Evaluation {

		public final float loss;
		public final float[] probabilities;

		Evaluation(float loss, float[] probabilities) {
			this.loss = loss;
			this.probabilities = probabilities;
		}
	}

	/** Probabilities (sigmoid or softmax) with running statistics, NHWC. */
	public float[] predict(float[] images, int n, int h, int w) {
		try (TFloat32 x = tensor(images, n, h, w, config.inputChannels());
				Result res = session.runner().feed(evalInput, x).fetch(
					evalProbabilities).run())
		{
			TFloat32 p = (TFloat32) res.get(0);
			float[] out = new float[(int) p.size()];
			p.copyTo(DataBuffers.of(out, false, false));
			return out;
		}
	}

	/**
	 * The current weights with running statistics as a network for
	 * {@code predict} (validation as CE-Net Predict predicts); not owned: closing
	 * it leaves this graph open.
	 */
	public CENetTileModel tileModel() {
		return new CENetTileModel() {

			@Override
			public CENetConfig config() {
				return config;
			}

			@Override
			public float[] predict(float[] input, int n, int h, int w) {
				return TrainingGraph.this.predict(input, n, h, w);
			}
		};
	}

	/** Current weights, PyTorch layout, architecture order. */
	public StateDict weights() {
		return params.read(session);
	}

	/**
	 * The current weights as {@link #weights}, handed out a few at a time as they
	 * are read (each array reused for the next weight of its length): for writing
	 * them to a file without a heap copy of them all.
	 */
	public StateDict.EntrySource weightSource() {
		return sink -> params.set().read(session, null, sink);
	}

	/**
	 * Adam's first and second moments, keyed {@code adam_m/<param>} and
	 * {@code adam_v/<param>}.
	 */
	public StateDict optimizerState() {
		return slots.read(session, null);
	}

	/** {@link #optimizerState} as {@link #weightSource} hands out the weights. */
	public StateDict.EntrySource optimizerStateSource() {
		return sink -> slots.read(session, null, sink);
	}

	public void restore(StateDict weights, StateDict optimizerState) {
		params.load(session, weights);
		slots.zero(session); // a moment the state lacks (a parameter frozen before,
													// trained now) starts at zero
		slots.load(session, optimizerState);
	}

	/**
	 * Replaces the weights but keeps the optimiser moments (the schedule's reload
	 * of the best epoch).
	 */
	public void loadWeights(StateDict weights) {
		params.load(session, weights);
	}

	/**
	 * {@link #loadWeights(StateDict)} with every weight asked for one at a time,
	 * each written to TF before the next is asked for (e.g. read from a model
	 * file into reused arrays).
	 */
	public void loadWeights(
		java.util.function.Function<String, StateDict.Entry> weights)
	{
		params.set().load(session, params.set().variables().keySet(), weights);
	}

	private static TFloat32 tensor(float[] v, int n, int h, int w, int c) {
		return TFloat32.tensorOf(Shape.of(n, h, w, c), DataBuffers.of(v, true,
			false));
	}

	/** The graph (tests: which form it was built in). */
	Graph graph() {
		return graph;
	}

	@Override
	public void close() {
		try {
			session.close();
		}
		finally {
			graph.close();
		}
	}
}
