
package sc.fiji.cenet.ij;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and workers started as
 * Spark's {@code sbin/start-master.sh} and {@code start-worker.sh} start them,
 * from a Spark home laid out as the Spark 3.5 distribution is ({@code jars/},
 * {@code conf/spark-defaults.conf} naming the master,
 * {@code bin/spark-submit}), made of the jars of the pom's provided Spark
 * dependency. The README's {@code spark-submit} lines run with that {@code bin}
 * first on PATH.
 */
final class LocalSpark implements AutoCloseable {

	/**
	 * Written by the pom in pre-integration-test: Spark's class path, and the
	 * jars it lacks.
	 */
	private static final String CLASS_PATH_FILE = "target/spark/classpath.txt",
			EXTRA_JARS = "target/spark/jars";

	private final Path dir, home;
	private final Map<String, String> env = new LinkedHashMap<>();
	private final List<Process> daemons = new ArrayList<>();
	private final List<Path> workDirs = new ArrayList<>();
	private int uiPort;

	private LocalSpark(final Path dir) {
		this.dir = dir;
		home = dir.resolve("spark");
	}

	/** Why no local Spark can run here, or null when it can. */
	static String missing() {
		final Path cp = MacroHarness.projectDir().resolve(CLASS_PATH_FILE);
		if (!Files.isRegularFile(cp)) return cp +
			" is missing: run through mvn verify, whose " +
			"pre-integration-test phase writes it";
		if (System.getProperty("cenet.spark.opens") == null)
			return "the system property cenet.spark.opens " +
				"(the pom's JVM options for Spark on Java 17) is not set: run through mvn verify";
		return null;
	}

	/**
	 * A master and {@code workers} workers, each offering {@code cores} cores and
	 * {@code memory}.
	 */
	static LocalSpark start(final Path dir, final int workers, final int cores,
		final String memory) throws IOException, InterruptedException
	{
		final LocalSpark spark = new LocalSpark(dir);
		try {
			spark.startDaemons(workers, cores, memory);
		}
		catch (final IOException | InterruptedException | RuntimeException
				| Error e)
		{
			spark.close();
			throw e;
		}
		return spark;
	}

	private void startDaemons(final int workers, final int cores,
		final String memory) throws IOException, InterruptedException
	{
		final Path project = MacroHarness.projectDir();
		final Path jars = Files.createDirectories(home.resolve("jars"));
		final List<Path> sources = new ArrayList<>();
		for (final String entry : new String(Files.readAllBytes(project.resolve(
			CLASS_PATH_FILE)), StandardCharsets.UTF_8).trim().split(
				java.io.File.pathSeparator))
			sources.add(Paths.get(entry));
		try (java.util.stream.Stream<Path> extra = Files.list(project.resolve(
			EXTRA_JARS)))
		{
			extra.forEach(sources::add);
		}
		for (final Path jar : sources)
			Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar
				.toAbsolutePath());

		final int port = freePort();
		final Path conf = Files.createDirectories(home.resolve("conf"));
		// the cluster's master, as an installation names it: the README's lines
		// give no --master
		Files.write(conf.resolve("spark-defaults.conf"),
			("spark.master spark://127.0.0.1:" + port + "\n").getBytes(
				StandardCharsets.UTF_8));
		final Path bin = Files.createDirectories(home.resolve("bin"));
		final Path submit = bin.resolve("spark-submit");
		// what bin/spark-submit runs (through spark-class and Spark's launcher):
		// SparkSubmit with the
		// distribution's class path, the driver's default heap and the JVM options
		// Spark needs on Java 17
		Files.write(submit, ("#!/bin/bash\nexec " + String.join(" ", java()) +
			" -Xmx1g -cp \"$SPARK_HOME/conf:$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n")
			.getBytes(StandardCharsets.UTF_8));
		Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString(
			"rwxr-xr-x"));

		env.put("SPARK_HOME", home.toString());
		// what bin/load-spark-env.sh sets in a distribution; a worker's launcher
		// needs it to build an
		// executor's class path from jars/
		env.put("SPARK_SCALA_VERSION", "2.12");
		// everything on the loopback interface: driver, master, workers, executors
		env.put("SPARK_LOCAL_IP", "127.0.0.1");
		env.put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));

		uiPort = freePort();
		daemons.add(ChildProcesses.start(daemon(
			"org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
			Integer.toString(port), "--webui-port", Integer.toString(uiPort)), dir,
			env, dir.resolve("master.log")));
		awaitMaster(0);
		for (int i = 1; i <= workers; i++) {
			final Path work = Files.createDirectories(dir.resolve("worker-" + i));
			workDirs.add(work);
			daemons.add(ChildProcesses.start(daemon(
				"org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
				"--webui-port", "0", "--cores", Integer.toString(cores), "--memory",
				memory, "--work-dir", work.toString(), "spark://127.0.0.1:" + port),
				dir, env, dir.resolve("worker-" + i + ".log")));
		}
		awaitMaster(workers);
	}

	/**
	 * A daemon's command, as spark-class gives it (SPARK_DAEMON_MEMORY defaults
	 * to 1g).
	 */
	private List<String> daemon(final String main, final String... args) {
		final List<String> command = new ArrayList<>(java());
		Collections.addAll(command, "-Xmx1g", "-cp", home.resolve("conf") +
			java.io.File.pathSeparator + home.resolve("jars") + "/*", main);
		Collections.addAll(command, args);
		return command;
	}

	private static List<String> java() {
		final List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java")
			.toString());
		command.addAll(Arrays.asList(System.getProperty("cenet.spark.opens").trim()
			.split("\\s+")));
		return command;
	}

	/**
	 * Waits until the master is ALIVE with {@code workers} workers alive (its web
	 * UI's JSON).
	 */
	private void awaitMaster(final int workers) throws InterruptedException {
		final Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
		final long end = System.nanoTime() + 90_000_000_000L;
		String json = "";
		while (System.nanoTime() < end) {
			try {
				final HttpURLConnection c = (HttpURLConnection) new URL(
					"http://127.0.0.1:" + uiPort + "/json/").openConnection();
				c.setConnectTimeout(2000);
				c.setReadTimeout(5000);
				try (InputStream in = c.getInputStream()) {
					json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				final Matcher m = alive.matcher(json);
				if (json.contains("\"status\" : \"ALIVE\"") && m.find() && Integer
					.parseInt(m.group(1)) == workers) return;
			}
			catch (final IOException e) {
				json = e.toString(); // not listening yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("the Spark master has not " + workers +
			" workers alive after 90 s: " + json + "\n" + logs());
	}

	/** SPARK_HOME, PATH with its bin first, and what the daemons were given. */
	Map<String, String> environment() {
		return Collections.unmodifiableMap(env);
	}

	/**
	 * Each worker's --work-dir: a folder per application, with one per executor
	 * it ran.
	 */
	List<Path> workDirs() {
		return Collections.unmodifiableList(workDirs);
	}

	String logs() {
		final StringBuilder logs = new StringBuilder();
		try (java.util.stream.Stream<Path> files = Files.list(dir)) {
			files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted()
				.forEach(f -> logs.append(ChildProcesses.tail(f, 20)));
		}
		catch (final IOException e) {
			logs.append(e);
		}
		return logs.toString();
	}

	@Override
	public void close() throws InterruptedException {
		for (int i = daemons.size() - 1; i >= 0; i--)
			ChildProcesses.stop(daemons.get(i));
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}
}
