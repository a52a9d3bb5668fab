
package sc.fiji.cenet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.io.Npy;
import sc.fiji.cenet.io.Npz;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.CENetGraph;
import sc.fiji.cenet.model.CENetInference;
import sc.fiji.cenet.model.OneDnnSwitch;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TfLibraryPages;
import sc.fiji.cenet.model.TfRuntime;
import sc.fiji.cenet.predict.PredictionMode;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.predict.PredictionStatistics;
import sc.fiji.cenet.predict.Predictor;
import sc.fiji.cenet.progress.ProgressListener;
import sc.fiji.cenet.train.LossKind;
import sc.fiji.cenet.train.TrainingGraph;

/**
 * Measures ONE figure in a fresh JVM, so that the peak RSS it reports
 * ({@code VmHWM}) belongs to that figure alone, and prints it as one line
 * {@code FIGURE key=value ...} for the parent ({@link InferenceBenchmark},
 * {@link SpeedExperiments}). Arguments are {@code key=value}:
 * <ul>
 * <li>{@code task=inference size= batch= warmup= runs= [model=FILE]}: the
 * network on one batch, median seconds; with {@code model=}, the model file
 * opened as CE-Net Predict opens it</li>
 * <li>{@code task=tiled size=}: {@link Predictor}, TILED, 448 tiles, on a lazy
 * size x size image</li>
 * <li>{@code task=profile runs=}: time per TF op type from FULL_TRACE step
 * stats</li>
 * <li>{@code task=floor}: a trivial TF session, the memory floor of JVM +
 * TF</li>
 * <li>{@code task=train size= batch= warmup= runs=}: the plugin's training step
 * ({@link TrainingGraph}, Adam, Dice + BCE) on one batch from
 * {@code WeightInit.lazy} (random weights made one tensor at a time, as CE-Net
 * Train starts from scratch), median seconds per step</li>
 * <li>{@code task=export dir= size= batch=}: writes {@code weights.npz} (the
 * seeded random state_dict), {@code input.npy}, {@code probabilities.npy} and
 * {@code logits.npy} (NHWC) of {@link CENetInference}, for the PyTorch
 * baseline's parity check ({@link SameRunBenchmark})</li>
 * </ul>
 * With {@code matmul=N} the child then times an N x N fp32 matrix product
 * through TF (same session settings, after warm-up) and reports
 * {@code matmul_gflops}: the machine's fp32 rate in the same process and
 * moment. Peak RSS and the process CPU/wall are read before it. Inference
 * variants: {@code impl=product} ({@link CENetInference}, default) or
 * {@code impl=configured} ({@link ConfiguredCENet} with {@code mode=},
 * {@code interop=}, {@code jit=on}); the intra-op threads come from
 * {@code -Dcenet.threads} as in the product.
 */
public final class BenchmarkChild {

	private static final CENetConfig CONFIG = new CENetConfig(3, 1);
	private static final int TILE = 448;
	private static final long SEED = 42;

	private final Map<String, String> args;
	private final Map<String, String> out = new LinkedHashMap<>();

	private BenchmarkChild(Map<String, String> args) {
		this.args = args;
	}

	public static void main(String[] argv) throws Exception {
		Map<String, String> args = new LinkedHashMap<>();
		for (String a : argv) {
			int eq = a.indexOf('=');
			if (eq < 1) throw new IllegalArgumentException(
				"arguments are key=value, not '" + a + "'");
			args.put(a.substring(0, eq), a.substring(eq + 1));
		}
		TfRuntime.loadNatives(); // as CE-Net does: oneDNN decided before TF loads
		new BenchmarkChild(args).run();
	}

	private void run() throws Exception {
		String task = arg("task", "inference");
		switch (task) {
			case "inference":
				inference();
				break;
			case "tiled":
				tiled();
				break;
			case "profile":
				profile();
				break;
			case "floor":
				floor();
				break;
			case "train":
				train();
				break;
			case "export":
				export();
				break;
			default:
				throw new IllegalArgumentException("unknown task " + task);
		}
		put("tf", TensorFlow.version());
		put("onednn", OneDnnSwitch.apply().on ? "on" : "off");
		put("library_pages_released_gib", ProcessStats.gib(TfLibraryPages
			.outcome().releasedBytes));
		put("threads", TfRuntime.threads());
		put("peak_rss_gib", ProcessStats.gib(ProcessStats.peakRssBytes()));
		put("rss_file_gib", ProcessStats.gib(ProcessStats.rssFileBytes()));
		put("heap_committed_gib", ProcessStats.gib(ProcessStats
			.heapCommittedBytes()));
		put("process_cpu_s", ProcessStats.cpuSeconds());
		put("process_wall_s", ProcessStats.uptimeSeconds());
		if (args.containsKey("matmul")) matmul(intArg("matmul", 4096), intArg(
			"matmul_runs", 5));
		StringBuilder line = new StringBuilder("FIGURE");
		out.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
		System.out.println(line);
	}

	private void inference() throws java.io.IOException {
		int size = intArg("size", TILE), batch = intArg("batch", 1);
		int warmup = intArg("warmup", 2), runs = intArg("runs", 10);
		float[] x = SyntheticImage.nhwc(batch, size, size, CONFIG.inputChannels());
		// model=FILE: the model file opened as CE-Net Predict opens it (weights
		// read one at a time);
		// else seeded random weights made in memory first
		StateDict weights = args.containsKey("model") ? null : RandomWeights.of(
			CONFIG, SEED);
		put("rss_weights_gib", ProcessStats.gib(ProcessStats.rssBytes()));
		Network net = weights == null ? openedModel(Paths.get(arg("model", "")))
			: network(weights);
		weights = null; // the graph holds its own copy; let the heap shrink
		put("rss_session_gib", ProcessStats.gib(ProcessStats.rssBytes()));
		try {
			double[] seconds = new double[runs];
			float[] y = null;
			for (int i = 0; i < warmup; i++)
				y = net.predict(x, batch, size, size);
			put("rss_warm_gib", ProcessStats.gib(ProcessStats.rssBytes()));
			put("peak_rss_warm_gib", ProcessStats.gib(ProcessStats.peakRssBytes()));
			double cpu0 = ProcessStats.cpuSeconds();
			long t0 = System.nanoTime();
			for (int i = 0; i < runs; i++) {
				long t = System.nanoTime();
				y = net.predict(x, batch, size, size);
				seconds[i] = (System.nanoTime() - t) * 1e-9;
			}
			double wall = (System.nanoTime() - t0) * 1e-9, cpu = ProcessStats
				.cpuSeconds() - cpu0;
			putTimings(seconds, batch, CENetFlops.flops(CONFIG, size, size) * batch,
				cpu, wall);
			put("cpu_s_per_image", cpu / runs / batch);
			put("copy_ms", copyMillis(x, batch, size));
			put("mean_output", mean(y));
		}
		finally {
			net.close();
		}
	}

	/**
	 * The figures of timed runs: seconds (per image, per batch, min, max),
	 * GFLOP/s and CPU/wall.
	 */
	private void putTimings(double[] seconds, int batch, double flopsPerBatch,
		double cpu, double wall)
	{
		double perBatch = median(seconds);
		put("seconds", perBatch / batch);
		put("seconds_per_batch", perBatch);
		put("min_seconds_per_batch", Arrays.stream(seconds).min().getAsDouble());
		put("max_seconds_per_batch", Arrays.stream(seconds).max().getAsDouble());
		put("gflops", flopsPerBatch / perBatch * 1e-9);
		put("timed_cpu_per_wall", cpu / wall);
	}

	/**
	 * One Adam step of the plugin's training graph (Dice + BCE, lr 1e-4) on a
	 * synthetic batch.
	 */
	private void train() {
		int size = intArg("size", TILE), batch = intArg("batch", 1);
		int warmup = intArg("warmup", 1), runs = intArg("runs", 3);
		float[] x = SyntheticImage.nhwc(batch, size, size, CONFIG.inputChannels());
		float[] t = new float[batch * size * size], w = new float[t.length];
		Random r = new Random(batch);
		for (int i = 0; i < t.length; i++) {
			t[i] = r.nextInt(10) == 0 ? 1 : 0;
			w[i] = 1;
		}
		try (TrainingGraph g = new TrainingGraph(CONFIG, LossKind.DICE_BCE,
			Collections.emptySet(), false, batch))
		{
			// random weights made one tensor at a time, as CE-Net Train starts from
			// scratch
			g.initialize(sc.fiji.cenet.model.WeightInit.lazy(CONFIG, SEED,
				new sc.fiji.cenet.model.ReusedArrays()));
			// then the heap garbage of loading released, as CE-Net Train does
			sc.fiji.cenet.model.JavaHeap.releaseLoadingGarbage();
			float loss = 0;
			long step = 1;
			for (int i = 0; i < warmup; i++)
				loss = g.step(x, t, w, batch, size, size, 1e-4, step++);
			put("rss_warm_gib", ProcessStats.gib(ProcessStats.rssBytes()));
			double[] seconds = new double[runs];
			double cpu0 = ProcessStats.cpuSeconds();
			long t0 = System.nanoTime();
			for (int i = 0; i < runs; i++) {
				long ti = System.nanoTime();
				loss = g.step(x, t, w, batch, size, size, 1e-4, step++);
				seconds[i] = (System.nanoTime() - ti) * 1e-9;
			}
			double wall = (System.nanoTime() - t0) * 1e-9, cpu = ProcessStats
				.cpuSeconds() - cpu0;
			// a training step: forward, input gradients and weight gradients
			putTimings(seconds, batch, 3 * CENetFlops.flops(CONFIG, size, size) *
				batch, cpu, wall);
			put("mean_output", (double) loss);
		}
	}

	/**
	 * The parity fixture: weights, input and the product's probabilities and
	 * logits, as NumPy files.
	 */
	private void export() throws java.io.IOException {
		int size = intArg("size", TILE), batch = intArg("batch", 1);
		Path dir = Paths.get(arg("dir", "."));
		Files.createDirectories(dir);
		StateDict weights = RandomWeights.of(CONFIG, SEED);
		float[] x = SyntheticImage.nhwc(batch, size, size, CONFIG.inputChannels());
		// Random weights let the activations grow: logits of several hundred
		// saturate the sigmoid,
		// so almost every probability is 0 or 1 and float rounding of large logits
		// dominates the
		// rest. The last conv is linear: scaling it brings the logits to a standard
		// deviation of 2
		// (every earlier layer still has to match for the probabilities to match).
		double spread;
		try (CENetInference net = new CENetInference(CONFIG, weights)) {
			spread = std(net.logits(x, batch, size, size));
		}
		float scale = (float) (2 / spread);
		for (String name : new String[] { "finalconv3.weight",
			"finalconv3.bias" })
		{
			float[] v = weights.get(name).data();
			for (int i = 0; i < v.length; i++)
				v[i] *= scale;
		}
		put("finalconv3_scale", (double) scale);
		Npz.write(dir.resolve("weights.npz"), weights);
		// the same weights as a model file: the plugin's inference figures open it
		// as CE-Net Predict does
		sc.fiji.cenet.io.ModelFile.save(dir.resolve("model.cenet"),
			new sc.fiji.cenet.io.TrainedModel(CONFIG, weights,
				new java.util.Properties(), new sc.fiji.cenet.model.TrainingHistory()));
		long[] in = { batch, size, size, CONFIG.inputChannels() }, out = { batch,
			size, size, CONFIG.outputChannels() };
		Npy.write(dir.resolve("input.npy"), new StateDict.Entry(in, x));
		try (CENetInference net = new CENetInference(CONFIG, weights)) {
			float[] p = net.predict(x, batch, size, size);
			Npy.write(dir.resolve("probabilities.npy"), new StateDict.Entry(out, p));
			Npy.write(dir.resolve("logits.npy"), new StateDict.Entry(out, net.logits(
				x, batch, size, size)));
			put("mean_output", mean(p));
		}
		put("dir", dir.toAbsolutePath());
	}

	/**
	 * An n x n by n x n fp32 MatMul through TF with the plugin's session
	 * settings: median of {@code runs} after one warm-up. The inputs are fed (not
	 * constants) so grappler cannot fold it.
	 */
	private void matmul(int n, int runs) {
		float[] a = new float[n * n], b = new float[n * n];
		SplittableRandom r = new SplittableRandom(7);
		for (int i = 0; i < a.length; i++) {
			a[i] = (float) r.nextDouble(-1, 1);
			b[i] = (float) r.nextDouble(-1, 1);
		}
		try (Graph g = TfRuntime.newGraph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> pa = tf.placeholder(TFloat32.class, Placeholder
				.shape(Shape.of(n, n)));
			Placeholder<TFloat32> pb = tf.placeholder(TFloat32.class, Placeholder
				.shape(Shape.of(n, n)));
			Operand<TFloat32> y = tf.linalg.matMul(pa, pb);
			try (Session s = new Session(g, TfRuntime.config(false, false));
					TFloat32 ta = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(a,
						true, false));
					TFloat32 tb = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(b,
						true, false)))
			{
				double[] seconds = new double[runs];
				double cpu0 = 0;
				long t0 = 0;
				for (int i = -1; i < runs; i++) {
					if (i == 0) {
						cpu0 = ProcessStats.cpuSeconds();
						t0 = System.nanoTime();
					}
					long t = System.nanoTime();
					try (Result res = s.runner().feed(pa, ta).feed(pb, tb).fetch(y)
						.run())
					{
						if (res.size() != 1) throw new AssertionError();
					}
					if (i >= 0) seconds[i] = (System.nanoTime() - t) * 1e-9;
				}
				double m = median(seconds), cpu = ProcessStats.cpuSeconds() - cpu0;
				put("matmul_n", n);
				put("matmul_cpu_per_wall", cpu / ((System.nanoTime() - t0) * 1e-9));
				put("matmul_gflop_per_cpu_s", 2.0 * n * n * n * runs / cpu * 1e-9);
				put("matmul_seconds", m);
				put("matmul_gflops", 2.0 * n * n * n / m * 1e-9);
			}
		}
	}

	/**
	 * Creating the input tensor from the float[] and copying the output back, per
	 * batch.
	 */
	private double copyMillis(float[] x, int batch, int size) {
		int reps = 20;
		// one array for all repetitions: a new one each time would leave 20 inputs'
		// worth of garbage
		// on the heap, which the peak RSS read after this would count as the
		// plugin's
		float[] sink = new float[x.length];
		long t = System.nanoTime();
		for (int i = 0; i < reps; i++)
			try (TFloat32 in = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(
				batch, size, size, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(x,
					true, false)))
			{
				in.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(sink, false,
					false)); // an output of 1/3 the size costs less
			}
		return (System.nanoTime() - t) * 1e-6 / reps;
	}

	private void tiled() {
		int size = intArg("size", 2048);
		StateDict weights = RandomWeights.of(CONFIG, SEED);
		try (CENetInference model = new CENetInference(CONFIG, weights)) {
			weights = null;
			model.predict(SyntheticImage.nhwc(1, TILE, TILE, 3), 1, TILE, TILE); // TF
																																						// optimises
																																						// the
																																						// graph
																																						// on
																																						// the
																																						// first
																																						// run
			PredictionSettings settings = PredictionSettings.builder().mode(
				PredictionMode.TILED).tileSize(TILE).build();
			Predictor predictor = new Predictor(model, settings);
			Img<FloatType> probabilities = ArrayImgs.floats(size, size);
			double cpu0 = ProcessStats.cpuSeconds();
			long t0 = System.nanoTime();
			PredictionStatistics stats = predictor.probabilities(SyntheticImage.of(
				size, size, 3), probabilities, ProgressListener.NONE);
			double wall = (System.nanoTime() - t0) * 1e-9;
			put("seconds", wall);
			put("tiles", stats.tiles());
			put("seconds_per_tile", wall / stats.tiles());
			put("timed_cpu_per_wall", (ProcessStats.cpuSeconds() - cpu0) / wall);
			put("output_gib", ProcessStats.gib(4L * probabilities.size()));
			put("working_mib", stats.workingBytes() / (double) (1 << 20));
			double sum = 0;
			for (FloatType p : probabilities)
				sum += p.get();
			put("mean_output", sum / probabilities.size());
		}
	}

	/**
	 * JVM + TF natives + one trivial session: the memory any TF model starts
	 * from.
	 */
	private void floor() {
		try (Graph g = TfRuntime.newGraph()) {
			Ops tf = Ops.create(g);
			Operand<TFloat32> y = tf.math.add(tf.constant(2f), tf.constant(3f));
			try (Session s = new Session(g, TfRuntime.config(false, false));
					TFloat32 t = (TFloat32) s.runner().fetch(y).run().get(0))
			{
				put("mean_output", (double) t.getFloat());
			}
		}
	}

	private void profile() {
		int runs = intArg("runs", 3);
		float[] x = SyntheticImage.nhwc(1, TILE, TILE, 3);
		StateDict weights = RandomWeights.of(CONFIG, SEED);
		Map<String, Long> micros = ConfiguredCENet.newProfile(), byNode =
			ConfiguredCENet.newProfile();
		try (ConfiguredCENet net = new ConfiguredCENet(CONFIG, weights, mode(),
			variables(), session()); TFloat32 in = net.inputTensor(x, 1, TILE, TILE))
		{
			net.predict(in);
			net.predict(in);
			for (int i = 0; i < runs; i++)
				net.profile(in, micros, byNode);
		}
		long total = micros.values().stream().mapToLong(Long::longValue).sum();
		printByTime("OPTYPE op", micros, total, runs, micros.size());
		printByTime("OPNODE node", byNode, total, runs, 15);
		put("op_ms_per_image", total * 1e-3 / runs);
	}

	private static void printByTime(String prefix, Map<String, Long> micros,
		long total, int runs, int top)
	{
		List<Map.Entry<String, Long>> byTime = new ArrayList<>(micros.entrySet());
		byTime.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
		for (Map.Entry<String, Long> e : byTime.subList(0, Math.min(top, byTime
			.size())))
			System.out.printf(Locale.ROOT, "%s=%s ms_per_image=%.1f share=%.3f%n",
				prefix, e.getKey(), e.getValue() * 1e-3 / runs, e.getValue() /
					(double) total);
	}

	/**
	 * {@link sc.fiji.cenet.predict.CENetModel#open}: what CE-Net Predict and the
	 * model service run.
	 */
	private static Network openedModel(Path file) throws java.io.IOException {
		sc.fiji.cenet.predict.CENetModel m = sc.fiji.cenet.predict.CENetModel.open(
			file, false);
		return Network.of(m.network()::predict, m::close);
	}

	/**
	 * What the inference figures run: the product class, or a session configured
	 * by the arguments.
	 */
	private Network network(StateDict weights) {
		if (arg("impl", "product").equals("product")) {
			CENetInference net = new CENetInference(CONFIG, weights, mode(), false);
			return Network.of(net::predict, net::close);
		}
		ConfiguredCENet net = new ConfiguredCENet(CONFIG, weights, mode(),
			variables(), session());
		return Network.of(net::predict, net::close);
	}

	private boolean variables() {
		return arg("params", "constants").equals("variables");
	}

	private CENetGraph.Mode mode() {
		return CENetGraph.Mode.valueOf(arg("mode", "FOLDED_INFERENCE"));
	}

	/**
	 * The product's CPU settings, changed as asked: {@code interop=N} inter-op
	 * threads, {@code jit=on} XLA auto-clustering, {@code optimizer=}
	 * {@code no_grappler} (grappler off), {@code no_constant_folding} (grappler's
	 * and the classic optimizer's constant folding off), {@code L0} (classic
	 * graph optimizer off), {@code bf16} (oneDNN bfloat16 auto mixed precision),
	 * {@code nchw} (grappler converts the graph to NCHW).
	 */
	private ConfigProto session() {
		ConfigProto.Builder b = TfRuntime.config(false, false).toBuilder();
		if (args.containsKey("interop")) b.setInterOpParallelismThreads(intArg(
			"interop", 0));
		GraphOptions.Builder graph = b.getGraphOptions().toBuilder();
		OptimizerOptions.Builder classic = graph.getOptimizerOptions().toBuilder();
		RewriterConfig.Builder grappler = graph.getRewriteOptions().toBuilder();
		if (arg("jit", "off").equals("on")) classic.setGlobalJitLevel(
			OptimizerOptions.GlobalJitLevel.ON_1).setCpuGlobalJit(true);
		switch (arg("optimizer", "default")) {
			case "default":
				break;
			case "no_grappler":
				grappler.setDisableMetaOptimizer(true);
				break;
			case "no_constant_folding":
				grappler.setConstantFolding(RewriterConfig.Toggle.OFF);
				classic.setDoConstantFolding(false);
				break;
			case "L0":
				classic.setOptLevel(OptimizerOptions.Level.L0);
				break;
			case "bf16":
				grappler.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
				break;
			case "nchw":
				grappler.setCpuLayoutConversion(RewriterConfig.CpuLayout.NHWC_TO_NCHW);
				break;
			case "one_iteration":
				grappler.setMetaOptimizerIterations(
					RewriterConfig.NumIterationsType.ONE);
				break;
			case "remapping_only":
				grappler.setMetaOptimizerIterations(
					RewriterConfig.NumIterationsType.ONE).setConstantFolding(
						RewriterConfig.Toggle.OFF).setArithmeticOptimization(
							RewriterConfig.Toggle.OFF).setLayoutOptimizer(
								RewriterConfig.Toggle.OFF).setShapeOptimization(
									RewriterConfig.Toggle.OFF).setDependencyOptimization(
										RewriterConfig.Toggle.OFF).setLoopOptimization(
											RewriterConfig.Toggle.OFF).setFunctionOptimization(
												RewriterConfig.Toggle.OFF).setDebugStripper(
													RewriterConfig.Toggle.OFF)
					.setCommonSubgraphElimination(RewriterConfig.Toggle.OFF)
					.setDisableModelPruning(true).setImplementationSelector(
						RewriterConfig.Toggle.OFF).setPinToHostOptimization(
							RewriterConfig.Toggle.OFF).setMemoryOptimization(
								RewriterConfig.MemOptType.NO_MEM_OPT);
				break;
			default:
				throw new IllegalArgumentException("unknown optimizer setting " + arg(
					"optimizer", ""));
		}
		return b.setGraphOptions(graph.setOptimizerOptions(classic)
			.setRewriteOptions(grappler)).build();
	}

	private interface Network extends AutoCloseable {

		float[] predict(float[] x, int n, int h, int w);

		@Override
		void close();

		/** The network whose call is {@code predict}, released by {@code close}. */
		static Network of(Predict predict, Runnable close) {
			return new Network() {

				@Override
				public float[] predict(float[] x, int n, int h, int w) {
					return predict.predict(x, n, h, w);
				}

				@Override
				public void close() {
					close.run();
				}
			};
		}
	}

	@FunctionalInterface
	private interface Predict {

		float[] predict(float[] x, int n, int h, int w);
	}

	private String arg(String key, String fallback) {
		return args.getOrDefault(key, fallback);
	}

	private int intArg(String key, int fallback) {
		String v = args.get(key);
		return v == null ? fallback : Integer.parseInt(v);
	}

	private void put(String key, Object value) {
		out.put(key, value instanceof Double ? String.format(Locale.ROOT, "%.4g",
			(Double) value) : value.toString().replace(' ', '_'));
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] +
			s[s.length / 2]) / 2;
	}

	private static double std(float[] v) {
		double m = mean(v), s = 0;
		for (float f : v)
			s += (f - m) * (f - m);
		return Math.sqrt(s / v.length);
	}

	private static double mean(float[] v) {
		double s = 0;
		for (float f : v)
			s += f;
		return s / v.length;
	}
}
