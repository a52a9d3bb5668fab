
package sc.fiji.cenet.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.ij.HeadlessRunner;
import sc.fiji.cenet.ij.SampleDataWriter;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.spark.CENetSpark;

/**
 * Images per second for the same 40 images (448 x 448 RGB, a 3-channel model
 * with 192-pixel tiles), each run in a JVM of its own, start-up and model
 * loading included as a user meets them: CE-Net Predict Folder through the
 * headless runner with all cores, Spark {@code local[1]} with all cores, then
 * Spark {@code local[1]} and {@code local[2]} with one TensorFlow thread per
 * task, and the scaling efficiency of two tasks over one ({@code local[2]} rate
 * / (2 x {@code local[1]} rate)). The tasks of one executor JVM share its one
 * open model, one image at a time, so parallelism comes from executors (and
 * TensorFlow's threads), not from task slots of one executor. The outputs of
 * every run are compared byte for byte with Predict Folder's.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) sc.fiji.cenet.bench.ScalingBenchmark [images]
 * </pre>
 */
public final class ScalingBenchmark {

	private static final String[] SPARK_OPENS = { "java.lang", "java.lang.invoke",
		"java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
		"java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
		"sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar" };

	private ScalingBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final int count = args.length > 0 ? Integer.parseInt(args[0]) : 40;
		System.out.println(BenchmarkHeader.line("ScalingBenchmark"));
		final Path dir = Files.createTempDirectory("cenet-scaling");
		SampleDataWriter.write(dir.toFile(), count, 100, 448, 448);
		final File model = TestModels.file(new CENetConfig(3, 1), "RGB");
		final String images = dir.resolve("images").toString();

		final double folder = run(dir, "predict-folder", "all",
			HeadlessRunner.class, "CE-Net Predict Folder", "model_file=[" + model +
				"] input_folder=[" + images + "] output_folder=[" + dir.resolve(
					"predict-folder") + "]");
		final double oneAll = run(dir, "spark-local1-all", "all", CENetSpark.class,
			"predict", "model_file=" + model, "input=" + images, "output_folder=" +
				dir.resolve("spark-local1-all"), "-Dspark.master=local[1]");
		final double one = run(dir, "spark-local1", "1", CENetSpark.class,
			"predict", "model_file=" + model, "input=" + images, "output_folder=" +
				dir.resolve("spark-local1"), "-Dspark.master=local[1]");
		final double two = run(dir, "spark-local2", "1", CENetSpark.class,
			"predict", "model_file=" + model, "input=" + images, "output_folder=" +
				dir.resolve("spark-local2"), "-Dspark.master=local[2]");
		for (final String run : new String[] { "spark-local1-all", "spark-local1",
			"spark-local2" })
			for (final File f : dir.resolve("predict-folder").toFile().listFiles())
				if (!Arrays.equals(Files.readAllBytes(f.toPath()), Files.readAllBytes(
					dir.resolve(run).resolve(f.getName()))))
					throw new IllegalStateException(run +
						" differs from Predict Folder in " + f.getName());
		System.out.printf(Locale.ROOT,
			"RESULT images=%d predict_folder=%.2f/s spark_local1_all_threads=%.2f/s" +
				" spark_local1_1_thread=%.2f/s spark_local2_1_thread=%.2f/s scaling_efficiency=%.2f (outputs byte-identical)%n",
			count, count / folder, count / oneAll, count / one, count / two, (count /
				two) / (2 * count / one));
		System.out.printf(Locale.ROOT,
			"RESULT cohort of 100000 images on one such node: %.1f h with Predict Folder%n",
			100000 / (count / folder) / 3600);
	}

	/**
	 * Wall seconds of one child JVM; arguments starting with -D are JVM options.
	 */
	private static double run(final Path dir, final String name,
		final String threads, final Class<?> main, final String... args)
		throws IOException, InterruptedException
	{
		final List<String> command = new ArrayList<>(Arrays.asList(new File(System
			.getProperty("java.home"), "bin/java").getPath(), "-Xmx4g"));
		if (!threads.equals("all")) command.add("-Dcenet.threads=" + threads);
		// what spark-submit passes on Java 17 (the same list as the pom's
		// cenet.spark.opens)
		if (main == CENetSpark.class) for (final String pkg : SPARK_OPENS)
			command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
		for (final String a : args)
			if (a.startsWith("-D")) command.add(a);
		command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"),
			main.getName()));
		for (final String a : args)
			if (!a.startsWith("-D")) command.add(a);
		final File log = dir.resolve(name + ".log").toFile();
		final long t0 = System.nanoTime();
		final Process p = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log).start();
		if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0)
			throw new IllegalStateException(name + " failed: " + new String(Files
				.readAllBytes(log.toPath()), StandardCharsets.UTF_8));
		final double seconds = (System.nanoTime() - t0) / 1e9;
		System.out.printf(Locale.ROOT, "%-16s threads=%s %.1f s%n", name, threads,
			seconds);
		return seconds;
	}
}
