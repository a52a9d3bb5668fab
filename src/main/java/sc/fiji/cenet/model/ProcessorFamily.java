
package sc.fiji.cenet.model;

import java.util.List;

/**
 * The processor's vendor and, for AMD, its generation, for the few graph
 * choices whose speed was measured to differ between them (see
 * {@link Layers#PATCH_CONV_CHANNELS}, {@link Layers#dilatedTrainingConv()},
 * {@link Layers#conv3dForBatchesOfOne()},
 * {@link Layers#filterGradientAsTaps()}, {@link FixedFilterConv} and
 * {@link OneDnnSwitch}).
 */
public enum ProcessorFamily {

		INTEL,
		/**
		 * AMD Zen 4: {@code cpu family} below 26 (0x1a) with AVX-512
		 * ({@code avx512f}), or with no flags to tell.
		 */
		AMD,
		/**
		 * AMD with AVX2 but not AVX-512 (Zen to Zen 3): {@code cpu family} below
		 * 26, where oneDNN runs its AVX2 kernels. Measured on Zen 2 (family 23
		 * model 49); Zen 3 is taken to be alike (the same kernels). Older AMD
		 * processors, without AVX2, are OTHER.
		 */
		AMD_AVX2,
		/** AMD Zen 5 and later: {@code cpu family} 26 (0x1a) or more. */
		AMD_ZEN5, OTHER;

	/** The first family number of Zen 5. */
	static final int ZEN5_FAMILY = 26;

	private static final ProcessorFamily CURRENT = read();

	/**
	 * The processor this JVM runs on: from /proc/cpuinfo's {@code vendor_id},
	 * {@code cpu family} and {@code flags}; OTHER where there is none.
	 */
	public static ProcessorFamily current() {
		return CURRENT;
	}

	/**
	 * The family of a /proc/cpuinfo text (its first {@code vendor_id},
	 * {@code cpu family} and {@code flags} lines).
	 */
	static ProcessorFamily of(List<String> cpuinfo) {
		String vendor = null;
		int family = -1;
		for (String line : cpuinfo) {
			String value = line.substring(line.indexOf(':') + 1).trim();
			if (vendor == null && line.startsWith("vendor_id")) vendor = value;
			else if (family < 0 && line.startsWith("cpu family")) try {
				family = Integer.parseInt(value);
			}
			catch (NumberFormatException e) {
				// unreadable: the vendor alone decides
			}
		}
		if ("GenuineIntel".equals(vendor)) return INTEL;
		if (!"AuthenticAMD".equals(vendor)) return OTHER;
		if (family >= ZEN5_FAMILY) return AMD_ZEN5;
		List<String> flags = CpuInfo.flags(cpuinfo);
		if (flags.isEmpty() || flags.contains("avx512f")) return AMD;
		return flags.contains("avx2") ? AMD_AVX2 : OTHER;
	}

	private static ProcessorFamily read() {
		return of(CpuInfo.lines());
	}
}
