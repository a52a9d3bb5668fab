
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;

import org.junit.Test;

/**
 * {@link CENetPlugIn} where only ImageJ is installed, as in a plain ImageJ with
 * the plugin jar but not the libraries: loaded from the project's classes and
 * {@code ij.jar} alone, so SciJava, ImgLib2, OpenCSV and TensorFlow are
 * missing. The menu command must then say, in one message, which jars are
 * missing and where the README explains installing them, instead of failing
 * with a {@code NoClassDefFoundError} that ImageJ does not show.
 */
public class MissingJarsTest {

	@Test
	public void evaluateNamesTheMissingLibraries() throws Exception {
		final String message = runInBareImageJ("evaluate");
		assertTrue(message, message.startsWith(
			"CE-Net: Missing jars: scijava-common-*.jar, parsington-*.jar, imglib2-*.jar, " +
				"opencsv-*.jar, commons-lang3-*.jar. "));
		assertEquals(message, 1, message.trim().split("\\R").length);
		assertTrue(message, message.contains("scijava-common"));
		assertTrue(message, message.contains("parsington"));
		assertTrue(message, message.contains("imglib2"));
		// Evaluate does not use TensorFlow
		assertFalse(message, message.contains("tensorflow"));
		assertTrue(message, message.contains("\"Installation\""));
		assertTrue(message, message.contains("target/ImageJ/plugins"));
	}

	@Test
	public void predictAlsoNamesTheTensorFlowJars() throws Exception {
		final String message = runInBareImageJ("predict");
		for (final String jar : new String[] { "scijava-common", "imglib2",
			"tensorflow-core-api", "tensorflow-core-native", "tensorflow-framework",
			"ndarray", "javacpp", "protobuf-java" })
			assertTrue(jar + " in " + message, message.contains(jar));
	}

	@Test
	public void nothingMissingWithTheTestClassPath() {
		assertEquals(null, RequiredJars.problem(RequiredJars.class.getClassLoader(),
			"predict"));
	}

	/**
	 * What CENetPlugIn.run(arg) logged, in batch mode, in a class loader that
	 * sees only ImageJ.
	 */
	private static String runInBareImageJ(final String arg) throws Exception {
		final URL[] urls = { location(CENetPlugIn.class), location(ij.IJ.class) };
		final PrintStream out = System.out;
		final ByteArrayOutputStream captured = new ByteArrayOutputStream();
		try (URLClassLoader bare = new URLClassLoader(urls, ClassLoader
			.getPlatformClassLoader()))
		{
			// batch mode: the message goes to the log (stdout without a window), not
			// to a dialog
			Class.forName("ij.macro.Interpreter", true, bare).getField("batchMode")
				.setBoolean(null, true);
			final Class<?> plugIn = Class.forName(CENetPlugIn.class.getName(), true,
				bare);
			final Object instance = plugIn.getConstructor().newInstance();
			System.setOut(new PrintStream(captured, true, "UTF-8"));
			plugIn.getMethod("run", String.class).invoke(instance, arg);
		}
		finally {
			System.setOut(out);
		}
		return new String(captured.toByteArray(), StandardCharsets.UTF_8);
	}

	private static URL location(final Class<?> c) throws Exception {
		try {
			return Paths.get(c.getProtectionDomain().getCodeSource().getLocation()
				.toURI()).toUri().toURL();
		}
		catch (final URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
