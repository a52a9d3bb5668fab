
package sc.fiji.cenet.model;

import java.util.List;
import java.util.Locale;

/**
 * The arithmetic of inference sessions, chosen once per JVM by
 * {@code -Dcenet.precision=fp32|bf16|auto} (default {@code auto}).
 * <p>
 * {@code bf16} turns on TF's oneDNN bfloat16 rewrite
 * ({@code auto_mixed_precision_onednn_bfloat16}). On AMD Zen 5 with AVX512_BF16
 * it was measured to give wrong probabilities (docs/benchmarks.md), so it is
 * never chosen there. {@code auto} is {@code fp32} everywhere for now: bf16 is
 * to become automatic only on processors with AMX-BF16 tiles, once its
 * probabilities and the cross-validated Dice have been measured unchanged on
 * one; until then it is an explicit choice.
 */
public enum Precision {

		FP32, BF16;

	/** The system property that chooses. */
	public static final String PROPERTY = "cenet.precision";

	private static Precision current;

	/**
	 * The precision of this JVM: the property's, or {@link #auto}'s for the
	 * processor.
	 */
	public static synchronized Precision current() {
		if (current == null) current = of(System.getProperty(PROPERTY), CpuInfo
			.flags());
		return current;
	}

	/**
	 * @param property the property's value (null or blank = auto)
	 * @param cpuFlags the processor's flags (/proc/cpuinfo)
	 * @throws IllegalArgumentException naming the property for any other value
	 */
	static Precision of(String property, List<String> cpuFlags) {
		String p = property == null ? "auto" : property.trim().toLowerCase(
			Locale.ROOT);
		switch (p) {
			case "":
			case "auto":
				return auto(cpuFlags);
			case "fp32":
				return FP32;
			case "bf16":
				return BF16;
			default:
				throw new IllegalArgumentException("-D" + PROPERTY +
					" must be fp32, bf16 or auto, not '" + property + "'");
		}
	}

	/**
	 * What {@code auto} picks: fp32, on every processor, until bf16's accuracy
	 * has been measured on one with AMX-BF16 ({@code amx_bf16} in its flags), the
	 * only kind auto may ever pick bf16 for.
	 */
	static Precision auto(List<String> cpuFlags) {
		boolean amx = cpuFlags.contains("amx_bf16") && cpuFlags.contains(
			"amx_tile");
		return amx && ACCURACY_MEASURED_ON_AMX ? BF16 : FP32;
	}

	/**
	 * Whether bf16's probabilities and DRIVE Dice were measured unchanged on an
	 * AMX processor: not yet.
	 */
	static final boolean ACCURACY_MEASURED_ON_AMX = false;
}
