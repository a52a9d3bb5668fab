
package sc.fiji.cenet.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.sun.jna.Pointer;

/**
 * Gives back the resident pages of TF's native libraries that only their
 * loading touched, once per JVM, right after TF loads
 * ({@link TfRuntime#loadNatives()}).
 * <p>
 * Why: loading {@code libtensorflow_cc} relocates it and registers every op and
 * kernel it holds, which touches about 0.2 GiB of its code and read-only data;
 * a session then reads little of it again, yet it stayed in the process's
 * resident memory, a third of a 448 x 448 prediction's peak (0.22 of 0.67 GiB
 * on an AMD EPYC Zen 2; ONNX Runtime's whole peak there: 0.49).
 * {@code madvise(MADV_DONTNEED)} unmaps those pages: they stay in the kernel's
 * page cache, and what TF runs later maps back in on first touch (a minor
 * fault, no disk read).
 * <p>
 * Safe because only mappings that cannot be written and hold no private copy of
 * a page ({@code Anonymous: 0} in {@code /proc/self/smaps}; the relocated part
 * of a library has them) are advised: their content is the file's, before and
 * after. Linux on x86-64 or AArch64 with JNA only (elsewhere nothing is done);
 * {@code -Dcenet.release_library_pages=false} keeps the pages.
 */
public final class TfLibraryPages {

	/** The system property that chooses: true (default) or false. */
	public static final String PROPERTY = "cenet.release_library_pages";
	/** Linux's value on x86-64 and AArch64 (asm-generic/mman-common.h). */
	static final int MADV_DONTNEED = 4;

	private static Outcome outcome;

	private TfLibraryPages() {}

	/**
	 * Releases the pages, the first call only; TF's library must be loaded.
	 *
	 * @return what was released, or why nothing was
	 * @throws IllegalArgumentException naming the property when its value is not
	 *           true or false
	 */
	static synchronized Outcome release() {
		if (outcome == null) outcome = releaseNow();
		return outcome;
	}

	/** What the first {@link #release()} did; null before it ran. */
	public static synchronized Outcome outcome() {
		return outcome;
	}

	private static Outcome releaseNow() {
		if (!enabled(System.getProperty(PROPERTY))) return new Outcome(0,
			"kept (-D" + PROPERTY + "=false)");
		String arch = System.getProperty("os.arch", "");
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith(
			"linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch
				.equals("aarch64"))) return new Outcome(0,
					"kept (Linux on x86-64 or AArch64 only)");
		List<Mapping> mappings;
		try {
			mappings = advisable(Files.readAllLines(Paths.get("/proc/self/smaps")));
		}
		catch (IOException e) {
			return new Outcome(0, "kept (/proc/self/smaps unreadable: " + e + ")");
		}
		long released = 0;
		try {
			for (Mapping m : mappings)
				if (CLibrary.INSTANCE.madvise(new Pointer(m.start), m.end - m.start,
					MADV_DONTNEED) == 0) released += m.residentBytes;
		}
		catch (VirtualMachineError e) {
			throw e;
		}
		// JNA missing (LinkageError), or an incompatible JNA native library
		// installed (a plain Error from Native's initializer)
		catch (Error | RuntimeException e) {
			return new Outcome(0, "kept (JNA is not available: " + e + ")");
		}
		return new Outcome(released, String.format(Locale.ROOT,
			"released %.2f GiB of TF's library pages that its loading touched",
			released / (double) (1L << 30)));
	}

	/**
	 * @param value the property's value, null when unset
	 * @throws IllegalArgumentException naming the property when the value is not
	 *           true or false
	 */
	static boolean enabled(String value) {
		String v = value == null ? "true" : value.trim();
		if (v.equalsIgnoreCase("true")) return true;
		if (v.equalsIgnoreCase("false")) return false;
		throw new IllegalArgumentException("-D" + PROPERTY +
			" must be true or false, not '" + value + "'");
	}

	/**
	 * The mappings of TF's libraries that may be advised: not writable, no
	 * private (anonymous) page, some page resident.
	 *
	 * @param smaps the lines of {@code /proc/self/smaps}
	 */
	static List<Mapping> advisable(List<String> smaps) {
		List<Mapping> out = new ArrayList<>();
		Mapping m = null;
		boolean tfReadOnly = false;
		long rss = 0;
		for (String line : smaps) {
			int dash = line.indexOf('-'), space = line.indexOf(' ');
			if (dash > 0 && space > dash && isHex(line, 0, dash) && isHex(line, dash +
				1, space))
			{
				String[] f = line.trim().split("\\s+");
				String path = f.length > 5 ? f[5] : "";
				String name = path.substring(path.lastIndexOf('/') + 1);
				tfReadOnly = f[1].charAt(1) == '-' && (name.startsWith(
					"libtensorflow_cc.so") || name.startsWith(
						"libtensorflow_framework.so"));
				m = new Mapping(Long.parseUnsignedLong(line.substring(0, dash), 16),
					Long.parseUnsignedLong(line.substring(dash + 1, space), 16), 0);
				rss = 0;
			}
			else if (m != null && tfReadOnly && line.startsWith("Rss:")) rss =
				kibibytes(line) * 1024;
			// smaps lists Anonymous after Rss
			else if (m != null && tfReadOnly && line.startsWith("Anonymous:")) {
				if (kibibytes(line) == 0 && rss > 0) out.add(new Mapping(m.start, m.end,
					rss));
				m = null;
			}
		}
		return out;
	}

	private static boolean isHex(String s, int from, int to) {
		for (int i = from; i < to; i++)
			if (Character.digit(s.charAt(i), 16) < 0) return false;
		return true;
	}

	private static long kibibytes(String line) {
		return Long.parseLong(line.replaceAll("[^0-9]", ""));
	}

	/** An address range of the process and its resident bytes. */
	static final class Mapping {

		final long start, end, residentBytes;

		Mapping(long start, long end, long residentBytes) {
			this.start = start;
			this.end = end;
			this.residentBytes = residentBytes;
		}
	}

	/** What {@link #release()} did. */
	public static final class Outcome {

		/** Resident bytes of the advised mappings when they were advised. */
		public final long releasedBytes;
		private final String description;

		Outcome(long releasedBytes, String description) {
			this.releasedBytes = releasedBytes;
			this.description = description;
		}

		@Override
		public String toString() {
			return description;
		}
	}
}
