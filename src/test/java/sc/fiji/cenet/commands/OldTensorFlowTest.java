
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.model.CENetConfig;

/**
 * A Fiji with the old TensorFlow 1.15 Java API (the CSBDeep update site's):
 * every command that runs TensorFlow, Export included, stops with the one line
 * that says what was found and what to do, not a LinkageError. Runs the
 * headless runner in a child JVM whose class path has libtensorflow-1.15.0
 * (copied by the pom into target/old-tensorflow) instead of TensorFlow Java.
 */
public class OldTensorFlowTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final Path OLD_API = Paths.get(
		"target/old-tensorflow/libtensorflow-1.15.0.jar");

	@Test
	public void exportRefusesTheOldTensorFlowInOneLine() throws Exception {
		Assume.assumeTrue("SKIP: " + OLD_API +
			" is made by mvn's generate-test-resources", Files.isRegularFile(
				OLD_API));
		File model = TestModels.file(new CENetConfig(1, 1), "RGB"), zip = new File(
			tmp.getRoot(), "m.zip");
		List<String> classPath = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(
			File.pathSeparator))
			if (!entry.contains(File.separator + "org" + File.separator +
				"tensorflow" + File.separator)) classPath.add(entry);
		classPath.add(OLD_API.toAbsolutePath().toString());
		File err = tmp.newFile("err.txt");
		Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"),
			"bin", "java").toString(), "-cp", String.join(File.pathSeparator,
				classPath), "sc.fiji.cenet.ij.HeadlessRunner", "export",
			"model_file=[" + model + "] output_file=[" + zip +
				"] name=[Retinal vessels] description=x authors=[A. Author]")
			.redirectError(err).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertTrue("the child ends", p.waitFor(120, TimeUnit.SECONDS));
		String all = new String(Files.readAllBytes(err.toPath()),
			StandardCharsets.UTF_8).trim();
		assertEquals(all, 1, p.exitValue());
		// log lines aside (the command says that TensorFlow is loading), the
		// failure is one line
		String stderr = all.replaceAll("(?m)^\\[INFO\\] .*\\R", "");
		assertTrue(all, stderr.startsWith(
			"CE-Net: CE-Net Export BioImage.IO Model failed: CE-Net needs " +
				"TensorFlow Java 1.1.0, but Fiji loaded the old TensorFlow 1.15.0 Java API from "));
		assertEquals("one line: " + all, 1, stderr.split("\\R").length);
		assertFalse(zip.exists());
	}
}
