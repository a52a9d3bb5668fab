
package sc.fiji.cenet.ij;

import static org.junit.Assert.fail;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.Assume;

import sc.fiji.cenet.imagej.XvfbRun;

/**
 * Runs ImageJ macros in a real, separate ImageJ 1.x ({@code ij.ImageJ -batch})
 * with the project installed the way users install it: a jar with an underscore
 * in its name ({@code CE_Net_Test.jar}) in {@code plugins/}, holding the
 * compiled classes, the SciJava plugin index and a {@code plugins.config}.
 * Project classes are NOT on the child's class path, so they load through
 * ImageJ's plugin class loader, as in a real installation; dependencies are.
 * <p>
 * {@code -batch} needs a display for ImageJ's menus, hence {@code xvfb-run}. A
 * run succeeds only when the macro printed the {@link #SENTINEL} line; a macro
 * that errors or hangs fails (see {@link MacroWatchdog}, and the timeout, after
 * which the whole process tree is killed).
 * </p>
 */
final class MacroHarness {

	/** Macros end with {@code print("CENET-MACRO-DONE " + ...)}. */
	static final String SENTINEL = "CENET-MACRO-DONE";

	static final String JAR_NAME = "CE_Net_Test.jar";

	/** Width in pixels of the virtual screen ImageJ runs on. */
	static final int SCREEN_WIDTH = 1600;

	private final Path home;
	/** The ImageJ folder whose {@code plugins/} ImageJ loads. */
	private final Path imagej;
	private final String classPath;

	private MacroHarness(final Path home, final Path imagej,
		final String classPath)
	{
		this.home = home;
		this.imagej = imagej;
		this.classPath = classPath;
	}

	/** What a run printed and how it ended. */
	static final class Result {

		final int exitCode;
		final boolean timedOut;
		final String stdout;
		final String stderr;
		final long millis;

		Result(final int exitCode, final boolean timedOut, final String stdout,
			final String stderr, final long millis)
		{
			this.exitCode = exitCode;
			this.timedOut = timedOut;
			this.stdout = stdout;
			this.stderr = stderr;
			this.millis = millis;
		}

		/**
		 * What the macro printed after the sentinel, or null when it never got
		 * there.
		 */
		String sentinel() {
			for (final String line : stdout.split("\\R"))
				if (line.startsWith(SENTINEL)) return line.substring(SENTINEL.length())
					.trim();
			return null;
		}

		boolean succeeded() {
			return !timedOut && exitCode == 0 && sentinel() != null;
		}

		@Override
		public String toString() {
			return (timedOut ? "TIMED OUT" : "exit " + exitCode) + " after " +
				millis + " ms\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
		}
	}

	/**
	 * Skips the calling test when {@code xvfb-run} is missing, except in CI
	 * ({@code CI=true}), where that is a failure.
	 */
	static void assumeXvfb() {
		if (findOnPath("xvfb-run") != null) return;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(
			"xvfb-run is required for the ImageJ macro tests (apt-get install xvfb)");
		Assume.assumeTrue(
			"xvfb-run is not installed: skipping the real-ImageJ macro tests", false);
	}

	/**
	 * Builds an ImageJ home under {@code dir}: {@code plugins/CE_Net_Test.jar}
	 * with the given {@code plugins.config}, and a launcher folder.
	 */
	static MacroHarness create(final Path dir, final String pluginsConfig)
		throws IOException
	{
		final Path mainClasses = codeSource(CENetPlugIn.class);
		final Path testClasses = codeSource(MacroHarness.class);
		final Path plugins = Files.createDirectories(dir.resolve("plugins"));
		writePluginJar(plugins.resolve(JAR_NAME), pluginsConfig, mainClasses,
			testClasses);
		final Path launcher = dir.resolve("launcher");
		copyClass(MacroWatchdog.class, testClasses, launcher);
		copyClass(DialogDriver.class, testClasses, launcher);
		final List<String> entries = new ArrayList<>();
		entries.add(launcher.toString());
		for (final String entry : testClassPath()) {
			final Path p = Paths.get(entry).toAbsolutePath().normalize();
			if (!p.equals(mainClasses) && !p.equals(testClasses)) entries.add(entry);
		}
		return new MacroHarness(dir, dir, String.join(File.pathSeparator, entries));
	}

	/**
	 * {@link #create} with the project's own {@code plugins.config}: the real
	 * commands, as Fiji installs them.
	 */
	static MacroHarness withProjectPlugins(final Path dir) throws IOException {
		return create(dir, new String(Files.readAllBytes(projectDir().resolve(
			"plugins.config")), StandardCharsets.UTF_8));
	}

	/**
	 * A plain ImageJ 1.x on an installed ImageJ folder ({@code imagej/plugins} as
	 * a user would have it): only ImageJ itself is on the class path, every other
	 * class must come from the jars under {@code plugins/}. Preferences and
	 * temporary files go to {@code home}.
	 */
	static MacroHarness plainImageJ(final Path imagej, final Path home)
		throws IOException
	{
		final Path launcher = home.resolve("launcher");
		copyClass(MacroWatchdog.class, codeSource(MacroHarness.class), launcher);
		return new MacroHarness(home, imagej, launcher + File.pathSeparator +
			codeSource(ij.IJ.class));
	}

	/** Runs a macro; never waits longer than the timeout. */
	Result run(final String macro, final int timeoutSeconds) throws IOException,
		InterruptedException
	{
		final Path macroFile = Files.createTempFile(home, "macro", ".ijm");
		Files.write(macroFile, macro.getBytes(StandardCharsets.UTF_8));
		return runMain(MacroWatchdog.class, timeoutSeconds, "-batch", macroFile
			.toString());
	}

	/**
	 * Runs {@link DialogDriver} on a script (its lines, tab-separated); it
	 * succeeded when it printed {@link DialogDriver#SENTINEL}.
	 */
	Result drive(final List<String> script, final int timeoutSeconds)
		throws IOException, InterruptedException
	{
		final Path scriptFile = Files.createTempFile(home, "dialogs", ".txt");
		Files.write(scriptFile, script, StandardCharsets.UTF_8);
		return runMain(DialogDriver.class, timeoutSeconds, scriptFile.toString());
	}

	/**
	 * Runs a launcher class (one copied by {@link #create}) in ImageJ's home,
	 * under xvfb.
	 */
	private Result runMain(final Class<?> main, final int timeoutSeconds,
		final String... args) throws IOException, InterruptedException
	{
		final Path out = Files.createTempFile(home, "stdout", ".txt");
		final Path err = Files.createTempFile(home, "stderr", ".txt");
		final String java = Paths.get(System.getProperty("java.home"), "bin",
			"java").toString();
		// An auth file of our own: xvfb-run's temporary one sometimes cannot be
		// removed after a
		// child that ends within a second, and xvfb-run then exits 5 instead of the
		// child's status.
		final Path auth = Files.createTempFile(home, "Xauthority", "");
		// the screen of the users who saw error dialogs wider than it
		final List<String> commandLine = XvfbRun.command();
		commandLine.addAll(Arrays.asList("-f", auth.toString(), "-s", "-screen 0 " +
			SCREEN_WIDTH + "x1200x24", java, "-Dplugins.dir=" + imagej,
			"-Duser.home=" + home, "-cp", classPath, main.getName()));
		commandLine.addAll(Arrays.asList(args));
		final ProcessBuilder pb = new ProcessBuilder(commandLine);
		pb.redirectOutput(out.toFile()).redirectError(err.toFile());
		final long start = System.nanoTime();
		final Process process = pb.start();
		final boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
		if (!finished) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
		final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() -
			start);
		return new Result(finished ? process.exitValue() : -1, !finished, read(out),
			read(err), millis);
	}

	/** A macro from {@code src/test/resources/ij-macros}. */
	static String macro(final String name) throws IOException {
		try (InputStream in = MacroHarness.class.getResourceAsStream("/ij-macros/" +
			name))
		{
			if (in == null) throw new IOException("No test macro ij-macros/" + name);
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * The project folder: test classes are in
	 * {@code <project>/target/test-classes}.
	 */
	static Path projectDir() {
		return codeSource(MacroHarness.class).getParent().getParent();
	}

	private static String read(final Path file) throws IOException {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}

	static Path codeSource(final Class<?> c) {
		try {
			return Paths.get(c.getProtectionDomain().getCodeSource().getLocation()
				.toURI()).toAbsolutePath().normalize();
		}
		catch (final URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Surefire may start tests from a manifest-only jar; its Class-Path (or the
	 * property surefire sets) holds the real test class path.
	 */
	private static List<String> testClassPath() throws IOException {
		final String surefire = System.getProperty("surefire.test.class.path");
		final String cp = surefire != null ? surefire : System.getProperty(
			"java.class.path");
		final List<String> entries = new ArrayList<>(Arrays.asList(cp.split(
			File.pathSeparator)));
		if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
			try (JarFile jar = new JarFile(entries.get(0))) {
				final Manifest manifest = jar.getManifest();
				final String manifestCp = manifest == null ? null : manifest
					.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
				if (manifestCp != null) {
					entries.clear();
					for (final String url : manifestCp.trim().split("\\s+")) {
						try {
							entries.add(Paths.get(new java.net.URI(url)).toString());
						}
						catch (final URISyntaxException | IllegalArgumentException e) {
							entries.add(url);
						}
					}
				}
			}
		}
		return entries;
	}

	/**
	 * Classes and the merged SciJava plugin indexes of both folders, the
	 * resources of the first (the plugin's), plus plugins.config.
	 */
	private static void writePluginJar(final Path jar, final String pluginsConfig,
		final Path... classDirs) throws IOException
	{
		final Map<String, Path> classes = new TreeMap<>();
		final Map<String, StringBuilder> indexes = new TreeMap<>();
		for (final Path dir : classDirs) {
			if (!Files.isDirectory(dir)) continue;
			// the first folder is the plugin's own: its resources (e.g. the export's
			// licence list) go in too
			final boolean main = dir == classDirs[0];
			try (Stream<Path> files = Files.walk(dir)) {
				for (final Path f : (Iterable<Path>) files.filter(
					Files::isRegularFile)::iterator)
				{
					final String name = dir.relativize(f).toString().replace(
						File.separatorChar, '/');
					if (name.endsWith(".class") || main && !name.startsWith(
						"META-INF/") && !name.equals("plugins.config")) classes.put(name,
							f);
					else if (name.startsWith("META-INF/json/")) indexes.computeIfAbsent(
						name, k -> new StringBuilder()).append(read(f)).append('\n');
				}
			}
		}
		final Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		try (OutputStream os = new FileOutputStream(jar.toFile());
				JarOutputStream out = new JarOutputStream(os, manifest))
		{
			final Set<String> dirs = new LinkedHashSet<>();
			for (final Map.Entry<String, Path> e : classes.entrySet()) {
				addParents(out, e.getKey(), dirs);
				out.putNextEntry(new JarEntry(e.getKey()));
				Files.copy(e.getValue(), out);
				out.closeEntry();
			}
			for (final Map.Entry<String, StringBuilder> e : indexes.entrySet()) {
				addParents(out, e.getKey(), dirs);
				putText(out, e.getKey(), e.getValue().toString());
			}
			putText(out, "plugins.config", pluginsConfig);
		}
	}

	private static void addParents(final JarOutputStream out, final String name,
		final Set<String> done) throws IOException
	{
		for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
			final String dir = name.substring(0, i + 1);
			if (done.add(dir)) {
				out.putNextEntry(new JarEntry(dir));
				out.closeEntry();
			}
		}
	}

	private static void putText(final JarOutputStream out, final String name,
		final String text) throws IOException
	{
		out.putNextEntry(new JarEntry(name));
		out.write(text.getBytes(StandardCharsets.UTF_8));
		out.closeEntry();
	}

	private static void copyClass(final Class<?> c, final Path classes,
		final Path target) throws IOException
	{
		final String name = c.getName().replace('.', '/') + ".class";
		final Path dest = target.resolve(name);
		Files.createDirectories(dest.getParent());
		Files.copy(classes.resolve(name), dest);
	}

	private static Path findOnPath(final String program) {
		final String path = System.getenv("PATH");
		if (path == null) return null;
		for (final String dir : path.split(File.pathSeparator)) {
			final Path candidate = Paths.get(dir, program);
			if (Files.isExecutable(candidate)) return candidate;
		}
		return null;
	}
}
