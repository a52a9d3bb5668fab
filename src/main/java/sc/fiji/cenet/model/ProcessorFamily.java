package sc.fiji.cenet.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/**
 * The processor's vendor, for the few graph choices whose speed was measured
 * to differ between processor families (see {@link Layers}).
 */
public enum ProcessorFamily {
	INTEL, AMD, OTHER;

	private static final ProcessorFamily CURRENT = read();

	/** The processor this JVM runs on: from /proc/cpuinfo's {@code vendor_id}; OTHER where there is none. */
	public static ProcessorFamily current() {
		return CURRENT;
	}

	/** The family of a /proc/cpuinfo text (its first {@code vendor_id} line). */
	static ProcessorFamily of(List<String> cpuinfo) {
		for (String line : cpuinfo)
			if (line.startsWith("vendor_id")) {
				String vendor = line.substring(line.indexOf(':') + 1).trim();
				return vendor.equals("GenuineIntel") ? INTEL : vendor.equals("AuthenticAMD") ? AMD : OTHER;
			}
		return OTHER;
	}

	private static ProcessorFamily read() {
		try {
			return of(Files.readAllLines(Paths.get("/proc/cpuinfo"), StandardCharsets.ISO_8859_1));
		}
		catch (IOException | RuntimeException e) { // not Linux, or unreadable
			return OTHER;
		}
	}
}
