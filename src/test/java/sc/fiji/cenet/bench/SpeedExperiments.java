
package sc.fiji.cenet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What changes CE-Net's inference speed and memory: each variant runs the 448 x
 * 448 batch-1 figure of {@link InferenceBenchmark} in its own JVM, with one
 * session setting, environment variable or graph form changed from the
 * product's ({@code TfRuntime.config(false, false)}, folded batch norm, weights
 * as constants). Then the time per TF op type of the baseline, from FULL_TRACE
 * step stats.
 * <p>
 * Run:
 * {@code mvn -B -o -Pbench test -Dbench.main=sc.fiji.cenet.bench.SpeedExperiments},
 * arguments {@code --rounds=N} (repeat all variants N times, interleaved, and
 * take the median: the machine may be shared) and {@code --variants=a,b}.
 */
public final class SpeedExperiments {

	/** A variant: child arguments, plus JVM options or environment it needs. */
	private static final class Variant {

		final String name;
		final String what;
		final List<String> args = new ArrayList<>(Arrays.asList("task=inference",
			"batch=1", "warmup=2", "runs=5"));
		final ChildJvm jvm = new ChildJvm();

		Variant(String name, String what, String... args) {
			this.name = name;
			this.what = what;
			this.args.addAll(Arrays.asList(args));
		}
	}

	private SpeedExperiments() {}

	public static void main(String[] argv) throws Exception {
		int rounds = 1;
		List<String> only = null;
		for (String a : argv) {
			if (a.isEmpty()) continue;
			if (a.startsWith("--rounds=")) rounds = Integer.parseInt(a.substring(
				"--rounds=".length()));
			else if (a.startsWith("--variants=")) only = Arrays.asList(a.substring(
				"--variants=".length()).split(","));
			else throw new IllegalArgumentException("unknown argument " + a +
				" (use --rounds=N, --variants=a,b)");
		}
		List<Variant> variants = new ArrayList<>();
		variants.add(new Variant("baseline",
			"TfRuntime settings, folded BN, constants", "impl=configured"));
		variants.add(new Variant("product",
			"CENetInference itself (same as baseline)", "impl=product"));
		Variant oneThread = new Variant("intra_op_1", "1 intra-op thread",
			"impl=configured");
		oneThread.jvm.jvmOption("-Dcenet.threads=1");
		variants.add(oneThread);
		variants.add(new Variant("inter_op_1", "1 inter-op thread",
			"impl=configured", "interop=1"));
		variants.add(new Variant("unfolded_bn",
			"batch norm as scale-and-shift ops (Mode.INFERENCE)", "impl=configured",
			"mode=INFERENCE"));
		variants.add(new Variant("xla_jit",
			"GlobalJitLevel ON_1 (XLA auto-clustering on CPU)", "impl=configured",
			"jit=on"));
		variants.add(new Variant("no_grappler", "grappler meta-optimizer off",
			"impl=configured", "optimizer=no_grappler"));
		variants.add(new Variant("remapping_only",
			"grappler: remapper (op fusion) only, one iteration", "impl=configured",
			"optimizer=remapping_only"));
		variants.add(new Variant("no_constant_folding", "constant folding off",
			"impl=configured", "optimizer=no_constant_folding"));
		Variant noOneDnn = new Variant("onednn_off",
			"TF_ENABLE_ONEDNN_OPTS=0 (Eigen kernels)", "impl=configured");
		noOneDnn.jvm.environment("TF_ENABLE_ONEDNN_OPTS", "0").jvmOption(
			"-Dcenet.onednn=false"); // a forwarded -Dcenet.onednn would win
		variants.add(noOneDnn);
		variants.add(new Variant("variables",
			"weights in variables fed after session start", "impl=configured",
			"params=variables"));
		variants.add(new Variant("bf16",
			"grappler auto_mixed_precision_onednn_bfloat16 (bfloat16 convolutions;" +
				" wrong results, see Bfloat16Accuracy)", "impl=configured",
			"params=variables", "optimizer=bf16"));
		variants.add(new Variant("nchw",
			"grappler cpu_layout_conversion NHWC_TO_NCHW", "impl=configured",
			"params=variables", "optimizer=nchw"));
		if (only != null) {
			List<String> selected = only;
			variants.removeIf(v -> !selected.contains(v.name));
		}

		System.out.println(BenchmarkHeader.line("SpeedExperiments rounds=" +
			rounds));
		Map<String, List<ChildJvm.Output>> outputs = new LinkedHashMap<>();
		for (int r = 0; r < rounds; r++)
			for (Variant v : variants) {
				ChildJvm.Output o = v.jvm.run(v.args.toArray(new String[0]));
				outputs.computeIfAbsent(v.name, k -> new ArrayList<>()).add(o);
				System.out.println(String.format(Locale.ROOT,
					"RUN round=%d %s seconds=%.3f cpu_s_per_image=%.3f" +
						" peak_rss_gib=%.2f timed_cpu_per_wall=%.2f", r + 1, v.name, o
							.number("seconds"), o.number("cpu_s_per_image"), o.number(
								"peak_rss_gib"), o.number("timed_cpu_per_wall")));
			}
		List<ChildJvm.Output> base = outputs.get("baseline");
		for (Variant v : variants) {
			List<ChildJvm.Output> o = outputs.get(v.name);
			double s = median(o, "seconds"), cpu = median(o, "cpu_s_per_image"), rss =
				median(o, "peak_rss_gib");
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
				"VARIANT %s seconds=%.3f cpu_s_per_image=%.3f peak_rss_gib=%.2f copy_ms=%.1f",
				v.name, s, cpu, rss, median(o, "copy_ms")));
			if (base != null) line.append(String.format(Locale.ROOT,
				" time_vs_baseline=%.2f cpu_vs_baseline=%.2f rss_vs_baseline=%.2f", s /
					median(base, "seconds"), cpu / median(base, "cpu_s_per_image"), rss /
						median(base, "peak_rss_gib")));
			System.out.println(line.append(" (").append(v.what).append(')'));
		}
		ChildJvm.Output profile = new ChildJvm().run("task=profile", "runs=3",
			"impl=configured");
		for (String line : profile.otherLines)
			if (line.startsWith("OP")) System.out.println(line);
		System.out.println("LOAD after=\"" + BenchmarkHeader.loadAverage() + "\"");
	}

	private static double median(List<ChildJvm.Output> outputs, String key) {
		double[] v = outputs.stream().mapToDouble(o -> o.number(key)).sorted()
			.toArray();
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] +
			v[v.length / 2]) / 2;
	}
}
