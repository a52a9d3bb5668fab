
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Assume;
import org.junit.Test;

/**
 * The bundles that {@code mvn package} lays out, file by file: what the README
 * tells users to copy. Run by maven-failsafe after package
 * ({@code mvn verify}); run alone, it skips when a bundle is not there.
 * <p>
 * Exactly one TensorFlow natives jar, whatever was built before (a CPU build
 * after a {@code -Pgpu} one, or the other way round); the one of the classifier
 * this build used when failsafe passes it as {@code cenet.natives.classifier}.
 * </p>
 */
public class BundleLayoutIT {

	/** TensorFlow Java with its dependencies: what Fiji lacks. */
	static final List<String> TENSORFLOW_JARS = Arrays.asList(
		"tensorflow-core-api-\\d[^-]*\\.jar",
		"tensorflow-core-native-\\d[^-]*\\.jar",
		"tensorflow-framework-\\d[^-]*\\.jar", "ndarray-\\d[^-]*\\.jar",
		"javacpp-\\d[^-]*\\.jar", "protobuf-java-\\d[^-]*\\.jar");

	/** What Fiji ships but plain ImageJ does not. */
	static final List<String> SCIJAVA_JARS = Arrays.asList(
		"scijava-common-\\d[^-]*\\.jar", "parsington-\\d[^-]*\\.jar",
		"imglib2-\\d[^-]*\\.jar", "snakeyaml-\\d[^-]*\\.jar",
		"opencsv-\\d[^-]*\\.jar", "commons-lang3-\\d[^-]*\\.jar",
		"jna-\\d[^-]*\\.jar");

	private static final String NATIVES =
		"tensorflow-core-native-\\d[^-]*-linux-x86_64(-gpu)?\\.jar";

	@Test
	public void fijiBundle() throws IOException {
		final Path app = bundle("Fiji.app");
		assertEquals(Arrays.asList("jars", "plugins"), list(app));
		checkPluginFolder(app.resolve("plugins"), false);
		checkJars(app.resolve("jars"), TENSORFLOW_JARS);
	}

	@Test
	public void imageJBundle() throws IOException {
		final Path imagej = bundle("ImageJ");
		assertEquals(Arrays.asList("plugins"), list(imagej));
		checkPluginFolder(imagej.resolve("plugins"), true);
		checkJars(imagej.resolve("plugins/jars"), concat(TENSORFLOW_JARS,
			SCIJAVA_JARS));
	}

	static Path bundle(final String name) {
		final Path dir = MacroHarness.projectDir().resolve("target").resolve(name);
		Assume.assumeTrue(dir +
			" is missing: run mvn package (or mvn verify) first", Files.isDirectory(
				dir));
		return dir;
	}

	/**
	 * plugins/: the plugin jar, with an underscore so that ImageJ installs it,
	 * and maybe jars/.
	 */
	static void checkPluginFolder(final Path plugins, final boolean withJars)
		throws IOException
	{
		final List<String> names = list(plugins);
		assertEquals(names.toString(), withJars ? 2 : 1, names.size());
		final String jar = names.get(0);
		assertTrue(jar, jar.matches("CE_Net-\\d.*\\.jar"));
		if (withJars) assertEquals(names.toString(), "jars", names.get(1));
		try (JarFile f = new JarFile(plugins.resolve(jar).toFile())) {
			assertNotNull("plugins.config in " + jar, f.getEntry("plugins.config"));
			assertNotNull(f.getEntry("sc/fiji/cenet/ij/CENetPlugIn.class"));
			assertNotNull(f.getEntry("META-INF/json/org.scijava.plugin.Plugin"));
		}
	}

	/**
	 * Each expected jar exactly once, exactly one natives jar (of this build's
	 * classifier), and nothing else: no ImageJ, and no SciJava or ImgLib2 unless
	 * expected.
	 */
	static void checkJars(final Path jars, final List<String> expected)
		throws IOException
	{
		final List<String> names = list(jars);
		final List<String> rest = new ArrayList<>(names);
		for (final String pattern : expected) {
			final List<String> matches = names.stream().filter(n -> n.matches(
				pattern)).collect(Collectors.toList());
			assertEquals(pattern + " in " + names, 1, matches.size());
			rest.removeAll(matches);
		}
		final List<String> natives = names.stream().filter(n -> n.matches(NATIVES))
			.collect(Collectors.toList());
		assertEquals("exactly one natives jar: " + names, 1, natives.size());
		final String classifier = System.getProperty("cenet.natives.classifier");
		if (classifier != null && !classifier.isEmpty()) assertTrue(natives +
			" for " + classifier, natives.get(0).endsWith("-" + classifier + ".jar"));
		rest.removeAll(natives);
		assertEquals("unexpected jars in " + jars, new ArrayList<String>(), rest);
		for (final String name : names)
			assertTrue(name, !name.startsWith("ij-") && (expected.containsAll(
				SCIJAVA_JARS) || !name.matches("(scijava|imglib2|parsington).*")));
	}

	static List<String> list(final Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return new ArrayList<>(files.map(p -> p.getFileName().toString()).collect(
				Collectors.toCollection(TreeSet::new)));
		}
	}

	static List<String> concat(final List<String> a, final List<String> b) {
		final List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}
}
