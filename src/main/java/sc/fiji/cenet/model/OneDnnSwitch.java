
package sc.fiji.cenet.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Whether TensorFlow runs its oneDNN kernels in this JVM, decided once, before
 * TF's native library loads.
 * <p>
 * Why: TF reads {@code TF_ENABLE_ONEDNN_OPTS} once, when its library loads, and
 * without it turns oneDNN on (Linux only) just for processors with AVX512_VNNI,
 * AVX512_BF16, AVX_VNNI or AMX; elsewhere it runs its Eigen kernels. On an AMD
 * EPYC Zen 2 (AVX2) oneDNN made a training step 10-22% faster and 0.25-0.4 GiB
 * lighter, and prediction with fixed filters 15-17% faster
 * (docs/benchmarks.md).
 * <p>
 * {@code -Dcenet.onednn=true|false|auto} chooses (default {@code auto}: on for
 * {@link ProcessorFamily#AMD_AVX2}, where it was measured; TF's own choice
 * elsewhere). A {@code TF_ENABLE_ONEDNN_OPTS} in the environment wins over
 * {@code auto}; {@code true} or {@code false} win over the environment. The
 * switch sets the variable through the C library's {@code setenv} (with JNA,
 * which Fiji ships); without JNA, off Linux, or when TF was loaded before
 * CE-Net could choose, TF's own choice stands.
 */
public final class OneDnnSwitch {

	/** The system property that chooses. */
	public static final String PROPERTY = "cenet.onednn";
	/** What TF reads. */
	static final String VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
	/**
	 * The flags with which TF 2.18 turns oneDNN on by itself on Linux
	 * (tensorflow/core/util/port.cc).
	 */
	static final List<String> TF_DEFAULT_FLAGS = Arrays.asList("avx512_vnni",
		"avx512_bf16", "avx_vnni", "amx_tile", "amx_int8", "amx_bf16");

	private static Decision applied;

	private OneDnnSwitch() {}

	/**
	 * Decides, and sets {@code TF_ENABLE_ONEDNN_OPTS} where the decision needs
	 * it; the first call only. Every CE-Net path into TF calls this before TF's
	 * library loads ({@link TfRuntime#loadNatives()}).
	 *
	 * @return what TF does in this JVM, and why
	 * @throws IllegalArgumentException naming the property when its value is not
	 *           true, false or auto
	 */
	public static synchronized Decision apply() {
		if (applied != null) return applied;
		boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
			.startsWith("linux");
		Decision d = decide(System.getProperty(PROPERTY), System.getenv(VARIABLE),
			ProcessorFamily.current(), CpuInfo.flags(), linux);
		if (d.value != null) {
			String failure = tensorFlowLoaded() ? "TF was loaded before CE-Net"
				: setenv(VARIABLE, d.value);
			if (failure != null) d = new Decision(d.unset, null, d.unset,
				"TF's choice stands: " + failure);
		}
		applied = d;
		return d;
	}

	/**
	 * What to do.
	 *
	 * @param property {@code -Dcenet.onednn} (null, blank or auto: auto)
	 * @param environment {@code TF_ENABLE_ONEDNN_OPTS} in the environment, or
	 *          null
	 * @param flags the processor's flags (/proc/cpuinfo)
	 * @param linux whether this is Linux, where TF's natives have oneDNN
	 */
	static Decision decide(String property, String environment,
		ProcessorFamily family, List<String> flags, boolean linux)
	{
		String p = property == null ? "" : property.trim().toLowerCase(Locale.ROOT);
		if (!p.isEmpty() && !p.equals("auto") && !p.equals("true") && !p.equals(
			"false")) throw new IllegalArgumentException("-D" + PROPERTY +
				" must be true, false or auto, not '" + property + "'");
		boolean tfDefault = linux && flags.stream().anyMatch(
			TF_DEFAULT_FLAGS::contains);
		Boolean fromEnvironment = parse(environment);
		boolean unset = fromEnvironment != null ? fromEnvironment : tfDefault;
		String without = fromEnvironment != null ? VARIABLE + "=" + environment +
			" in the environment" : "TF's default for this processor";
		if (!linux) return new Decision(unset, null, unset, without +
			" (CE-Net chooses on Linux only)");
		if (p.equals("true") || p.equals("false")) {
			boolean on = p.equals("true");
			return new Decision(on, on ? "1" : "0", unset, "-D" + PROPERTY + "=" + p);
		}
		if (fromEnvironment == null && family == ProcessorFamily.AMD_AVX2 &&
			!tfDefault) return new Decision(true, "1", unset, "-D" + PROPERTY +
				"=auto: AMD without AVX-512, measured faster with oneDNN");
		return new Decision(unset, null, unset, without);
	}

	/** TF's reading of a boolean variable: 1/true, 0/false; else unset. */
	private static Boolean parse(String value) {
		if (value == null) return null;
		String v = value.trim().toLowerCase(Locale.ROOT);
		if (v.equals("1") || v.equals("true")) return true;
		if (v.equals("0") || v.equals("false")) return false;
		return null;
	}

	/** Whether JavaCPP has loaded a TensorFlow library into this JVM. */
	private static boolean tensorFlowLoaded() {
		try {
			return org.bytedeco.javacpp.Loader.getLoadedLibraries().keySet().stream()
				.anyMatch(name -> name.contains("tensorflow"));
		}
		catch (LinkageError e) { // no JavaCPP: no TF Java either
			return false;
		}
	}

	/** @return null when set, else why not */
	private static String setenv(String name, String value) {
		try {
			return CLibrary.INSTANCE.setenv(name, value, 1) == 0 ? null
				: "setenv failed";
		}
		catch (LinkageError e) { // JNA missing, or its native part
			return "JNA is not available (" + e + ")";
		}
	}

	/**
	 * The C library, through JNA: a class of its own, so that a missing JNA is a
	 * LinkageError where it is used.
	 */
	private interface CLibrary extends Library {

		CLibrary INSTANCE = Native.load("c", CLibrary.class);

		int setenv(String name, String value, int overwrite);
	}

	/** Whether TF runs oneDNN in this JVM, and why. */
	public static final class Decision {

		/** Whether TF runs its oneDNN kernels. */
		public final boolean on;
		/** What to set {@code TF_ENABLE_ONEDNN_OPTS} to; null: leave it. */
		final String value;
		/** What TF does when the variable is left as it is. */
		final boolean unset;
		/** Why, in words. */
		public final String reason;

		Decision(boolean on, String value, boolean unset, String reason) {
			this.on = on;
			this.value = value;
			this.unset = unset;
			this.reason = reason;
		}

		@Override
		public String toString() {
			return (on ? "on" : "off") + " (" + reason + ")";
		}
	}
}
