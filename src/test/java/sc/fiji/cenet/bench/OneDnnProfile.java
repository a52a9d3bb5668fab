
package sc.fiji.cenet.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time of the oneDNN kernels goes, from oneDNN's own log
 * ({@code ONEDNN_VERBOSE=1}): per primitive kind and implementation the
 * milliseconds per image (or per training step), and for convolutions the
 * achieved GFLOP/s from the shapes oneDNN prints. The share of {@code reorder}
 * primitives is the cost of TF keeping tensors in NHWC between ops while
 * oneDNN's kernels work in blocked layouts.
 * <p>
 * Run:
 * {@code java -cp target/classes:target/test-classes:<classpath> sc.fiji.cenet.bench.OneDnnProfile
 * [inference|training [batch]]}. Inference: {@link BenchmarkChild} (batch 1,
 * 448, 1 warm-up + 3 runs, all four counted); training:
 * {@code TrainingBenchmark steps batch} (default 1; 7 steps counted).
 */
public final class OneDnnProfile {

	/**
	 * {@code mb1_ic64oc64_ih112oh112kh3...iw112ow112kw3...}, optionally grouped
	 * ({@code g2}).
	 */
	private static final Pattern CONV = Pattern.compile(
		"mb(\\d+)_(?:g(\\d+))?ic(\\d+)oc(\\d+)_ih(\\d+)oh(\\d+)kh(\\d+)\\S*?_iw(\\d+)ow(\\d+)kw(\\d+)");

	private OneDnnProfile() {}

	public static void main(String[] args) throws Exception {
		String what = args.length > 0 ? args[0] : "inference";
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString());
		command.add("-Xmx6g");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		int executions;
		if (what.equals("inference")) {
			command.add(BenchmarkChild.class.getName());
			command.add("task=inference");
			command.add("batch=1");
			command.add("warmup=1");
			command.add("runs=3");
			executions = 4;
		}
		else if (what.equals("training")) {
			command.add(TrainingBenchmark.class.getName());
			command.add("steps");
			command.add(args.length > 1 ? args[1] : "1");
			executions = 7;
		}
		else throw new IllegalArgumentException("inference or training, not " +
			what);
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		pb.environment().put("ONEDNN_VERBOSE", "1");
		Process p = pb.start();
		p.getOutputStream().close();
		Map<String, double[]> byKind = new TreeMap<>(); // ms, count
		Map<String, double[]> convs = new TreeMap<>(); // ms, flop, count
		double total = 0;
		try (BufferedReader in = new BufferedReader(new InputStreamReader(p
			.getInputStream(), StandardCharsets.UTF_8)))
		{
			for (String line; (line = in.readLine()) != null;) {
				if (!line.startsWith("onednn_verbose") || !line.contains(",exec,")) {
					if (line.startsWith("RESULT") || line.startsWith("FIGURE")) System.out
						.println(line);
					continue;
				}
				String[] f = line.split(",");
				int cpu = indexOf(f, "cpu");
				if (cpu < 0 || cpu + 3 >= f.length) continue;
				double ms = Double.parseDouble(f[f.length - 1]);
				String kind = f[cpu + 1], impl = f[cpu + 2], prop = f[cpu + 3];
				total += ms;
				double[] k = byKind.computeIfAbsent(kind + " " + impl + " " + prop,
					x -> new double[2]);
				k[0] += ms;
				k[1]++;
				Matcher m = CONV.matcher(line);
				if (kind.equals("convolution") && m.find()) {
					double mb = num(m, 1), g = m.group(2) == null ? 1 : num(m, 2);
					double flop = 2 * mb * num(m, 3) * num(m, 4) / g * num(m, 6) * num(m,
						9) * num(m, 7) * num(m, 10);
					double[] c = convs.computeIfAbsent(prop + " " + m.group(),
						x -> new double[3]);
					c[0] += ms;
					c[1] += flop;
					c[2]++;
				}
			}
		}
		int rc = p.waitFor();
		double sum = total;
		if (rc != 0) throw new IllegalStateException(
			"child failed with exit code " + rc);
		System.out.printf(Locale.ROOT, "ONEDNN %s total_ms_per_%s=%.1f%n", what,
			what.equals("inference") ? "image" : "step", total / executions);
		byKind.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0],
			a.getValue()[0])).forEach(e -> System.out.printf(Locale.ROOT,
				"KIND %s ms=%.1f share=%.3f calls=%.0f%n", e.getKey(), e.getValue()[0] /
					executions, e.getValue()[0] / sum, e.getValue()[1] / executions));
		convs.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a
			.getValue()[0])).limit(20).forEach(e -> System.out.printf(Locale.ROOT,
				"CONV %s ms=%.1f gflops=%.0f calls=%.0f%n", e.getKey(), e
					.getValue()[0] / executions, e.getValue()[1] / e.getValue()[0] * 1e-6,
				e.getValue()[2] / executions));
	}

	private static int indexOf(String[] f, String s) {
		for (int i = 0; i < f.length; i++)
			if (f[i].equals(s)) return i;
		return -1;
	}

	private static double num(Matcher m, int group) {
		return Double.parseDouble(m.group(group));
	}
}
