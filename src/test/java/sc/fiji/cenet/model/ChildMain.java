
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A main class run in a child JVM, for what happens once per JVM (TF's native
 * library loading) and so cannot be tested twice in the test JVM.
 */
final class ChildMain {

	private ChildMain() {}

	/**
	 * Runs {@code java <jvmOptions> -cp <classPath> <main>} without the
	 * environment variables {@code unset}, and checks that it exits 0 within 5
	 * minutes (its output, stdout and stderr, goes to a file, so a hung child
	 * cannot hold the test past that).
	 *
	 * @return the child's lines that start with {@code RESULT }, less that
	 */
	static List<String> results(String classPath, Class<?> main,
		List<String> jvmOptions, String... unset) throws Exception
	{
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java")
			.toString());
		command.addAll(jvmOptions);
		command.addAll(Arrays.asList("-cp", classPath, main.getName()));
		File out = File.createTempFile("child", ".txt");
		try {
			ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(out);
			for (String name : unset)
				pb.environment().remove(name);
			Process p = pb.start();
			p.getOutputStream().close();
			boolean finished = p.waitFor(300, TimeUnit.SECONDS);
			if (!finished) p.destroyForcibly().waitFor();
			String printed = new String(Files.readAllBytes(out.toPath()),
				StandardCharsets.UTF_8);
			assertTrue("the child finished within 5 minutes: " + printed, finished);
			assertEquals(printed, 0, p.exitValue());
			return Arrays.stream(printed.split("\n")).filter(l -> l.startsWith(
				"RESULT ")).map(l -> l.substring(7)).collect(Collectors.toList());
		}
		finally {
			Files.deleteIfExists(out.toPath());
		}
	}

	/** This JVM's class path without the JNA jar. */
	static String classPathWithoutJna() {
		return Arrays.stream(System.getProperty("java.class.path").split(
			File.pathSeparator)).filter(e -> !Paths.get(e).getFileName().toString()
				.matches("jna-\\d.*")).collect(Collectors.joining(File.pathSeparator));
	}
}
