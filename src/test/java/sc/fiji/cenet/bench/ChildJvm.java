
package sc.fiji.cenet.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.cenet.model.OneDnnSwitch;
import sc.fiji.cenet.model.TfLibraryPages;

/**
 * Runs {@link BenchmarkChild} in a fresh JVM with this JVM's classpath, so each
 * figure's peak RSS is its own. TF's log goes to a temporary file that is shown
 * only when the child fails.
 */
final class ChildJvm {

	private static final String FIGURE = "FIGURE";

	private final List<String> jvmOptions = new ArrayList<>();
	private final Map<String, String> environment = new LinkedHashMap<>();

	/**
	 * Passes {@code -Dcenet.threads}, {@code -Dcenet.onednn} and
	 * {@code -Dcenet.releaseLibraryPages} on when this JVM has them, so children
	 * use the same threads, kernels and library pages.
	 */
	ChildJvm() {
		for (String key : new String[] { "cenet.threads", OneDnnSwitch.PROPERTY,
			TfLibraryPages.PROPERTY })
		{
			String value = System.getProperty(key);
			if (value != null) jvmOptions.add("-D" + key + "=" + value);
		}
	}

	ChildJvm jvmOption(String option) {
		jvmOptions.add(option);
		return this;
	}

	private String mainClass = BenchmarkChild.class.getName();

	/** The class whose main the child runs (default {@link BenchmarkChild}). */
	ChildJvm mainClass(Class<?> c) {
		mainClass = c.getName();
		return this;
	}

	ChildJvm environment(String key, String value) {
		environment.put(key, value);
		return this;
	}

	/**
	 * What one child printed: the {@code FIGURE} values and any other lines (e.g.
	 * the op profile).
	 */
	static final class Output {

		final Map<String, String> values;
		final List<String> otherLines;
		final double parentWallSeconds;

		Output(Map<String, String> values, List<String> otherLines,
			double parentWallSeconds)
		{
			this.values = Collections.unmodifiableMap(values);
			this.otherLines = Collections.unmodifiableList(otherLines);
			this.parentWallSeconds = parentWallSeconds;
		}

		double number(String key) {
			String v = values.get(key);
			if (v == null) throw new IllegalStateException("the child reported no " +
				key + ": " + values);
			return Double.parseDouble(v);
		}
	}

	/** @param args {@code key=value} arguments of {@link BenchmarkChild} */
	Output run(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		Collections.addAll(command, args);
		File log = File.createTempFile("cenet-bench-", ".log");
		try {
			ProcessBuilder pb = new ProcessBuilder(command).redirectError(log);
			pb.environment().putAll(environment);
			Finished f = runToEnd(pb);
			Map<String, String> values = figureValues(f.lines);
			List<String> other = new ArrayList<>();
			for (String line : f.lines)
				if (!line.startsWith(FIGURE)) other.add(line);
			if (f.rc != 0 || values.isEmpty()) throw new IOException(
				"benchmark child " + String.join(" ", args) + " failed (exit " + f.rc +
					"):\n" + tail(log.toPath(), 30));
			return new Output(values, other, f.wallSeconds);
		}
		finally {
			Files.deleteIfExists(log.toPath());
		}
	}

	/** A finished process: its exit status, its output's lines, its wall time. */
	static final class Finished {

		final int rc;
		final List<String> lines;
		final double wallSeconds;

		private Finished(int rc, List<String> lines, double wallSeconds) {
			this.rc = rc;
			this.lines = lines;
			this.wallSeconds = wallSeconds;
		}
	}

	/**
	 * Starts the process with its input closed, reads its standard output to the
	 * end and waits for it.
	 */
	static Finished runToEnd(ProcessBuilder pb) throws IOException,
		InterruptedException
	{
		long t0 = System.nanoTime();
		Process p = pb.start();
		p.getOutputStream().close();
		List<String> lines = new ArrayList<>();
		try (BufferedReader in = new BufferedReader(new InputStreamReader(p
			.getInputStream(), StandardCharsets.UTF_8)))
		{
			for (String line; (line = in.readLine()) != null;)
				lines.add(line);
		}
		int rc = p.waitFor();
		return new Finished(rc, lines, (System.nanoTime() - t0) * 1e-9);
	}

	/**
	 * The {@code key=value} pairs of the {@code FIGURE} lines a child printed
	 * (the plugin's and the PyTorch side's alike), in order.
	 */
	static Map<String, String> figureValues(List<String> lines) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : lines) {
			if (!line.startsWith(FIGURE)) continue;
			for (String kv : line.substring(FIGURE.length()).trim().split(" ")) {
				int eq = kv.indexOf('=');
				values.put(kv.substring(0, eq), kv.substring(eq + 1));
			}
		}
		return values;
	}

	private static String tail(Path file, int lines) throws IOException {
		List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
		return String.join("\n", all.subList(Math.max(0, all.size() - lines), all
			.size()));
	}
}
