
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import sc.fiji.cenet.commands.TensorFlowVersionCheck.Findings;
import sc.fiji.cenet.progress.ProgressListener;

public class TensorFlowVersionCheckTest {

	private static final String API_JAR =
		"file:/Fiji.app/jars/tensorflow-core-api-1.1.0.jar";
	private static final String OLD_JAR =
		"file:/Fiji.app/jars/libtensorflow-1.15.0.jar";

	private static String problem(final Findings f) {
		return TensorFlowVersionCheck.problem(f);
	}

	@Test
	public void tensorFlowJava110WithNative218IsFine() {
		assertNull(problem(new Findings(API_JAR, "1.1.0", true, API_JAR, "2.18.0",
			null)));
	}

	/** Before TF loads, a wrong value is a message of its own, naming the key. */
	@Test
	public void aWrongLibraryPagesValueIsNamedBeforeTensorFlowLoads() {
		final String key = sc.fiji.cenet.model.TfLibraryPages.PROPERTY;
		final String before = System.getProperty(key);
		System.setProperty(key, "keep");
		try {
			final IllegalArgumentException e = org.junit.Assert.assertThrows(
				IllegalArgumentException.class, () -> Findings.probe(
					TensorFlowVersionCheck.class.getClassLoader()));
			assertEquals("-Dcenet.releaseLibraryPages must be true or false, not " +
				"'keep'", e.getMessage());
		}
		finally {
			if (before == null) System.clearProperty(key);
			else System.setProperty(key, before);
		}
	}

	@Test
	public void theTestClassPathPasses() {
		final Findings f = Findings.probe(TensorFlowVersionCheck.class
			.getClassLoader());
		assertEquals("1.1.0", f.apiVersion);
		assertTrue(f.newApi);
		assertTrue(f.nativeVersion, f.nativeVersion.startsWith("2.18."));
		assertNull(problem(f));
		TensorFlowVersionCheck.require();
	}

	/**
	 * The first load unpacks the natives, about a minute of silence otherwise:
	 * said before it, once.
	 */
	@Test
	public void theFirstCheckSaysThatTensorFlowIsLoadingBeforeItLoads() {
		final List<String> events = new ArrayList<>();
		final TensorFlowVersionCheck check = new TensorFlowVersionCheck(() -> {
			events.add("probe");
			return new Findings(API_JAR, "1.1.0", true, API_JAR, "2.18.0", null);
		});
		final ProgressListener progress = new ProgressListener() {

			@Override
			public void progress(final double fraction, final String message) {}

			@Override
			public void log(final String line) {
				events.add(line);
			}
		};
		check.check(progress);
		check.check(progress);
		assertEquals(Arrays.asList(TensorFlowVersionCheck.LOADING, "probe"),
			events);
		assertTrue(TensorFlowVersionCheck.LOADING, TensorFlowVersionCheck.LOADING
			.startsWith("Loading TensorFlow"));
	}

	@Test
	public void oldTensorFlowFromCsbDeepIsNamedWithWhatToDo() {
		final String p = problem(new Findings(OLD_JAR, "1.15.0", false, OLD_JAR,
			"1.15.0", null));
		assertEquals(
			"CE-Net needs TensorFlow Java 1.1.0, but Fiji loaded the old TensorFlow 1.15.0 " +
				"Java API from " + OLD_JAR +
				" (installed e.g. by the CSBDeep or TensorFlow update site). " +
				"Remove the old TensorFlow jars (libtensorflow-*.jar, libtensorflow_jni*.jar, proto-*.jar " +
				"of TensorFlow) from Fiji.app/jars, or install CE-Net in a separate Fiji.app; see the " +
				"CE-Net installation notes.", p);
	}

	@Test
	public void mixedJarsAreReported() {
		final String p = problem(new Findings(API_JAR, "1.1.0", true, OLD_JAR, null,
			"NoSuchMethodError"));
		assertTrue(p, p.startsWith(
			"Two TensorFlow versions are mixed: org.tensorflow.TensorFlow " +
				"comes from " + API_JAR + " but org.tensorflow.Tensor from " +
				OLD_JAR));
	}

	@Test
	public void missingTensorFlowIsReported() {
		assertTrue(problem(new Findings(null, null, false, null, null, null))
			.startsWith("TensorFlow Java is not installed"));
	}

	@Test
	public void otherNewApiVersionsAreReported() {
		final String jar = "file:/Fiji.app/jars/tensorflow-core-api-0.5.0.jar";
		assertTrue(problem(new Findings(jar, "0.5.0", true, jar, "2.10.1", null))
			.startsWith(
				"CE-Net needs TensorFlow Java 1.1.0, but found version 0.5.0 at " +
					jar));
	}

	@Test
	public void missingNativesAreReported() {
		final String p = problem(new Findings(API_JAR, "1.1.0", true, API_JAR, null,
			"UnsatisfiedLinkError: no jnitensorflow in java.library.path"));
		assertTrue(p, p.startsWith(
			"The TensorFlow native library could not be loaded " +
				"(UnsatisfiedLinkError: no jnitensorflow in java.library.path)"));
	}

	@Test
	public void otherNativeVersionsAreReported() {
		assertTrue(problem(new Findings(API_JAR, "1.1.0", true, API_JAR, "2.16.1",
			null)).contains("the loaded native library is TensorFlow 2.16.1"));
	}

	@Test
	public void unknownVersionOfTheNewApiIsAcceptedWhenTheNativesFit() {
		assertNull(problem(new Findings("file:/classes/", null, true,
			"file:/classes/", "2.18.0", null)));
	}
}
