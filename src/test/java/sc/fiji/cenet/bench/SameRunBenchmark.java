
package sc.fiji.cenet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.TfRuntime;

/**
 * The plugin against PyTorch on the same machine in the same run, and both
 * against the machine's own fp32 limit measured in the same run.
 * <ol>
 * <li>Parity: a child JVM writes seeded random weights ({@code .npz}), a 448 x
 * 448 input and the plugin's probabilities; {@code bench/cenet_torch.py check}
 * loads the same {@code .npz} and must reproduce the probabilities within 1e-4,
 * else nothing is timed.</li>
 * <li>ONNX Runtime, a second peer: {@code cenet_torch.py onnx} exports the
 * PyTorch CE-Net of the same weights (opset 13), and {@link OnnxRuntimeChild}
 * must reproduce the plugin's probabilities within 1e-4 (else nothing is
 * timed); it then runs the inference figures in a JVM of its own.</li>
 * <li>Figures (inference at batch 1 and 4, an Adam step with Dice + BCE at
 * batch 1 and 4, all 448 x 448): each round runs every figure once in a plugin
 * child JVM ({@link BenchmarkChild}) and once in a PyTorch child process
 * ({@code cenet_torch.py figure}), the order alternating from round to round,
 * so both sides see the same load. Each plugin child then times a 4096 x 4096
 * fp32 MatMul through TF (the machine's limit, in the same process and
 * moment).</li>
 * <li>One table: medians over the rounds of each child's median; peak RSS is
 * the largest over the rounds. A figure's share of the matmul rate is taken per
 * plugin child (its figure against its own matmul, the same moment of the
 * machine's load), then the median over the rounds; beside it the same per
 * CPU-second (rate / CPU-per-wall of each), which discounts cores taken by
 * other processes. The PyTorch share is its rate against the matmul rate the
 * plugin's share implies (plugin share x PyTorch rate / plugin rate): PyTorch
 * has no TF matmul of its own.</li>
 * </ol>
 * Both sides use the same thread count: {@code -Dcenet.threads} (default all
 * cores) for TF, and {@code torch.set_num_threads} for PyTorch. Arguments:
 * {@code --quick} (2 rounds, fewer repetitions), {@code --rounds=N},
 * {@code --python=PATH} (default {@code /usr/bin/python3}),
 * {@code --script=PATH} (default {@code bench/cenet_torch.py}),
 * {@code --figures=a,b}. Without PyTorch the baseline says SKIP with the
 * install command and only the plugin runs.
 */
public final class SameRunBenchmark {

	private static final int SIZE = 448;
	private static final int MATMUL = 4096;
	private static final double TARGET_SHARE = 0.75, TARGET_RATIO = 0.6;

	private SameRunBenchmark() {}

	/** One figure: its arguments for both sides. */
	private static final class Figure {

		final String name, task;
		final int batch, warmup, runs;

		Figure(String name, String task, int batch, int warmup, int runs) {
			this.name = name;
			this.task = task;
			this.batch = batch;
			this.warmup = warmup;
			this.runs = runs;
		}

		/**
		 * Inference opens the exported model file as CE-Net Predict does (PyTorch
		 * reads the same weights from the .npz).
		 */
		String[] pluginArgs(Path dir) {
			List<String> a = new ArrayList<>(Arrays.asList("task=" + task, "size=" +
				SIZE, "batch=" + batch, "warmup=" + warmup, "runs=" + runs, "matmul=" +
					MATMUL));
			if (task.equals("inference")) a.add("model=" + dir.resolve(
				"model.cenet"));
			return a.toArray(new String[0]);
		}

		List<String> torchArgs(String python, String script, int threads,
			Path weights)
		{
			return Arrays.asList(python, script, "figure", "--task", task.equals(
				"train") ? "train" : "inference", "--size", String.valueOf(SIZE),
				"--batch", String.valueOf(batch), "--warmup", String.valueOf(warmup),
				"--runs", String.valueOf(runs), "--threads", String.valueOf(threads),
				"--weights", weights.toString());
		}

		/**
		 * FLOPs per batch: the forward count, x3 for a training step (forward + two
		 * backward products).
		 */
		double flops() {
			double forward = CENetFlops.flops(new CENetConfig(3, 1), SIZE, SIZE) *
				batch;
			return task.equals("train") ? 3 * forward : forward;
		}
	}

	public static void main(String[] argv) throws Exception {
		boolean quick = false;
		int rounds = -1;
		String python = "/usr/bin/python3", script = "bench/cenet_torch.py",
				ompWait = "PASSIVE";
		List<String> only = null;
		for (String a : argv) {
			if (a.isEmpty()) continue;
			if (a.equals("--quick")) quick = true;
			else if (a.startsWith("--rounds=")) rounds = Integer.parseInt(a.substring(
				"--rounds=".length()));
			else if (a.startsWith("--python=")) python = a.substring("--python="
				.length());
			else if (a.startsWith("--script=")) script = a.substring("--script="
				.length());
			else if (a.startsWith("--omp-wait-policy=")) ompWait = a.substring(
				"--omp-wait-policy=".length());
			else if (a.startsWith("--figures=")) only = Arrays.asList(a.substring(
				"--figures=".length()).split(","));
			else throw new IllegalArgumentException("unknown argument " + a +
				" (use --quick, --rounds=N, --python=PATH, --script=PATH, --omp-wait-policy=PASSIVE|ACTIVE|default," +
				" --figures=a,b)");
		}
		if (rounds < 1) rounds = quick ? 2 : 3;
		List<Figure> figures = new ArrayList<>();
		figures.add(new Figure("inference_b1_448", "inference", 1, quick ? 1 : 2,
			quick ? 3 : 10));
		figures.add(new Figure("inference_b4_448", "inference", 4, 1, quick ? 2
			: 5));
		figures.add(new Figure("train_step_b1_448", "train", 1, quick ? 1 : 2, quick
			? 3 : 5));
		figures.add(new Figure("train_step_b4_448", "train", 4, 1, quick ? 2 : 3));
		if (only != null) {
			List<String> names = new ArrayList<>();
			for (Figure f : figures)
				names.add(f.name);
			if (!names.containsAll(only)) throw new IllegalArgumentException(
				"figures are " + names + ", not " + only);
			List<String> chosen = only;
			figures.removeIf(f -> !chosen.contains(f.name));
		}
		int threads = TfRuntime.threads();
		System.out.println(BenchmarkHeader.line("SameRunBenchmark" + (quick
			? " --quick" : "") + " rounds=" + rounds));
		System.out.printf(Locale.ROOT,
			"FLOPS forward_448=%.2f GFLOP (CENetFlops: 2 x MACs of convs, transposed convs" +
				" and 1x1 convs, DAC branches shared, as both sides compute them); training step = 3 x forward%n",
			CENetFlops.flops(new CENetConfig(3, 1), SIZE, SIZE) * 1e-9);

		Path dir = Files.createTempDirectory("cenet-samerun");
		try {
			run(figures, rounds, quick, threads, python, script, ompWait, dir);
		}
		finally {
			for (String f : new String[] { "weights.npz", "model.cenet", "model.onnx",
				"input.npy", "probabilities.npy", "logits.npy" })
				Files.deleteIfExists(dir.resolve(f));
			Files.deleteIfExists(dir);
		}
	}

	private static void run(List<Figure> figures, int rounds, boolean quick,
		int threads, String python, String script, String ompWait, Path dir)
		throws Exception
	{
		Path weights = dir.resolve("weights.npz");
		new ChildJvm().run("task=export", "size=" + SIZE, "batch=1", "dir=" + dir);
		String torchVersion = null;
		String wait = ompWait.equals("default") ? null : ompWait;
		Output check = python(wait, Arrays.asList(python, script, "check",
			"--weights", weights.toString(), "--input", dir.resolve("input.npy")
				.toString(), "--expected", dir.resolve("probabilities.npy").toString(),
			"--expected-logits", dir.resolve("logits.npy").toString(), "--threads",
			String.valueOf(threads)));
		boolean torch;
		if (check.skip != null) {
			System.out.println(check.skip);
			torch = false;
		}
		else {
			for (String l : check.lines)
				if (l.startsWith("CHECK")) System.out.println(l);
			if (check.rc != 0 || check.lines.stream().noneMatch(l -> l.startsWith(
				"CHECK PASSED")))
			{
				System.out.println(
					"STOP the PyTorch baseline does not compute the plugin's probabilities (exit " +
						check.rc + "); nothing timed.");
				check.lines.forEach(l -> System.out.println("  " + l));
				throw new IllegalStateException("parity check failed: nothing timed");
			}
			torch = true;
		}
		// ONNX Runtime: the PyTorch CE-Net exported to ONNX, checked against the
		// plugin before any timing
		Path onnx = dir.resolve("model.onnx");
		boolean ort = false;
		if (torch) {
			Output export = python(wait, Arrays.asList(python, script, "onnx",
				"--weights", weights.toString(), "--output", onnx.toString(),
				"--threads", String.valueOf(threads)));
			export.lines.stream().filter(l -> l.startsWith("ONNX")).forEach(
				System.out::println);
			if (export.rc != 0 || !Files.isRegularFile(onnx)) {
				System.out.println("STOP the ONNX export failed (exit " + export.rc +
					"); nothing timed.");
				export.lines.forEach(l -> System.out.println("  " + l));
				throw new IllegalStateException("ONNX export failed: nothing timed");
			}
			ChildJvm.Output ortCheck;
			try {
				ortCheck = new ChildJvm().mainClass(OnnxRuntimeChild.class).run("check",
					"model=" + onnx, "input=" + dir.resolve("input.npy"), "expected=" +
						dir.resolve("probabilities.npy"), "threads=" + threads);
			}
			catch (IOException e) {
				System.out.println(
					"STOP ONNX Runtime does not compute the plugin's probabilities; nothing timed.");
				System.out.println("  " + e.getMessage());
				throw new IllegalStateException(
					"ONNX Runtime parity check failed: nothing timed", e);
			}
			ortCheck.otherLines.stream().filter(l -> l.startsWith("CHECK")).forEach(
				l -> System.out.println("ORT " + l));
			ort = true;
		}

		Map<String, List<ChildJvm.Output>> plugin = new LinkedHashMap<>(),
				baseline = new LinkedHashMap<>(), onnxRuntime = new LinkedHashMap<>();
		for (Figure f : figures) {
			plugin.put(f.name, new ArrayList<>());
			baseline.put(f.name, new ArrayList<>());
			onnxRuntime.put(f.name, new ArrayList<>());
		}
		String ortVersion = null;
		for (int r = 0; r < rounds; r++) {
			for (Figure f : figures) {
				boolean pluginFirst = r % 2 == 0;
				// ONNX Runtime (inference only: it has no training) between the two, so
				// that each side's place turns
				if (ort && f.task.equals("inference")) {
					ChildJvm.Output o = new ChildJvm().mainClass(OnnxRuntimeChild.class)
						.run("figure", "model=" + onnx, "size=" + SIZE, "batch=" + f.batch,
							"warmup=" + f.warmup, "runs=" + f.runs, "threads=" + threads);
					onnxRuntime.get(f.name).add(o);
					ortVersion = o.values.get("onnxruntime");
					System.out.printf(Locale.ROOT,
						"RUN round=%d %s onnxruntime s_per_batch=%.3f peak_rss_gib=%.2f " +
							"rss_file_gib=%.2f cpu_per_wall=%.2f loadavg=\"%s\"%n", r + 1,
						f.name, o.number("seconds_per_batch"), o.number("peak_rss_gib"), o
							.number("rss_file_gib"), o.number("timed_cpu_per_wall"),
						BenchmarkHeader.loadAverage());
				}
				for (int side = 0; side < 2; side++) {
					boolean isPlugin = (side == 0) == pluginFirst;
					if (!isPlugin && !torch) continue;
					ChildJvm.Output o;
					if (isPlugin) o = new ChildJvm().run(f.pluginArgs(dir));
					else {
						Output p = python(wait, f.torchArgs(python, script, threads,
							weights));
						if (p.rc != 0 || p.values.isEmpty()) throw new IOException(
							"PyTorch child failed (exit " + p.rc + "):\n" + String.join("\n",
								p.lines));
						o = new ChildJvm.Output(p.values, p.lines, p.wall);
						torchVersion = p.values.get("torch");
					}
					(isPlugin ? plugin : baseline).get(f.name).add(o);
					System.out.printf(Locale.ROOT,
						"RUN round=%d %s %s s_per_batch=%.3f peak_rss_gib=%.2f rss_file_gib=%.2f" +
							" cpu_per_wall=%.2f%s loadavg=\"%s\"%n", r + 1, f.name, isPlugin
								? "plugin" : "pytorch", o.number("seconds_per_batch"), o.number(
									"peak_rss_gib"), o.number("rss_file_gib"), o.number(
										"timed_cpu_per_wall"), isPlugin ? String.format(Locale.ROOT,
											" matmul_gflops=%.0f", o.number("matmul_gflops")) : "",
						BenchmarkHeader.loadAverage());
				}
			}
		}

		List<Double> allMatmul = new ArrayList<>();
		for (List<ChildJvm.Output> l : plugin.values())
			for (ChildJvm.Output o : l)
				allMatmul.add(o.number("matmul_gflops"));
		double matmul = median(allMatmul, x -> x);
		List<ChildJvm.Output> children = new ArrayList<>();
		plugin.values().forEach(children::addAll);
		double matmulCpu = median(children, o -> o.number(
			"matmul_gflop_per_cpu_s"));
		System.out.printf(Locale.ROOT,
			"MATMUL %dx%d fp32 through TF (oneDNN %s), %d threads: median %.0f GFLOP/s wall (min %.0f," +
				" max %.0f over %d plugin children); per CPU-second %.0f (median) (x %d threads = %.0f GFLOP/s with the cores" +
				" to ourselves)%n", MATMUL, MATMUL, children.stream().map(o -> o.values
					.getOrDefault("onednn", "?")).distinct().collect(Collectors.joining(
						"/")), threads, matmul, allMatmul.stream().min(Comparator
							.naturalOrder()).orElse(Double.NaN), allMatmul.stream().max(
								Comparator.naturalOrder()).orElse(Double.NaN), allMatmul.size(),
			matmulCpu, threads, matmulCpu * threads);
		System.out.printf(Locale.ROOT, "PYTORCH %s threads=%d OMP_WAIT_POLICY=%s%n",
			torch ? "torch=" + torchVersion + " " + python + " " + torchBlas()
				: "SKIPPED", threads, wait == null ? "(unset)" : wait);
		System.out.printf(Locale.ROOT, "ONNXRUNTIME %s%n", !ort
			? "SKIPPED (needs the PyTorch side to export the model)"
			: ortVersion == null ? "not run (it has no training; no inference figure)"
				: "onnxruntime=" + ortVersion + " (Java, Maven Central; " +
					"CPU provider, all graph optimisations, intra-op threads=" + threads +
					", sequential) on the ONNX export (opset 13) of the PyTorch CE-Net");
		System.out.println();
		System.out.println(
			"| figure | plugin s/batch | PyTorch s/batch | ONNX Runtime s/batch | plugin/PyTorch | plugin/ORT" +
				" | plugin GFLOP/s = share of the matmul rate (per CPU-s) | PyTorch GFLOP/s = share (per CPU-s)" +
				" | peak RSS plugin / PyTorch / ORT GiB | CPU/wall plugin / PyTorch / ORT |");
		System.out.println("|---|---|---|---|---|---|---|---|---|---|");
		List<String> targets = new ArrayList<>();
		for (Figure f : figures) {
			List<ChildJvm.Output> p = plugin.get(f.name), t = baseline.get(f.name);
			double ps = median(p, o -> o.number("seconds_per_batch"));
			double mm = median(p, o -> o.number("matmul_gflops"));
			double mmCpu = median(p, o -> o.number("matmul_gflop_per_cpu_s"));
			double prss = peakRss(p);
			double pcw = median(p, o -> o.number("timed_cpu_per_wall"));
			double pg = f.flops() / ps * 1e-9, pgCpu = pg / pcw;
			// Each child's rate against the matmul rate of the same child (same
			// process, same moment of the
			// machine's load), then the median over the rounds: steadier than a ratio
			// of medians.
			double share = median(p, o -> f.flops() / o.number("seconds_per_batch") *
				1e-9 / o.number("matmul_gflops"));
			double shareCpu = median(p, o -> f.flops() / o.number(
				"seconds_per_batch") * 1e-9 / o.number("timed_cpu_per_wall") / o.number(
					"matmul_gflop_per_cpu_s"));
			String torchS = "–", ratio = "–", torchG = "–", torchRss = "–", torchCw =
				"–";
			if (torch) {
				double ts = median(t, o -> o.number("seconds_per_batch"));
				double trss = peakRss(t);
				double tcw = median(t, o -> o.number("timed_cpu_per_wall"));
				double tg = f.flops() / ts * 1e-9;
				torchS = fmt("%.3f", ts);
				ratio = fmt("%.2f", ps / ts);
				torchG = fmt("%.0f = %.0f%% (%.0f%%)", tg, 100 * share * tg / pg, 100 *
					shareCpu * (tg / tcw) / pgCpu);
				torchRss = fmt("%.2f", trss);
				torchCw = fmt("%.2f", tcw);
				targets.add(fmt("TARGET %s time plugin/PyTorch=%.2f limit=%.1f %s",
					f.name, ps / ts, TARGET_RATIO, ps / ts <= TARGET_RATIO ? "MET"
						: "NOT_MET"));
				targets.add(fmt("TARGET %s memory plugin=%.2f PyTorch=%.2f GiB %s",
					f.name, prss, trss, prss <= trss ? "MET" : "NOT_MET"));
			}
			String ortS = "–", ortRatio = "–", ortRss = "–", ortCw = "–";
			List<ChildJvm.Output> o = onnxRuntime.get(f.name);
			if (!o.isEmpty()) {
				double os = median(o, x -> x.number("seconds_per_batch"));
				double orss = peakRss(o);
				ortS = fmt("%.3f", os);
				ortRatio = fmt("%.2f", ps / os);
				ortRss = fmt("%.2f", orss);
				ortCw = fmt("%.2f", median(o, x -> x.number("timed_cpu_per_wall")));
				targets.add(fmt("TARGET %s time plugin/ONNX Runtime=%.2f limit=1.0 %s",
					f.name, ps / os, ps <= os ? "MET" : "NOT_MET"));
				targets.add(fmt("TARGET %s memory plugin=%.2f ONNX Runtime=%.2f GiB %s",
					f.name, prss, orss, prss <= orss ? "MET" : "NOT_MET"));
			}
			targets.add(fmt(
				"TARGET %s rate %.0f GFLOP/s = %.0f%% of the measured %.0f GFLOP/s; per CPU-second %.0f = %.0f%%" +
					" of %.0f (limit %.0f%%) %s", f.name, pg, 100 * share, mm, pgCpu,
				100 * shareCpu, mmCpu, 100 * TARGET_SHARE, share >= TARGET_SHARE &&
					shareCpu >= TARGET_SHARE ? "MET" : share < TARGET_SHARE &&
						shareCpu < TARGET_SHARE ? "NOT_MET" : "UNCLEAR"));
			System.out.printf(Locale.ROOT,
				"| %s | %.3f | %s | %s | %s | %s | %.0f = %.0f%% of %.0f (%.0f%% of %.0f) | %s" +
					" | %.2f / %s / %s | %.2f / %s / %s |%n", f.name, ps, torchS, ortS,
				ratio, ortRatio, pg, 100 * share, mm, 100 * shareCpu, mmCpu, torchG,
				prss, torchRss, ortRss, pcw, torchCw, ortCw);
		}
		System.out.println();
		memoryParts(figures, plugin, baseline, onnxRuntime);
		System.out.println();
		targets.forEach(System.out::println);
		System.out.println("LOAD after=\"" + BenchmarkHeader.loadAverage() + "\"");
	}

	/**
	 * Each side's peak RSS split into the pages mapped from files at the child's
	 * end (mostly the native libraries' code: TF's, the JVM's, PyTorch's, ONNX
	 * Runtime's) and the rest (heaps, weights, activations): which side's
	 * libraries and which side's data make a memory difference.
	 */
	private static void memoryParts(List<Figure> figures,
		Map<String, List<ChildJvm.Output>> plugin,
		Map<String, List<ChildJvm.Output>> torch,
		Map<String, List<ChildJvm.Output>> ort)
	{
		System.out.println(
			"| figure | peak RSS GiB plugin / PyTorch / ORT | of it mapped from files (libraries) | the rest |");
		System.out.println("|---|---|---|---|");
		for (Figure f : figures) {
			String[] peak = new String[3], file = new String[3], rest = new String[3];
			List<List<ChildJvm.Output>> sides = Arrays.asList(plugin.get(f.name),
				torch.get(f.name), ort.get(f.name));
			for (int i = 0; i < 3; i++) {
				List<ChildJvm.Output> l = sides.get(i);
				if (l.isEmpty()) {
					peak[i] = file[i] = rest[i] = "–";
					continue;
				}
				double p = peakRss(l);
				double fb = median(l, o -> o.number("rss_file_gib"));
				peak[i] = fmt("%.2f", p);
				file[i] = fmt("%.2f", fb);
				rest[i] = fmt("%.2f", p - fb);
			}
			System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", f.name, String
				.join(" / ", peak), String.join(" / ", file), String.join(" / ", rest));
		}
	}

	/** The largest peak RSS of a side's children (GiB): what the table shows. */
	private static double peakRss(List<ChildJvm.Output> children) {
		return children.stream().mapToDouble(o -> o.number("peak_rss_gib")).max()
			.getAsDouble();
	}

	private static String fmt(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	/**
	 * The BLAS Debian's PyTorch runs on, by the alternatives link of
	 * libblas.so.3: the reference BLAS makes PyTorch slow, OpenBLAS fair.
	 * "unknown" elsewhere.
	 */
	private static String torchBlas() {
		for (String link : new String[] {
			"/etc/alternatives/libblas.so.3-x86_64-linux-gnu",
			"/etc/alternatives/libblas.so.3" })
			try {
				return "blas=" + Files.readSymbolicLink(Paths.get(link));
			}
			catch (IOException | UnsupportedOperationException e) {
				// not this one
			}
		return "blas=unknown";
	}

	private static <T> double median(List<T> items, ToDoubleFunction<T> value) {
		double[] v = items.stream().mapToDouble(value).sorted().toArray();
		if (v.length == 0) return Double.NaN;
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] +
			v[v.length / 2]) / 2;
	}

	/** What the Python side printed. */
	private static final class Output {

		final int rc;
		final List<String> lines;
		final Map<String, String> values;
		final String skip;
		final double wall;

		Output(int rc, List<String> lines, double wall) {
			this.rc = rc;
			this.lines = lines;
			this.wall = wall;
			values = ChildJvm.figureValues(lines);
			skip = lines.stream().filter(l -> l.startsWith("SKIP")).reduce((a,
				b) -> b).orElse(null);
		}
	}

	/**
	 * Runs the PyTorch side; a missing interpreter or script counts as SKIP, as
	 * missing torch does.
	 */
	private static Output python(String ompWaitPolicy, List<String> command)
		throws IOException, InterruptedException
	{
		if (!Files.isExecutable(Paths.get(command.get(0))) || !Files.isRegularFile(
			Paths.get(command.get(1)))) return new Output(3, List.of(
				"SKIP PyTorch baseline: no " + command.get(0) + " or no " + command.get(
					1) +
					" (run from the repository root; install with: apt-get install -y python3-torch)"),
				0);
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		if (ompWaitPolicy != null) pb.environment().put("OMP_WAIT_POLICY",
			ompWaitPolicy);
		ChildJvm.Finished f = ChildJvm.runToEnd(pb);
		return new Output(f.rc, f.lines, f.wallSeconds);
	}
}
