package sc.fiji.cenet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.CENetGraph;
import sc.fiji.cenet.model.CENetInference;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TfRuntime;
import sc.fiji.cenet.predict.PredictionMode;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.predict.PredictionStatistics;
import sc.fiji.cenet.predict.Predictor;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Measures ONE figure in a fresh JVM, so that the peak RSS it reports
 * ({@code VmHWM}) belongs to that figure alone, and prints it as one line
 * {@code FIGURE key=value ...} for the parent ({@link InferenceBenchmark},
 * {@link SpeedExperiments}). Arguments are {@code key=value}:
 * <ul>
 * <li>{@code task=inference size= batch= warmup= runs=}: the network on one batch, median seconds</li>
 * <li>{@code task=tiled size=}: {@link Predictor}, TILED, 448 tiles, on a lazy size x size image</li>
 * <li>{@code task=profile runs=}: time per TF op type from FULL_TRACE step stats</li>
 * <li>{@code task=floor}: a trivial TF session, the memory floor of JVM + TF</li>
 * </ul>
 * Inference variants: {@code impl=product} ({@link CENetInference}, default) or
 * {@code impl=configured} ({@link ConfiguredCENet} with {@code mode=}, {@code interop=},
 * {@code jit=on}); the intra-op threads come from {@code -Dcenet.threads} as in the product.
 */
public final class BenchmarkChild {
	private static final CENetConfig CONFIG = new CENetConfig(3, 1);
	private static final int TILE = 448;
	private static final long SEED = 42;

	private final Map<String, String> args;
	private final Map<String, String> out = new LinkedHashMap<>();

	private BenchmarkChild(Map<String, String> args) { this.args = args; }

	public static void main(String[] argv) throws Exception {
		Map<String, String> args = new LinkedHashMap<>();
		for (String a : argv) {
			int eq = a.indexOf('=');
			if (eq < 1) throw new IllegalArgumentException("arguments are key=value, not '" + a + "'");
			args.put(a.substring(0, eq), a.substring(eq + 1));
		}
		new BenchmarkChild(args).run();
	}

	private void run() throws Exception {
		String task = arg("task", "inference");
		switch (task) {
			case "inference": inference(); break;
			case "tiled": tiled(); break;
			case "profile": profile(); break;
			case "floor": floor(); break;
			default: throw new IllegalArgumentException("unknown task " + task);
		}
		put("tf", TensorFlow.version());
		put("threads", TfRuntime.threads());
		put("peak_rss_gib", ProcessStats.gib(ProcessStats.peakRssBytes()));
		put("heap_committed_gib", ProcessStats.gib(ProcessStats.heapCommittedBytes()));
		put("process_cpu_s", ProcessStats.cpuSeconds());
		put("process_wall_s", ProcessStats.uptimeSeconds());
		StringBuilder line = new StringBuilder("FIGURE");
		out.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
		System.out.println(line);
	}

	private void inference() {
		int size = intArg("size", TILE), batch = intArg("batch", 1);
		int warmup = intArg("warmup", 2), runs = intArg("runs", 10);
		float[] x = SyntheticImage.nhwc(batch, size, size, CONFIG.inputChannels());
		StateDict weights = RandomWeights.of(CONFIG, SEED);
		put("rss_weights_gib", ProcessStats.gib(ProcessStats.rssBytes()));
		Network net = network(weights);
		weights = null; // the graph holds its own copy; let the heap shrink
		put("rss_session_gib", ProcessStats.gib(ProcessStats.rssBytes()));
		try {
			double[] seconds = new double[runs];
			float[] y = null;
			for (int i = 0; i < warmup; i++) y = net.predict(x, batch, size, size);
			put("rss_warm_gib", ProcessStats.gib(ProcessStats.rssBytes()));
			put("peak_rss_warm_gib", ProcessStats.gib(ProcessStats.peakRssBytes()));
			double cpu0 = ProcessStats.cpuSeconds();
			long t0 = System.nanoTime();
			for (int i = 0; i < runs; i++) {
				long t = System.nanoTime();
				y = net.predict(x, batch, size, size);
				seconds[i] = (System.nanoTime() - t) * 1e-9;
			}
			double wall = (System.nanoTime() - t0) * 1e-9, cpu = ProcessStats.cpuSeconds() - cpu0;
			double perBatch = median(seconds);
			put("seconds", perBatch / batch);
			put("seconds_per_batch", perBatch);
			put("min_seconds_per_batch", Arrays.stream(seconds).min().getAsDouble());
			put("max_seconds_per_batch", Arrays.stream(seconds).max().getAsDouble());
			put("gflops", CENetFlops.flops(CONFIG, size, size) * batch / perBatch * 1e-9);
			put("timed_cpu_per_wall", cpu / wall);
			put("cpu_s_per_image", cpu / runs / batch);
			put("copy_ms", copyMillis(x, batch, size));
			put("mean_output", mean(y));
		}
		finally {
			net.close();
		}
	}

	/** Creating the input tensor from the float[] and copying the output back, per batch. */
	private double copyMillis(float[] x, int batch, int size) {
		int reps = 20;
		float[] sink = null;
		long t = System.nanoTime();
		for (int i = 0; i < reps; i++)
			try (TFloat32 in = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(batch, size, size, 3),
				org.tensorflow.ndarray.buffer.DataBuffers.of(x, true, false))) {
				sink = ConfiguredCENet.copyOut(in); // an output of 1/3 the size costs less than this
			}
		if (sink.length != x.length) throw new AssertionError();
		return (System.nanoTime() - t) * 1e-6 / reps;
	}

	private void tiled() {
		int size = intArg("size", 2048);
		StateDict weights = RandomWeights.of(CONFIG, SEED);
		try (CENetInference model = new CENetInference(CONFIG, weights)) {
			weights = null;
			model.predict(SyntheticImage.nhwc(1, TILE, TILE, 3), 1, TILE, TILE); // TF optimises the graph on the first run
			PredictionSettings settings = PredictionSettings.builder().mode(PredictionMode.TILED).tileSize(TILE).build();
			Predictor predictor = new Predictor(model, settings);
			Img<FloatType> probabilities = ArrayImgs.floats(size, size);
			double cpu0 = ProcessStats.cpuSeconds();
			long t0 = System.nanoTime();
			PredictionStatistics stats = predictor.probabilities(SyntheticImage.of(size, size, 3), probabilities,
				ProgressListener.NONE);
			double wall = (System.nanoTime() - t0) * 1e-9;
			put("seconds", wall);
			put("tiles", stats.tiles());
			put("seconds_per_tile", wall / stats.tiles());
			put("timed_cpu_per_wall", (ProcessStats.cpuSeconds() - cpu0) / wall);
			put("output_gib", ProcessStats.gib(4L * probabilities.size()));
			put("working_mib", stats.workingBytes() / (double) (1 << 20));
			double sum = 0;
			for (FloatType p : probabilities) sum += p.get();
			put("mean_output", sum / probabilities.size());
		}
	}

	/** JVM + TF natives + one trivial session: the memory any TF model starts from. */
	private void floor() {
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Operand<TFloat32> y = tf.math.add(tf.constant(2f), tf.constant(3f));
			try (Session s = new Session(g, TfRuntime.config(false, false));
				TFloat32 t = (TFloat32) s.runner().fetch(y).run().get(0)) {
				put("mean_output", (double) t.getFloat());
			}
		}
	}

	private void profile() {
		int runs = intArg("runs", 3);
		float[] x = SyntheticImage.nhwc(1, TILE, TILE, 3);
		StateDict weights = RandomWeights.of(CONFIG, SEED);
		Map<String, Long> micros = ConfiguredCENet.newProfile(), byNode = ConfiguredCENet.newProfile();
		try (ConfiguredCENet net = new ConfiguredCENet(CONFIG, weights, mode(), variables(), session());
			TFloat32 in = net.inputTensor(x, 1, TILE, TILE)) {
			net.predict(in);
			net.predict(in);
			for (int i = 0; i < runs; i++) net.profile(in, micros, byNode);
		}
		long total = micros.values().stream().mapToLong(Long::longValue).sum();
		printByTime("OPTYPE op", micros, total, runs, micros.size());
		printByTime("OPNODE node", byNode, total, runs, 15);
		put("op_ms_per_image", total * 1e-3 / runs);
	}

	private static void printByTime(String prefix, Map<String, Long> micros, long total, int runs, int top) {
		List<Map.Entry<String, Long>> byTime = new ArrayList<>(micros.entrySet());
		byTime.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
		for (Map.Entry<String, Long> e : byTime.subList(0, Math.min(top, byTime.size())))
			System.out.printf(Locale.ROOT, "%s=%s ms_per_image=%.1f share=%.3f%n", prefix, e.getKey(),
				e.getValue() * 1e-3 / runs, e.getValue() / (double) total);
	}

	/** What the inference figures run: the product class, or a session configured by the arguments. */
	private Network network(StateDict weights) {
		if (arg("impl", "product").equals("product")) {
			CENetInference net = new CENetInference(CONFIG, weights, mode(), false);
			return new Network() {
				@Override public float[] predict(float[] x, int n, int h, int w) { return net.predict(x, n, h, w); }
				@Override public void close() { net.close(); }
			};
		}
		ConfiguredCENet net = new ConfiguredCENet(CONFIG, weights, mode(), variables(), session());
		return new Network() {
			@Override public float[] predict(float[] x, int n, int h, int w) { return net.predict(x, n, h, w); }
			@Override public void close() { net.close(); }
		};
	}

	private boolean variables() { return arg("params", "constants").equals("variables"); }

	private CENetGraph.Mode mode() { return CENetGraph.Mode.valueOf(arg("mode", "FOLDED_INFERENCE")); }

	/**
	 * The product's CPU settings, changed as asked: {@code interop=N} inter-op threads,
	 * {@code jit=on} XLA auto-clustering, {@code optimizer=} {@code no_grappler} (grappler
	 * off), {@code no_constant_folding} (grappler's and the classic optimizer's constant
	 * folding off), {@code L0} (classic graph optimizer off), {@code bf16} (oneDNN bfloat16 auto
	 * mixed precision), {@code nchw} (grappler converts the graph to NCHW).
	 */
	private ConfigProto session() {
		ConfigProto.Builder b = TfRuntime.config(false, false).toBuilder();
		if (args.containsKey("interop")) b.setInterOpParallelismThreads(intArg("interop", 0));
		GraphOptions.Builder graph = b.getGraphOptions().toBuilder();
		OptimizerOptions.Builder classic = graph.getOptimizerOptions().toBuilder();
		RewriterConfig.Builder grappler = graph.getRewriteOptions().toBuilder();
		if (arg("jit", "off").equals("on"))
			classic.setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1).setCpuGlobalJit(true);
		switch (arg("optimizer", "default")) {
			case "default": break;
			case "no_grappler": grappler.setDisableMetaOptimizer(true); break;
			case "no_constant_folding":
				grappler.setConstantFolding(RewriterConfig.Toggle.OFF);
				classic.setDoConstantFolding(false);
				break;
			case "L0": classic.setOptLevel(OptimizerOptions.Level.L0); break;
			case "bf16": grappler.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON); break;
			case "nchw": grappler.setCpuLayoutConversion(RewriterConfig.CpuLayout.NHWC_TO_NCHW); break;
			case "one_iteration": grappler.setMetaOptimizerIterations(RewriterConfig.NumIterationsType.ONE); break;
			case "remapping_only":
				grappler.setMetaOptimizerIterations(RewriterConfig.NumIterationsType.ONE)
					.setConstantFolding(RewriterConfig.Toggle.OFF).setArithmeticOptimization(RewriterConfig.Toggle.OFF)
					.setLayoutOptimizer(RewriterConfig.Toggle.OFF).setShapeOptimization(RewriterConfig.Toggle.OFF)
					.setDependencyOptimization(RewriterConfig.Toggle.OFF).setLoopOptimization(RewriterConfig.Toggle.OFF)
					.setFunctionOptimization(RewriterConfig.Toggle.OFF).setDebugStripper(RewriterConfig.Toggle.OFF)
					.setCommonSubgraphElimination(RewriterConfig.Toggle.OFF).setDisableModelPruning(true)
					.setImplementationSelector(RewriterConfig.Toggle.OFF).setPinToHostOptimization(RewriterConfig.Toggle.OFF)
					.setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT);
				break;
			default: throw new IllegalArgumentException("unknown optimizer setting " + arg("optimizer", ""));
		}
		return b.setGraphOptions(graph.setOptimizerOptions(classic).setRewriteOptions(grappler)).build();
	}

	private interface Network extends AutoCloseable {
		float[] predict(float[] x, int n, int h, int w);
		@Override void close();
	}

	private String arg(String key, String fallback) { return args.getOrDefault(key, fallback); }

	private int intArg(String key, int fallback) {
		String v = args.get(key);
		return v == null ? fallback : Integer.parseInt(v);
	}

	private void put(String key, Object value) {
		out.put(key, value instanceof Double ? String.format(Locale.ROOT, "%.4g", (Double) value) : value.toString()
			.replace(' ', '_'));
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static double mean(float[] v) {
		double s = 0;
		for (float f : v) s += f;
		return s / v.length;
	}
}
