
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.ij.HeadlessRunner;

/**
 * The headless runner in a JVM of its own, as {@code java ... HeadlessRunner
 * ... > metrics.csv} runs it: the real System.out and System.err and the exit
 * status, which an in-process run cannot show.
 */
public class HeadlessStreamsTest {

	private static final String NL = System.lineSeparator();
	private static final String HEADER =
		"Image,TP,FP,TN,FN,Dice,IoU,Accuracy,Sensitivity,Specificity,Precision,AUC,HD95_px";

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private String stdout;
	private String stderr;

	/**
	 * Runs {@code HeadlessRunner.main} in a child JVM with this test's classpath;
	 * returns the exit status.
	 */
	private int runMain(final String... args) throws IOException,
		InterruptedException
	{
		final List<String> command = new ArrayList<>(Arrays.asList(new File(System
			.getProperty("java.home"), "bin/java").getPath(), "-Xmx1g", "-cp", System
				.getProperty("java.class.path"), HeadlessRunner.class.getName()));
		command.addAll(Arrays.asList(args));
		final File out = tmp.newFile(), err = tmp.newFile();
		final Process process = new ProcessBuilder(command).redirectOutput(out)
			.redirectError(err).start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("the runner did not exit within 120 s");
		}
		stdout = new String(Files.readAllBytes(out.toPath()),
			StandardCharsets.UTF_8);
		stderr = new String(Files.readAllBytes(err.toPath()),
			StandardCharsets.UTF_8);
		return process.exitValue();
	}

	/**
	 * A folder named so with the mask 01.png; two of them evaluated against each
	 * other: every metric is perfect.
	 */
	private File masks(final String name) throws IOException {
		final File folder = tmp.newFolder(name);
		EvaluateCommandTest.save(TestImages.mask("m", 3, 40, 40).getProcessor(),
			folder, "01.png");
		return folder;
	}

	@Test
	public void evaluateStdoutIsExactlyTheCsvAndLogsGoToStderr()
		throws Exception
	{
		final File masks = masks("masks"), predictions = masks("predictions");
		assertEquals(stderr, 0, runMain("CE-Net Evaluate", "prediction_folder=[" +
			predictions + "] truth_folder=[" + masks + "]"));
		final String[] lines = stdout.split("\\R", -1);
		assertEquals(stdout, 5, lines.length);
		assertEquals(HEADER, lines[0]);
		assertEquals("01.png,", lines[1].substring(0, 7));
		assertTrue(lines[2], lines[2].startsWith("mean,"));
		assertTrue(lines[3], lines[3].startsWith("std,"));
		assertEquals("", lines[4]);
		assertTrue(stderr, stderr.contains("CE-Net Evaluate: evaluated 1 images"));
		// > metrics.csv gives the command's own CSV file, byte for byte
		assertEquals(new String(Files.readAllBytes(new File(predictions,
			"cenet-metrics.csv").toPath()), StandardCharsets.UTF_8), stdout);
	}

	@Test
	public void usageErrorsExitTwoAndFailuresExitOne() throws Exception {
		assertEquals(2, runMain("CE-Net Evaluate",
			"prediction_folder=/a truth=/b"));
		assertEquals("", stdout);
		assertTrue(stderr, stderr.startsWith(
			"CE-Net: Unknown key 'truth' for CE-Net Evaluate"));
		assertEquals(2, runMain("CE-Net Evaluate",
			"prediction_folder=/no/a truth_folder=/no/b"));
		assertEquals("", stdout);
		assertEquals(
			"CE-Net: CE-Net Evaluate: prediction_folder does not exist: /no/a; " +
				"truth_folder does not exist: /no/b" + NL, stderr);
		final File predictions = tmp.newFolder("p"), truth = tmp.newFolder("t");
		java.nio.file.Files.write(new File(predictions, "01.png").toPath(),
			new byte[] { 1, 2, 3 });
		EvaluateCommandTest.save(TestImages.mask("m", 1, 40, 40).getProcessor(),
			truth, "01.png");
		assertEquals(1, runMain("CE-Net Evaluate", "prediction_folder=[" +
			predictions + "] truth_folder=[" + truth + "]"));
		assertEquals("", stdout);
		assertTrue(stderr, stderr.contains(
			"CE-Net: CE-Net Evaluate failed: cannot read "));
	}

	@Test
	public void withFovStdoutHoldsOnlyTheMainTableAndStderrNamesTheFovFile()
		throws Exception
	{
		final File masks = masks("masks"), predictions = masks("predictions");
		final File fov = tmp.newFolder("fov");
		EvaluateCommandTest.save(TestImages.mask("f", 4, 40, 40).getProcessor(),
			fov, "01.png");
		final File csv = new File(tmp.getRoot(), "metrics.csv");
		assertEquals(stderr, 0, runMain("CE-Net Evaluate", "prediction_folder=[" +
			predictions + "] truth_folder=[" + masks + "] fov_folder=[" + fov +
			"] csv_file=[" + csv + "]"));
		final String[] lines = stdout.split("\\R", -1);
		assertEquals(stdout, 5, lines.length);
		assertEquals(HEADER, lines[0]);
		assertTrue(lines[1], lines[1].startsWith("01.png,"));
		assertTrue(lines[3], lines[3].startsWith("std,"));
		final File fovCsv = new File(tmp.getRoot(), "metrics-fov.csv");
		assertTrue(fovCsv.isFile());
		assertTrue(stderr, stderr.contains("FOV metrics written to " + fovCsv));
		assertTrue(stderr, stderr.contains(
			"CE-Net Evaluate: fov_metrics is not printed"));
	}
}
