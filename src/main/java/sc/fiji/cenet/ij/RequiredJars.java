
package sc.fiji.cenet.ij;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether the libraries that a CE-Net menu command needs can be loaded, before
 * anything touches them: Fiji ships SciJava and ImgLib2, plain ImageJ does not,
 * and neither ships TensorFlow Java. One class per jar is looked up (not
 * initialised); what is missing becomes one message naming the jars and the
 * README section that installs them.
 * <p>
 * Imports nothing but the JDK, so that it loads where those jars are missing.
 * </p>
 */
final class RequiredJars {

	static final String INSTALL_ADVICE =
		"Install CE-Net as its README (section \"Installation\") " +
			"says: for Fiji copy target/Fiji.app/* into Fiji.app; for plain ImageJ copy " +
			"target/ImageJ/plugins/* (the plugin and plugins/jars) into ImageJ's plugins folder, " +
			"then restart.";

	/** Jar (without version) and one of its classes, for every command. */
	private static final String[][] LIBRARIES = { //
		{ "scijava-common", "org.scijava.Context" }, //
		{ "parsington", "org.scijava.parsington.ExpressionParser" }, //
		{ "imglib2", "net.imglib2.RandomAccessibleInterval" }, //
		{ "opencsv", "com.opencsv.CSVReader" }, //
		{ "commons-lang3", "org.apache.commons.lang3.StringUtils" } };

	/**
	 * TensorFlow Java and what it needs, for the commands that run the network;
	 * javacpp and protobuf first, the classes of tensorflow-core-native extend
	 * theirs.
	 */
	private static final String[][] TENSORFLOW = { //
		{ "javacpp", "org.bytedeco.javacpp.Pointer" }, //
		{ "protobuf-java", "com.google.protobuf.Message" }, //
		{ "ndarray", "org.tensorflow.ndarray.NdArray" }, //
		{ "tensorflow-core-api", "org.tensorflow.TensorFlow" }, //
		{ "tensorflow-core-native", "org.tensorflow.internal.c_api.TF_Status" }, //
		{ "tensorflow-framework",
			"org.tensorflow.framework.optimizers.Optimizer" } };

	/** The plugins.config arguments of the commands that use TensorFlow. */
	private static final List<String> TENSORFLOW_COMMANDS = Arrays.asList("train",
		"predict", "predict-folder", "export");

	/** What the export writes its rdf.yaml with (Fiji ships it). */
	private static final String[][] YAML = { { "snakeyaml",
		"org.yaml.snakeyaml.Yaml" } };

	private RequiredJars() {}

	/**
	 * @param loader the class loader CE-Net's classes come from
	 * @param arg the plugins.config argument of the command
	 * @return null when every jar the command needs is there, else the message
	 */
	static String problem(final ClassLoader loader, final String arg) {
		final List<String> missing = missing(loader, LIBRARIES);
		if (TENSORFLOW_COMMANDS.contains(arg)) missing.addAll(missing(loader,
			TENSORFLOW));
		if ("export".equals(arg)) missing.addAll(missing(loader, YAML));
		if (missing.isEmpty()) return null;
		return (missing.size() == 1 ? "Missing jar: " : "Missing jars: ") + String
			.join(", ", missing) + ". " + INSTALL_ADVICE;
	}

	/**
	 * The message for a class that failed to load after all (a missing class
	 * other than those looked up, a native library, a conflicting version).
	 */
	static String problem(final LinkageError e) {
		final String what = e instanceof NoClassDefFoundError ? "Missing class " +
			String.valueOf(e.getMessage()).replace('/', '.') : e.getClass()
				.getSimpleName() + ": " + e.getMessage();
		return what + ". " + INSTALL_ADVICE;
	}

	private static List<String> missing(final ClassLoader loader,
		final String[][] jars)
	{
		final List<String> missing = new ArrayList<>();
		for (final String[] jar : jars) {
			try {
				Class.forName(jar[1], false, loader);
			}
			catch (final ClassNotFoundException e) {
				missing.add(jar[0] + "-*.jar");
			}
			catch (final LinkageError e) {
				// the jar is there, but not one it needs: that one is named by its own
				// probe
				if (jars == LIBRARIES) missing.add(jar[0] + "-*.jar (" + e + ")");
			}
		}
		return missing;
	}
}
