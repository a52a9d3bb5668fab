
package sc.fiji.cenet.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.model.CENetConfig;

/**
 * An Error in the Spark driver (a jar missing from {@code --jars}: here ImageJ,
 * which the driver needs to check an existing output) is one line and exit 1,
 * not a stack trace. The job runs in a child JVM whose class path lacks ImageJ.
 */
public class CENetSparkErrorTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void aDriverErrorIsOneLine() throws Exception {
		File model = TestModels.file(new CENetConfig(1, 1), "RGB");
		File in = tmp.newFolder("in"), out = tmp.newFolder("out");
		Files.write(new File(in, "a.tif").toPath(), new byte[] { 1 });
		Files.write(new File(out, "a.tif").toPath(), new byte[] { 1 }); // an
																																		// existing
																																		// output:
																																		// checked
																																		// in the
																																		// driver
		List<String> classPath = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(
			File.pathSeparator))
			if (!new File(entry).getName().startsWith("ij-")) classPath.add(entry);
		File err = tmp.newFile("err.txt");
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java")
			.toString());
		// the JVM options Spark needs on Java 17, as spark-submit gives them
		for (String option : java.lang.management.ManagementFactory
			.getRuntimeMXBean().getInputArguments())
			if (option.startsWith("--add-opens") || option.startsWith(
				"-XX:+IgnoreUnrecognized")) command.add(option);
		java.util.Collections.addAll(command, "-cp", String.join(File.pathSeparator,
			classPath), "-Dspark.ui.enabled=false", CENetSpark.class.getName(),
			"predict", "model_file=" + model, "input=" + in, "output_folder=" + out,
			"skip_existing=true");
		Process p = new ProcessBuilder(command).redirectError(err).redirectOutput(
			ProcessBuilder.Redirect.DISCARD).start();
		assertTrue("the child ends", p.waitFor(300, TimeUnit.SECONDS));
		List<String> lines = new ArrayList<>();
		for (String line : Files.readAllLines(err.toPath(), StandardCharsets.UTF_8))
			if (line.startsWith("CE-Net") || line.startsWith("\tat ") || line
				.startsWith("Exception")) lines.add(line);
		assertEquals(lines.toString(), 1, lines.size());
		assertTrue(lines.get(0), lines.get(0).startsWith(
			"CE-Net: NoClassDefFoundError: ij/"));
		assertEquals(1, p.exitValue());
	}
}
