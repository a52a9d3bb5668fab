
package sc.fiji.cenet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.cenet.model.CENetConfig;

/**
 * Speed and memory of CE-Net inference against the reference PyTorch figures
 * ({@link ReferenceFigures}). Each figure runs in a fresh JVM
 * ({@link ChildJvm}, {@link BenchmarkChild}) so its peak RSS is its own:
 * <ul>
 * <li>{@code inference_b1_448}, {@code inference_b4_448}:
 * {@code CENetInference} (batch norm folded) on 1 or 4 images of 448 x 448 x 3;
 * median seconds per image after warm-up runs, GFLOP/s from the analytic count
 * ({@link CENetFlops})</li>
 * <li>{@code tiled_2048}, {@code tiled_4096}: {@code Predictor}, TILED, 448
 * tiles, default overlap, on a lazy 3-channel image into a float image; seconds
 * for the whole image after one warm-up tile</li>
 * </ul>
 * Run: {@code mvn -B -o -Pbench test} (see docs/benchmarks.md); arguments
 * {@code --quick} (fewer repetitions) and {@code --figures=name,name}. Intra-op
 * threads: {@code -Dcenet.threads}.
 */
public final class InferenceBenchmark {

	private static final int SIZE = 448;

	private InferenceBenchmark() {}

	public static void main(String[] argv) throws Exception {
		boolean quick = false;
		List<String> only = null;
		for (String a : argv) {
			if (a.isEmpty()) continue; // an empty ${bench.args}
			if (a.equals("--quick")) quick = true;
			else if (a.startsWith("--figures=")) only = Arrays.asList(a.substring(
				"--figures=".length()).split(","));
			else throw new IllegalArgumentException("unknown argument " + a +
				" (use --quick, --figures=a,b)");
		}
		Map<String, String[]> figures = new LinkedHashMap<>();
		figures.put("inference_b1_448", args("task=inference", "batch=1",
			"warmup=" + (quick ? 1 : 2), "runs=" + (quick ? 3 : 10)));
		figures.put("inference_b4_448", args("task=inference", "batch=4",
			"warmup=1", "runs=" + (quick ? 2 : 5)));
		figures.put("tiled_2048", args("task=tiled", "size=2048"));
		figures.put("tiled_4096", args("task=tiled", "size=4096"));
		if (only != null && !figures.keySet().containsAll(only))
			throw new IllegalArgumentException("figures are " + figures.keySet() +
				", not " + only);

		double gflop = CENetFlops.flops(new CENetConfig(3, 1), SIZE, SIZE) * 1e-9;
		System.out.println(BenchmarkHeader.line("InferenceBenchmark" + (quick
			? " --quick" : "")));
		System.out.printf(Locale.ROOT,
			"FLOPS forward_448=%.2f GFLOP (2 x MACs of our graph; reference %.1f, %.1f with" +
				" the DAC branches shared)%n", gflop, ReferenceFigures.FORWARD_GFLOP,
			ReferenceFigures.FORWARD_GFLOP_SHARED_DAC);
		Map<String, ChildJvm.Output> results = new LinkedHashMap<>();
		for (Map.Entry<String, String[]> f : figures.entrySet()) {
			if (only != null && !only.contains(f.getKey())) continue;
			ChildJvm.Output out = new ChildJvm().run(f.getValue());
			results.put(f.getKey(), out);
			System.out.println(result(f.getKey(), out));
		}
		for (String line : targets(results))
			System.out.println(line);
		System.out.println("LOAD after=\"" + BenchmarkHeader.loadAverage() + "\"");
	}

	private static String[] args(String... a) {
		return a;
	}

	private static String result(String name, ChildJvm.Output o) {
		StringBuilder s = new StringBuilder("RESULT ").append(name);
		double seconds = o.number("seconds"), rss = o.number("peak_rss_gib");
		s.append(String.format(Locale.ROOT, " seconds=%.3f", seconds));
		if (name.startsWith("inference")) {
			s.append(String.format(Locale.ROOT,
				" gflops=%.0f ratio_vs_reference=%.2f", o.number("gflops"), seconds /
					ReferenceFigures.INFERENCE_SECONDS));
			s.append(String.format(Locale.ROOT, " cpu_s_per_image=%.3f", o.number(
				"cpu_s_per_image")));
		}
		else {
			s.append(String.format(Locale.ROOT,
				" tiles=%d seconds_per_tile=%.3f output_gib=%.3f", (int) o.number(
					"tiles"), o.number("seconds_per_tile"), o.number("output_gib")));
		}
		s.append(String.format(Locale.ROOT, " peak_rss_gib=%.2f", rss));
		if (name.startsWith("inference")) s.append(String.format(Locale.ROOT,
			" rss_ratio_vs_reference=%.2f", rss /
				ReferenceFigures.INFERENCE_PEAK_GIB));
		s.append(String.format(Locale.ROOT,
			" timed_cpu_per_wall=%.2f child_cpu_s=%.1f child_wall_s=%.1f", o.number(
				"timed_cpu_per_wall"), o.number("process_cpu_s"), o.number(
					"process_wall_s")));
		return s.toString();
	}

	/** Whether the targets are met, by the figures that were run. */
	private static List<String> targets(Map<String, ChildJvm.Output> r) {
		List<String> lines = new ArrayList<>();
		ChildJvm.Output b1 = r.get("inference_b1_448");
		if (b1 != null) {
			double limit = ReferenceFigures.INFERENCE_TIME_TARGET *
				ReferenceFigures.INFERENCE_SECONDS;
			lines.add(String.format(Locale.ROOT,
				"TARGET inference_time seconds=%.3f limit=%.3f %s", b1.number(
					"seconds"), limit, b1.number("seconds") <= limit ? "MET"
						: "NOT_MET"));
			lines.add(String.format(Locale.ROOT,
				"TARGET inference_memory peak_rss_gib=%.2f limit=%.2f %s", b1.number(
					"peak_rss_gib"), ReferenceFigures.INFERENCE_PEAK_GIB, b1.number(
						"peak_rss_gib") <= ReferenceFigures.INFERENCE_PEAK_GIB ? "MET"
							: "NOT_MET"));
		}
		ChildJvm.Output small = r.get("tiled_2048"), large = r.get("tiled_4096");
		if (small != null && large != null) {
			// 4x the pixels: only the output image may grow
			double growth = large.number("peak_rss_gib") - small.number(
				"peak_rss_gib");
			double output = large.number("output_gib") - small.number("output_gib");
			lines.add(String.format(Locale.ROOT,
				"TARGET tiled_memory peak_growth_2048_to_4096_gib=%.3f" +
					" output_growth_gib=%.3f beyond_output_gib=%.3f", growth, output,
				growth - output));
		}
		return lines;
	}
}
