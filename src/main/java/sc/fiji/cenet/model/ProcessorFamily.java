
package sc.fiji.cenet.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/**
 * The processor's vendor and, for AMD, its generation, for the few graph
 * choices whose speed was measured to differ between them (see
 * {@link Layers#PATCH_CONV_CHANNELS}, {@link Layers#dilatedTrainingConv()} and
 * {@link FixedFilterConv}).
 */
public enum ProcessorFamily {

		INTEL,
		/** AMD Zen 4 and older: {@code cpu family} below 26 (0x1a). */
		AMD,
		/** AMD Zen 5 and later: {@code cpu family} 26 (0x1a) or more. */
		AMD_ZEN5, OTHER;

	/** The first family number of Zen 5. */
	static final int ZEN5_FAMILY = 26;

	private static final ProcessorFamily CURRENT = read();

	/**
	 * The processor this JVM runs on: from /proc/cpuinfo's {@code vendor_id} and
	 * {@code cpu family}; OTHER where there is none.
	 */
	public static ProcessorFamily current() {
		return CURRENT;
	}

	/**
	 * The family of a /proc/cpuinfo text (its first {@code vendor_id} and
	 * {@code cpu family} lines).
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
		if ("AuthenticAMD".equals(vendor)) return family >= ZEN5_FAMILY ? AMD_ZEN5
			: AMD;
		return OTHER;
	}

	private static ProcessorFamily read() {
		try {
			return of(Files.readAllLines(Paths.get("/proc/cpuinfo"),
				StandardCharsets.ISO_8859_1));
		}
		catch (IOException | RuntimeException e) { // not Linux, or unreadable
			return OTHER;
		}
	}
}
