
package sc.fiji.cenet.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The processor as /proc/cpuinfo describes it, read once per JVM, for the
 * choices that depend on it ({@link ProcessorFamily}, {@link Precision},
 * {@link OneDnnSwitch}, the benchmarks' header).
 */
public final class CpuInfo {

	private static final List<String> LINES = read();

	private CpuInfo() {}

	/** The lines of /proc/cpuinfo; none where it is missing or unreadable. */
	public static List<String> lines() {
		return LINES;
	}

	/** This processor's flags (see {@link #flags(List)}). */
	public static List<String> flags() {
		return flags(LINES);
	}

	/**
	 * The flags of a /proc/cpuinfo text: its first {@code flags} line split at
	 * white space; empty where it has none.
	 */
	static List<String> flags(List<String> cpuinfo) {
		for (String line : cpuinfo)
			if (line.startsWith("flags")) return Collections.unmodifiableList(Arrays
				.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
		return Collections.emptyList();
	}

	private static List<String> read() {
		try {
			return Collections.unmodifiableList(Files.readAllLines(Paths.get(
				"/proc/cpuinfo"), StandardCharsets.ISO_8859_1));
		}
		catch (IOException | RuntimeException e) { // not Linux, or unreadable
			return Collections.emptyList();
		}
	}
}
