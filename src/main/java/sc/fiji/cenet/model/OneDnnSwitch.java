
package sc.fiji.cenet.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether TensorFlow runs its oneDNN kernels in this JVM, decided once, before
 * TF's native library loads.
 * <p>
 * Why: TF reads {@code TF_ENABLE_ONEDNN_OPTS} once, when its library loads, and
 * without it turns oneDNN on (Linux only) just for processors with AVX512_VNNI,
 * AVX512_BF16, AVX_VNNI or AMX; elsewhere it runs its Eigen kernels. On an AMD
 * EPYC Zen 2 (AVX2) oneDNN took 9-13% off a training step at batch 1 and 22-24%
 * at batch 4, for 0.25-0.4 GiB less, and 15-16% off a prediction with fixed
 * filters (docs/benchmarks.md).
 * <p>
 * {@code -Dcenet.onednn=true|false|auto} chooses (default {@code auto}: on for
 * {@link ProcessorFamily#AMD_AVX2}, where it was measured; TF's own choice
 * elsewhere). A {@code TF_ENABLE_ONEDNN_OPTS} in the environment, even one TF
 * cannot read, wins over {@code auto}; {@code true} or {@code false} win over
 * the environment. Decided for x86-64 Linux: elsewhere TF's default stands and
 * is reported as off. The switch sets the variable through the C library's
 * {@code setenv} (with JNA, which Fiji ships); without JNA, off x86-64 Linux,
 * or when TF was loaded before CE-Net could choose, TF's own choice stands.
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
	 * library loads ({@link TfRuntime#loadNatives()}). (glibc's setenv is not
	 * safe against a native getenv on another thread at that moment: this runs
	 * once, before the TF whose threads would read it.)
	 *
	 * @return what TF does in this JVM, and why
	 * @throws IllegalArgumentException naming the property when its value is not
	 *           true, false or auto
	 */
	public static synchronized Decision apply() {
		if (applied != null) return applied;
		Decision d = decide(System.getProperty(PROPERTY), System.getenv(VARIABLE),
			ProcessorFamily.current(), CpuInfo.flags(), x86Linux());
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
	 * Whether this JVM runs on Linux on x86-64, where the choice was measured and
	 * TF's default is known.
	 */
	static boolean x86Linux() {
		return Platform.linux() && Platform.x86_64();
	}

	/**
	 * What to do.
	 *
	 * @param property {@code -Dcenet.onednn} (null, blank or auto: auto)
	 * @param environment {@code TF_ENABLE_ONEDNN_OPTS} in the environment, or
	 *          null
	 * @param flags the processor's flags (/proc/cpuinfo)
	 * @param x86Linux whether this is Linux on x86-64, where the choice was
	 *          measured and TF's default is known
	 */
	static Decision decide(String property, String environment,
		ProcessorFamily family, List<String> flags, boolean x86Linux)
	{
		String p = property == null ? "" : property.trim().toLowerCase(Locale.ROOT);
		if (!p.isEmpty() && !p.equals("auto") && !p.equals("true") && !p.equals(
			"false")) throw new IllegalArgumentException("-D" + PROPERTY +
				" must be true, false or auto, not '" + property + "'");
		boolean tfDefault = x86Linux && flags.stream().anyMatch(
			TF_DEFAULT_FLAGS::contains);
		Boolean fromEnvironment = parse(environment);
		boolean unset = fromEnvironment != null ? fromEnvironment : tfDefault;
		String without = environment == null ? "TF's default for this processor"
			: VARIABLE + "=" + environment + " in the environment" +
				(fromEnvironment == null ? ", which TF reads as unset" : "");
		if (!x86Linux) return new Decision(unset, null, unset, without +
			" (CE-Net chooses on x86-64 Linux only)");
		if (p.equals("true") || p.equals("false")) {
			boolean on = p.equals("true");
			return new Decision(on, on ? "1" : "0", unset, "-D" + PROPERTY + "=" + p);
		}
		if (environment == null && family == ProcessorFamily.AMD_AVX2 && !tfDefault)
			return new Decision(true, "1", unset, "-D" + PROPERTY +
				"=auto: AMD without AVX-512, measured faster with oneDNN");
		return new Decision(unset, null, unset, without);
	}

	/**
	 * TF's reading of a boolean variable: 1/true/0/false in any case, untrimmed;
	 * anything else TF warns about and takes as unset.
	 */
	private static Boolean parse(String value) {
		if (value == null) return null;
		String v = value.toLowerCase(Locale.ROOT);
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
		catch (LinkageError | RuntimeException e) { // no JavaCPP: no TF Java
			return false;
		}
	}

	/** @return null when set, else why not */
	private static String setenv(String name, String value) {
		try {
			return CLibraryCall.call(() -> CLibrary.INSTANCE.setenv(name, value,
				1)) == 0 ? null : "setenv failed";
		}
		catch (CLibraryCall.Unavailable e) {
			return e.getMessage();
		}
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
