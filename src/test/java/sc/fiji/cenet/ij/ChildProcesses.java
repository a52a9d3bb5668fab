
package sc.fiji.cenet.ij;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Child processes of the cluster tests (daemons, jobs, spark-submit): output to
 * a log file, shown in a failure's message; never left running.
 */
final class ChildProcesses {

	private ChildProcesses() {}

	/**
	 * Starts {@code command} in {@code dir} with {@code env} added, stdout and
	 * stderr to {@code log}.
	 */
	static Process start(final List<String> command, final Path dir,
		final Map<String, String> env, final Path log) throws IOException
	{
		final ProcessBuilder pb = new ProcessBuilder(command).directory(dir
			.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().putAll(env);
		return pb.start();
	}

	/**
	 * Runs {@code command} to its end; -1 when it ran past the timeout (and was
	 * killed).
	 */
	static int run(final List<String> command, final Path dir,
		final Map<String, String> env, final Path log, final int timeoutSeconds)
		throws IOException, InterruptedException
	{
		final Process p = start(command, dir, env, log);
		if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) return p.exitValue();
		stop(p);
		return -1;
	}

	/**
	 * Ends a process and what it started (a Spark worker's executors), children
	 * first: a worker that ends first would leave its executors to init.
	 */
	static void stop(final Process p) throws InterruptedException {
		if (p == null) return;
		final List<ProcessHandle> descendants = new ArrayList<>();
		p.descendants().forEach(descendants::add);
		for (final ProcessHandle h : descendants)
			h.destroy();
		p.destroy();
		if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10,
			TimeUnit.SECONDS);
		for (final ProcessHandle h : descendants)
			if (h.isAlive()) h.destroyForcibly();
	}

	/** The last {@code lines} lines of a log, for a failure's message. */
	static String tail(final Path log, final int lines) {
		try {
			final List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
			return "--- " + log + (all.size() > lines ? " (last " + lines + " lines)"
				: "") + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() -
					lines), all.size())) + "\n";
		}
		catch (final IOException e) {
			return "--- " + log + ": " + e + "\n";
		}
	}
}
