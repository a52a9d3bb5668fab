
package sc.fiji.cenet.commands;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.cenet.model.TfLoading;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Checks, once per JVM, that the TensorFlow that CE-Net's classes see is
 * TensorFlow Java {@value #REQUIRED_API_VERSION} (native TensorFlow
 * {@value #EXPECTED_NATIVE_VERSION}.x). Fiji installations often carry the old
 * TensorFlow 1.x Java API (libtensorflow 1.15, e.g. from the CSBDeep update
 * site) in the same {@code org.tensorflow} package; the two cannot share a
 * class path, and mixing them fails deep inside TensorFlow with a
 * {@code NoSuchMethodError} or {@code NoClassDefFoundError}. This check
 * replaces that with one message saying what was found and what to do.
 */
public final class TensorFlowVersionCheck {

	public static final String REQUIRED_API_VERSION = "1.1.0";
	public static final String EXPECTED_NATIVE_VERSION = "2.18";

	static final String TENSORFLOW_CLASS = "org.tensorflow.TensorFlow";
	static final String TENSOR_CLASS = "org.tensorflow.Tensor";
	/**
	 * Exists only in the new API; the old one has no typed tensors of this name.
	 */
	static final String NEW_API_CLASS = "org.tensorflow.types.TFloat32";

	private static final String[] POM_PROPERTIES = {
		"META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties",
		"META-INF/maven/org.tensorflow/libtensorflow/pom.properties" };
	private static final Pattern VERSION_IN_NAME = Pattern.compile(
		"-(\\d+(?:\\.\\d+)+)[^/]*\\.jar$");

	private static final String ADVICE =
		"Remove the old TensorFlow jars (libtensorflow-*.jar, " +
			"libtensorflow_jni*.jar, proto-*.jar of TensorFlow) from Fiji.app/jars, or install CE-Net " +
			"in a separate Fiji.app; see the CE-Net installation notes.";

	/**
	 * Logged before TensorFlow is loaded for the first time in this JVM: the
	 * first load after installation unpacks the native libraries (several hundred
	 * MB), which took 45 s in which nothing else was said.
	 */
	public static final String LOADING =
		"Loading TensorFlow (the first time after installation, " +
			"unpacking its native libraries takes about a minute)...";

	/** The check of the classes CE-Net's own class loader sees. */
	private static final TensorFlowVersionCheck SHARED =
		new TensorFlowVersionCheck(() -> Findings.probe(TensorFlowVersionCheck.class
			.getClassLoader()));

	private final Supplier<Findings> probe;

	/** The outcome once checked: "" when fine, else the problem. */
	private String verdict;

	/** @param probe looks at the class path (and loads TensorFlow's natives) */
	TensorFlowVersionCheck(final Supplier<Findings> probe) {
		this.probe = probe;
	}

	/**
	 * Checks on the first call, remembers the answer for later ones.
	 *
	 * @throws IllegalStateException with one message naming the TensorFlow found,
	 *           where it came from and what to do
	 */
	public static void require() {
		SHARED.check(null);
	}

	/**
	 * As {@link #require()}; the first call logs {@link #LOADING} to
	 * {@code progress} (if not null) before TensorFlow loads.
	 */
	public static void require(final ProgressListener progress) {
		SHARED.check(progress);
	}

	/** See {@link #require(ProgressListener)}. */
	synchronized void check(final ProgressListener progress) {
		if (verdict == null) {
			if (progress != null) progress.log(LOADING);
			final String problem = problem(probe.get());
			verdict = problem == null ? "" : problem;
		}
		if (!verdict.isEmpty()) throw new IllegalStateException(verdict);
	}

	/** What the class path offers, as far as the decision needs it. */
	static final class Findings {

		/**
		 * Where {@code org.tensorflow.TensorFlow} comes from; null when it is
		 * missing.
		 */
		final String apiLocation;
		/**
		 * The Maven version of that jar (e.g. 1.1.0 or 1.15.0); null when unknown.
		 */
		final String apiVersion;
		/**
		 * Whether the new API's classes are there: Tensor an interface, TFloat32
		 * present.
		 */
		final boolean newApi;
		/**
		 * Where {@code org.tensorflow.Tensor} comes from; null when it is missing.
		 */
		final String tensorLocation;
		/**
		 * {@code TensorFlow.version()}: the native library's version; null when it
		 * did not load.
		 */
		final String nativeVersion;
		/** Why the native library did not load; null when it did. */
		final String nativeError;

		Findings(final String apiLocation, final String apiVersion,
			final boolean newApi, final String tensorLocation,
			final String nativeVersion, final String nativeError)
		{
			this.apiLocation = apiLocation;
			this.apiVersion = apiVersion;
			this.newApi = newApi;
			this.tensorLocation = tensorLocation;
			this.nativeVersion = nativeVersion;
			this.nativeError = nativeError;
		}

		/**
		 * Looks at the classes {@code loader} resolves; loads the native library of
		 * the TensorFlow found.
		 */
		static Findings probe(final ClassLoader loader) {
			final Class<?> tensorFlow = load(TENSORFLOW_CLASS, loader);
			if (tensorFlow == null) return new Findings(null, null, false, null, null,
				null);
			final Class<?> tensor = load(TENSOR_CLASS, loader);
			final boolean newApi = tensor != null && tensor.isInterface() && load(
				NEW_API_CLASS, loader) != null;
			final String location = location(tensorFlow);
			String nativeVersion = null, nativeError = null;
			// before TF's library loads: what it reads as it loads (outside the
			// try: a wrong -Dcenet.onednn or -Dcenet.releaseLibraryPages is its
			// own one-line message)
			TfLoading.prepare();
			try {
				nativeVersion = String.valueOf(tensorFlow.getMethod("version").invoke(
					null));
			}
			catch (final ReflectiveOperationException | LinkageError
					| RuntimeException e)
			{
				final Throwable cause = e.getCause() != null ? e.getCause() : e;
				nativeError = cause.getClass().getSimpleName() + (cause
					.getMessage() == null ? "" : ": " + cause.getMessage());
			}
			return new Findings(location, version(tensorFlow, location), newApi,
				tensor == null ? null : location(tensor), nativeVersion, nativeError);
		}

		private static Class<?> load(final String name, final ClassLoader loader) {
			try {
				return Class.forName(name, false, loader);
			}
			catch (final ClassNotFoundException | LinkageError e) {
				return null;
			}
		}

		private static String location(final Class<?> c) {
			final CodeSource source = c.getProtectionDomain().getCodeSource();
			return source == null || source.getLocation() == null
				? "an unknown location" : source.getLocation().toString();
		}

		/** From the jar's Maven metadata, else from its file name. */
		private static String version(final Class<?> c, final String location) {
			if (location.endsWith(".jar")) {
				for (final String entry : POM_PROPERTIES) {
					try (InputStream in = new URL("jar:" + location + "!/" + entry)
						.openStream())
					{
						final Properties p = new Properties();
						p.load(in);
						if (p.getProperty("version") != null) return p.getProperty(
							"version").trim();
					}
					catch (final IOException e) {
						// not this entry; try the next, then the file name
					}
				}
			}
			final Matcher m = VERSION_IN_NAME.matcher(location);
			return m.find() ? m.group(1) : null;
		}
	}

	/**
	 * @return null when the findings fit CE-Net, else one message saying what was
	 *         found and what to do
	 */
	static String problem(final Findings f) {
		if (f.apiLocation == null)
			return "TensorFlow Java is not installed: CE-Net needs " +
				"tensorflow-core-api " + REQUIRED_API_VERSION +
				" and its native jars in Fiji.app/jars " +
				"(see the CE-Net installation notes)";
		if (!f.newApi) return "CE-Net needs TensorFlow Java " +
			REQUIRED_API_VERSION + ", but Fiji " + "loaded the old TensorFlow " +
			(f.apiVersion != null ? f.apiVersion + " " : "") + "Java API from " +
			f.apiLocation + " (installed e.g. by the CSBDeep or TensorFlow update " +
			"site). " + ADVICE;
		if (f.tensorLocation != null && !f.tensorLocation.equals(f.apiLocation))
			return "Two " + "TensorFlow versions are mixed: " + TENSORFLOW_CLASS +
				" comes from " + f.apiLocation + " but " + TENSOR_CLASS + " from " +
				f.tensorLocation + ". " + ADVICE;
		if (f.apiVersion != null && !REQUIRED_API_VERSION.equals(f.apiVersion))
			return "CE-Net " + "needs TensorFlow Java " + REQUIRED_API_VERSION +
				", but found version " + f.apiVersion + " at " + f.apiLocation +
				". Install the jars that come with CE-Net into Fiji.app/jars " +
				"and remove the other TensorFlow jars.";
		if (f.nativeVersion == null)
			return "The TensorFlow native library could not be loaded (" +
				f.nativeError + "). CE-Net needs tensorflow-core-native " +
				REQUIRED_API_VERSION +
				" with the natives for this platform (e.g. tensorflow-core-native-" +
				REQUIRED_API_VERSION + "-linux-x86_64.jar) in Fiji.app/jars.";
		if (!f.nativeVersion.startsWith(EXPECTED_NATIVE_VERSION + "."))
			return "CE-Net needs " + "native TensorFlow " + EXPECTED_NATIVE_VERSION +
				".x (from tensorflow-core-native " + REQUIRED_API_VERSION +
				"), but the loaded native library is TensorFlow " + f.nativeVersion +
				". " + ADVICE;
		return null;
	}
}
