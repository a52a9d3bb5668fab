
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.model.CENetConfig;

/**
 * docs/cluster.md (the recipes the README links to), run as written: its
 * {@code ```bash} blocks are read from docs/cluster.md and run by bash, with
 * only the paths replaced (the installation, the model, {@code /data/...}) and
 * the sizes made small, each replacement required to match, so that a changed
 * README is what is tested or the test fails. The outputs must be
 * byte-identical to one unsharded CE-Net Predict Folder and one CE-Net Evaluate
 * of the same installation through the headless runner.
 * <p>
 * The installations are those of README's Installation, made from the bundles
 * {@code mvn package} lays out: {@code /opt/Fiji.app} is a Fiji with
 * {@code target/Fiji.app} copied in (here a Fiji of only what CE-Net takes from
 * Fiji: ImageJ, SciJava, ImgLib2), {@code /opt/ImageJ} a plain ImageJ 1.x
 * ({@code ij.jar}) with {@code target/ImageJ/plugins} copied into its
 * {@code plugins/}. The model is {@link TestModels}' (random weights, 192 x
 * 192); the data are the two test images of sample-data/ and their masks.
 * </p>
 * <ul>
 * <li>SLURM: a one-node SLURM ({@link LocalSlurm}; needs root, slurm-wlm and
 * munge, which .ci/run installs) runs README's {@code predict.sh} array, then
 * its Evaluate array and Merge Metrics job, submitted by README's lines.</li>
 * <li>Spark: a standalone master and two workers ({@link LocalSpark}, from the
 * pom's Spark jars) run README's {@code spark-submit} lines.</li>
 * </ul>
 * <p>
 * Skipped, saying why, where the tools are missing or (SLURM) when not root;
 * with {@code CI=true}, as .ci/run sets it, that is a failure instead, since
 * .ci/run installs them. Run by maven-failsafe after package ({@code mvn
 * verify}).
 * </p>
 */
public class ClusterRecipesIT {

	private static final int REFERENCE_TIMEOUT_SECONDS = 180,
			JOBS_TIMEOUT_SECONDS = 420;

	@ClassRule
	public static final TemporaryFolder tmp = new TemporaryFolder();

	/**
	 * What both recipes use, made on first use (a skipped test makes nothing).
	 */
	private static Path root, fiji, imagej, model, images, masks, reference;
	private static String version;

	/**
	 * The folder is gone after the class: a second run in this JVM makes all
	 * anew.
	 */
	@AfterClass
	public static void forget() {
		root = fiji = imagej = model = images = masks = reference = null;
		version = null;
	}

	@Test
	public void slurmRecipe() throws Exception {
		assumeTools(LocalSlurm.missing());
		setUp();
		final Path pred = root.resolve("slurm/pred"), jobs = Files
			.createDirectories(root.resolve("slurm/jobs"));
		// README's script, 8 tasks of 8 CPUs and 16G with a 6g heap, made 2 tasks
		// (one per test image) of
		// 1 CPU and 2G with a 1g heap: only those numbers and the paths changed
		final String predictSh = substitute(block(
			"#SBATCH --job-name=cenet-predict"), "--array=1-8", "--array=1-2",
			"--cpus-per-task=8", "--cpus-per-task=1", "--mem=16G", "--mem=2G",
			"-Xmx6g", "-Xmx1g", "/opt/Fiji.app", fiji.toString(),
			"/models/vessels.cenet", model.toString(), "/data/test", images
				.toString(), "/data/pred", pred.toString());
		// README's submission: the Evaluate array of 8 tasks made 2, the paths
		// changed
		final String submit = substitute(block(
			"pred=$(sbatch --parsable predict.sh)"), "--array=1-8", "--array=1-2",
			"/opt/Fiji.app", fiji.toString(), "/data/pred", pred.toString(),
			"/data/masks", masks.toString());
		Files.write(jobs.resolve("predict.sh"), predictSh.getBytes(
			StandardCharsets.UTF_8));
		Files.write(jobs.resolve("submit.sh"), submit.getBytes(
			StandardCharsets.UTF_8));

		try (LocalSlurm slurm = LocalSlurm.start(Files.createDirectories(root
			.resolve("slurm/daemons"))))
		{
			final int status = ChildProcesses.run(Arrays.asList("bash", "-e",
				"submit.sh"), jobs, slurm.environment(), jobs.resolve("submit.log"),
				60);
			assertEquals("README's sbatch lines\n" + ChildProcesses.tail(jobs.resolve(
				"submit.log"), 20) + slurm.logs(), 0, status);
			final boolean ended = slurm.awaitJobs(JOBS_TIMEOUT_SECONDS);
			final String jobsOutput = jobOutputs(jobs) + slurm.logs();
			final List<String> finished = slurm.finishedJobs();
			// a failed job first, with its output: its dependents never start
			for (final String job : finished)
				assertTrue(job + "\n" + jobsOutput, job.contains(
					" JobState=COMPLETED "));
			assertTrue("the jobs did not end in " + JOBS_TIMEOUT_SECONDS + " s\n" +
				jobsOutput, ended);
			// two predict tasks, two Evaluate tasks, one Merge Metrics job
			assertEquals(String.join("\n", finished) + "\n" + jobsOutput, 5, finished
				.size());
			// each predict task predicted its own shard: one image each
			final List<String> outputs = new ArrayList<>();
			try (Stream<Path> files = Files.list(jobs)) {
				for (final Path f : (Iterable<Path>) files.filter(f -> f.getFileName()
					.toString().startsWith("slurm-"))::iterator)
					outputs.add(new String(Files.readAllBytes(f),
						StandardCharsets.UTF_8));
			}
			assertEquals(jobsOutput, 2, outputs.stream().filter(o -> hasLine(o,
				"predicted=1")).count());
			assertTrue(Files.isRegularFile(pred.resolve(
				"cenet-metrics-shard-1-of-2.csv")));
			assertTrue(Files.isRegularFile(pred.resolve(
				"cenet-metrics-shard-2-of-2.csv")));
			assertSameFiles(jobsOutput, pred);
		}
	}

	@Test
	public void sparkRecipe() throws Exception {
		assumeTools(LocalSpark.missing());
		setUp();
		final Path pred = root.resolve("spark/pred"), work = Files
			.createDirectories(root.resolve("spark/run"));
		// README's lines, executors of 8 cores and 16g with 8 TensorFlow threads
		// made 1 core, 2g and 1
		// thread: only those numbers and the paths changed
		final String lines = substitute(block(
			"spark-submit --class sc.fiji.cenet.spark.CENetSpark"),
			"--executor-cores 8 --executor-memory 16g",
			"--executor-cores 1 --executor-memory 2g", "-Dcenet.threads=8",
			"-Dcenet.threads=1", "/opt/ImageJ", imagej.toString(), "<version>",
			version, "/models/vessels.cenet", model.toString(), "/data/test", images
				.toString(), "/data/pred", pred.toString(), "/data/masks", masks
					.toString());
		Files.write(work.resolve("spark.sh"), lines.getBytes(
			StandardCharsets.UTF_8));

		// two workers of one core each, so that each runs one executor of README's
		// shape
		try (LocalSpark spark = LocalSpark.start(Files.createDirectories(root
			.resolve("spark/cluster")), 2, 1, "2g"))
		{
			final Path log = work.resolve("spark-submit.log");
			final int status = ChildProcesses.run(Arrays.asList("bash", "-e",
				"spark.sh"), work, spark.environment(), log, JOBS_TIMEOUT_SECONDS);
			final String output = new String(Files.readAllBytes(log),
				StandardCharsets.UTF_8);
			final String failure = "README's spark-submit lines:\n" + ChildProcesses
				.tail(log, 60) + spark.logs();
			assertEquals(failure, 0, status);
			for (final String line : new String[] { "predicted=2", "evaluated=2",
				"failed=0" })
				assertTrue(failure, hasLine(output, line));
			// the jobs ran on the cluster: each of the two applications had an
			// executor on each worker
			for (final Path w : spark.workDirs())
				assertEquals(failure, 2, list(w).size());
			assertSameFiles(failure, pred);
		}
	}

	/**
	 * The test images' predictions and the metrics table equal the unsharded
	 * commands', byte for byte.
	 */
	private static void assertSameFiles(final String context, final Path pred)
		throws Exception
	{
		final Path ref = reference();
		for (final String name : new String[] { "01.tif", "02.tif",
			"cenet-metrics.csv" })
		{
			assertTrue(name + " is missing\n" + context, Files.isRegularFile(pred
				.resolve(name)));
			assertArrayEquals(name, Files.readAllBytes(ref.resolve(name)), Files
				.readAllBytes(pred.resolve(name)));
		}
	}

	/**
	 * One unsharded CE-Net Predict Folder with README's options, then CE-Net
	 * Evaluate, in {@code /opt/Fiji.app} through the headless runner.
	 */
	private static synchronized Path reference() throws Exception {
		if (reference != null) return reference;
		final Path pred = root.resolve("reference/pred");
		runner("reference-predict", "CE-Net Predict Folder", "model_file=[" +
			model + "] input_folder=" + images + " output_folder=" + pred +
			" output=probabilities");
		runner("reference-evaluate", "CE-Net Evaluate", "prediction_folder=" +
			pred + " truth_folder=" + masks);
		reference = pred;
		return reference;
	}

	private static void runner(final String name, final String command,
		final String options) throws Exception
	{
		final Path log = root.resolve(name + ".log");
		final int status = ChildProcesses.run(Arrays.asList(Paths.get(System
			.getProperty("java.home"), "bin", "java").toString(), "-cp",
			"plugins/*:jars/*", HeadlessRunner.class.getName(), command, options),
			fiji, Collections.<String, String> emptyMap(), log,
			REFERENCE_TIMEOUT_SECONDS);
		assertEquals(command + "\n" + ChildProcesses.tail(log, 30), 0, status);
	}

	/**
	 * The installations, the model and the data, in a folder whose path has no
	 * space (README's paths are not quoted).
	 */
	private static synchronized void setUp() throws Exception {
		if (root != null) return;
		final Path dir = tmp.getRoot().toPath().toRealPath();
		Assume.assumeTrue("the temporary folder " + dir +
			" has a space, which README's paths may not have", !dir.toString()
				.matches(".*\\s.*"));
		final Path fijiBundle = BundleLayoutIT.bundle("Fiji.app"), imagejBundle =
			BundleLayoutIT.bundle("ImageJ");

		// cp -r target/Fiji.app/* /opt/Fiji.app/ into a Fiji (the jars of Fiji's
		// that CE-Net uses; JNA among them: without it the switch cannot set
		// oneDNN, and a processor where TF leaves oneDNN off would predict other
		// bytes than Spark, whose ImageJ bundle brings JNA)
		final Path fijiDir = dir.resolve("Fiji.app");
		for (final String sub : new String[] { "plugins", "jars" })
			linkAll(fijiBundle.resolve(sub), Files.createDirectories(fijiDir.resolve(
				sub)));
		for (final Class<?> c : new Class<?>[] { ij.IJ.class,
			org.scijava.Context.class, org.scijava.parsington.ExpressionParser.class,
			net.imglib2.RandomAccessibleInterval.class, com.opencsv.CSVReader.class,
			org.apache.commons.lang3.StringUtils.class, com.sun.jna.Native.class })
		{
			final Path jar = MacroHarness.codeSource(c);
			Files.createSymbolicLink(fijiDir.resolve("jars").resolve(jar
				.getFileName()), jar);
		}

		// cp -r target/ImageJ/plugins/* /opt/ImageJ/plugins/ into a plain ImageJ
		// 1.x (its ij.jar)
		final Path imagejDir = dir.resolve("ImageJ");
		linkAll(imagejBundle.resolve("plugins"), Files.createDirectories(imagejDir
			.resolve("plugins")));
		Files.createSymbolicLink(imagejDir.resolve("ij.jar"), MacroHarness
			.codeSource(ij.IJ.class));
		final List<String> plugin = list(imagejBundle.resolve("plugins")).stream()
			.filter(n -> n.startsWith("CE_Net-")).collect(Collectors.toList());
		assertEquals(plugin.toString(), 1, plugin.size());
		version = plugin.get(0).substring("CE_Net-".length(), plugin.get(0)
			.length() - ".jar".length());

		final Path sample = MacroHarness.projectDir().resolve("sample-data/test");
		images = copyAll(sample.resolve("images"), dir.resolve("data/test"));
		masks = copyAll(sample.resolve("masks"), dir.resolve("data/masks"));
		model = Files.copy(TestModels.file(new CENetConfig(3, 1), "RGB").toPath(),
			Files.createDirectories(dir.resolve("models")).resolve("vessels.cenet"));
		fiji = fijiDir;
		imagej = imagejDir;
		root = dir;
	}

	/**
	 * The one {@code ```bash} block of docs/cluster.md (the recipes the README
	 * links to) that contains {@code text}.
	 */
	static String block(final String text) throws IOException {
		final List<String> blocks = new ArrayList<>();
		StringBuilder block = null;
		for (final String line : Files.readAllLines(MacroHarness.projectDir()
			.resolve("docs/cluster.md"), StandardCharsets.UTF_8))
		{
			if (block == null) {
				if (line.equals("```bash")) block = new StringBuilder();
			}
			else if (line.equals("```")) {
				blocks.add(block.toString());
				block = null;
			}
			else block.append(line).append('\n');
		}
		final List<String> matching = blocks.stream().filter(b -> b.contains(text))
			.collect(Collectors.toList());
		assertEquals("README.md's bash blocks with " + text, 1, matching.size());
		return matching.get(0);
	}

	/**
	 * {@code text} with each {@code from} (which must occur) replaced by its
	 * {@code to}.
	 */
	static String substitute(final String text, final String... fromTo) {
		String result = text;
		for (int i = 0; i < fromTo.length; i += 2) {
			if (!result.contains(fromTo[i])) fail("README's recipe no longer has " +
				fromTo[i] + ", which the test replaces:\n" + text);
			result = result.replace(fromTo[i], fromTo[i + 1]);
		}
		return result;
	}

	/**
	 * Skips with the reason, except in CI ({@code CI=true}, set by .ci/run),
	 * which installs the tools: there the test must run.
	 */
	private static void assumeTools(final String missing) {
		if (missing == null) return;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(missing);
		Assume.assumeTrue(missing, false);
	}

	/**
	 * Whether a result line ({@code name=value}) is in a log of stdout and stderr
	 * together; another thread's stderr may follow it before its line ends.
	 */
	private static boolean hasLine(final String log, final String line) {
		return Pattern.compile("(?m)^" + Pattern.quote(line) + "(?!\\d)").matcher(
			log).find();
	}

	/** The jobs' own output files (slurm-*.out), for a failure's message. */
	private static String jobOutputs(final Path jobs) throws IOException {
		final StringBuilder all = new StringBuilder(ChildProcesses.tail(jobs
			.resolve("submit.log"), 10));
		for (final String name : list(jobs))
			if (name.startsWith("slurm-")) all.append(ChildProcesses.tail(jobs
				.resolve(name), 15));
		return all.toString();
	}

	/**
	 * Links each file of {@code from} into {@code to}, folders made (a link to a
	 * folder would be followed when the temporary folder is deleted).
	 */
	private static void linkAll(final Path from, final Path to)
		throws IOException
	{
		for (final String name : list(from)) {
			if (Files.isDirectory(from.resolve(name))) linkAll(from.resolve(name),
				Files.createDirectories(to.resolve(name)));
			else Files.createSymbolicLink(to.resolve(name), from.resolve(name));
		}
	}

	private static Path copyAll(final Path from, final Path to)
		throws IOException
	{
		Files.createDirectories(to);
		for (final String name : list(from))
			Files.copy(from.resolve(name), to.resolve(name));
		return to;
	}

	private static List<String> list(final Path dir) throws IOException {
		return BundleLayoutIT.list(dir);
	}
}
