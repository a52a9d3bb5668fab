
package sc.fiji.cenet.bench;

import java.nio.FloatBuffer;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import sc.fiji.cenet.io.Npy;
import sc.fiji.cenet.model.StateDict;

/**
 * The ONNX Runtime peer of {@link SameRunBenchmark}, in a JVM of its own that
 * never loads TensorFlow (its peak RSS is ONNX Runtime's): CE-Net exported from
 * the PyTorch baseline ({@code cenet_torch.py onnx}), CPU execution provider,
 * all graph optimisations, {@code threads} intra-op threads, one inter-op
 * thread, sequential execution.
 * <ul>
 * <li>{@code check model= input= expected= tolerance=}: the probabilities of
 * the plugin's parity input (NHWC .npy) against the plugin's; prints
 * {@code CHECK PASSED|FAILED max_abs_diff=...}, exit 1 when failed.</li>
 * <li>{@code figure model= size= batch= warmup= runs= threads=}: the inference
 * of {@link SyntheticImage#nhwc} (as NCHW), median seconds per batch; prints
 * one {@code FIGURE key=value ...} line as {@link BenchmarkChild} does.</li>
 * </ul>
 */
public final class OnnxRuntimeChild {

	private OnnxRuntimeChild() {}

	public static void main(String[] argv) throws Exception {
		Map<String, String> a = new LinkedHashMap<>();
		for (String s : argv) {
			int eq = s.indexOf('=');
			a.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
		}
		String mode = argv.length > 0 ? argv[0] : "";
		int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(
			Runtime.getRuntime().availableProcessors())));
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setIntraOpNumThreads(threads);
			options.setInterOpNumThreads(1);
			options.setExecutionMode(
				OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			try (OrtSession session = env.createSession(a.get("model"), options)) {
				if (mode.equals("check")) System.exit(check(env, session, a));
				figure(env, session, a, threads);
			}
		}
	}

	private static int check(OrtEnvironment env, OrtSession session,
		Map<String, String> a) throws Exception
	{
		StateDict.Entry input = Npy.read(Paths.get(a.get("input"))), expected = Npy
			.read(Paths.get(a.get("expected")));
		long[] s = input.shape(); // N, H, W, C
		float[] p = run(env, session, nchw(input.data(), (int) s[0], (int) s[1],
			(int) s[2], (int) s[3]), (int) s[0], (int) s[3], (int) s[1], (int) s[2]);
		float[] e = expected.data(); // N, H, W, K with K = 1: the same order as N,
																	// K, H, W
		double tolerance = Double.parseDouble(a.getOrDefault("tolerance", "1e-4"));
		double[] diff = differences(p, e);
		boolean ok = agrees(p, e, tolerance);
		System.out.printf(Locale.ROOT,
			"CHECK %s max_abs_diff=%.3g mean_abs_diff=%.3g tolerance=%g pixels=%d%n",
			ok ? "PASSED" : "FAILED", diff[0], diff[1], tolerance, e.length);
		System.out.printf(Locale.ROOT, "FIGURE max_abs_diff=%.3g onnxruntime=%s%n",
			diff[0], env.getVersion());
		return ok ? 0 : 1;
	}

	/**
	 * Whether the peer's probabilities are the plugin's: as many, none further
	 * than {@code tolerance}.
	 */
	static boolean agrees(float[] peer, float[] plugin, double tolerance) {
		return peer.length == plugin.length && differences(peer,
			plugin)[0] <= tolerance;
	}

	/**
	 * {max, mean} absolute difference over the common length; infinite when the
	 * lengths differ.
	 */
	static double[] differences(float[] a, float[] b) {
		if (a.length != b.length) return new double[] { Double.POSITIVE_INFINITY,
			Double.POSITIVE_INFINITY };
		double worst = 0, sum = 0;
		for (int i = 0; i < a.length; i++) {
			double d = Math.abs(a[i] - b[i]);
			if (Double.isNaN(d)) return new double[] { Double.POSITIVE_INFINITY,
				Double.POSITIVE_INFINITY };
			worst = Math.max(worst, d);
			sum += d;
		}
		return new double[] { worst, sum / Math.max(1, a.length) };
	}

	private static void figure(OrtEnvironment env, OrtSession session,
		Map<String, String> a, int threads) throws Exception
	{
		int size = Integer.parseInt(a.getOrDefault("size", "448")), batch = Integer
			.parseInt(a.getOrDefault("batch", "1")), warmup = Integer.parseInt(a
				.getOrDefault("warmup", "2")), runs = Integer.parseInt(a.getOrDefault(
					"runs", "10"));
		float[] x = nchw(SyntheticImage.nhwc(batch, size, size, 3), batch, size,
			size, 3);
		float[] y = null;
		for (int i = 0; i < warmup; i++)
			y = run(env, session, x, batch, 3, size, size);
		double[] seconds = new double[runs];
		double cpu0 = ProcessStats.cpuSeconds();
		long t0 = System.nanoTime();
		for (int i = 0; i < runs; i++) {
			long t = System.nanoTime();
			y = run(env, session, x, batch, 3, size, size);
			seconds[i] = (System.nanoTime() - t) * 1e-9;
		}
		double wall = (System.nanoTime() - t0) * 1e-9, cpu = ProcessStats
			.cpuSeconds() - cpu0;
		double[] sorted = seconds.clone();
		Arrays.sort(sorted);
		double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
			: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
		double mean = 0;
		for (float v : y)
			mean += v / y.length;
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("seconds_per_batch", median);
		out.put("min_seconds_per_batch", sorted[0]);
		out.put("max_seconds_per_batch", sorted[sorted.length - 1]);
		out.put("timed_cpu_per_wall", cpu / wall);
		out.put("mean_output", mean);
		out.put("onnxruntime", env.getVersion());
		out.put("threads", threads);
		out.put("peak_rss_gib", ProcessStats.gib(ProcessStats.peakRssBytes()));
		out.put("rss_file_gib", ProcessStats.gib(ProcessStats.rssFileBytes()));
		StringBuilder line = new StringBuilder("FIGURE");
		out.forEach((k, v) -> line.append(' ').append(k).append('=').append(
			v instanceof Double ? String.format(Locale.ROOT, "%.4g", (Double) v)
				: v));
		System.out.println(line);
	}

	/** Probabilities N, K, H, W of an N, C, H, W input. */
	private static float[] run(OrtEnvironment env, OrtSession session, float[] x,
		int n, int c, int h, int w) throws Exception
	{
		try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
			new long[] { n, c, h, w });
				OrtSession.Result r = session.run(Collections.singletonMap("input", t)))
		{
			FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
			float[] out = new float[b.remaining()];
			b.get(out);
			return out;
		}
	}

	private static float[] nchw(float[] nhwc, int n, int h, int w, int c) {
		float[] out = new float[nhwc.length];
		for (int b = 0; b < n; b++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					for (int k = 0; k < c; k++)
						out[((b * c + k) * h + y) * w + x] = nhwc[((b * h + y) * w + x) *
							c + k];
		return out;
	}

}
