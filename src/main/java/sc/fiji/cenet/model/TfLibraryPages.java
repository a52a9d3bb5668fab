
package sc.fiji.cenet.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * resident memory, 0.20 of a 448 x 448 prediction's 0.67 GiB peak on an AMD
 * EPYC Zen 2 (ONNX Runtime's whole peak there: 0.49).
 * {@code madvise(MADV_DONTNEED)} unmaps those pages; what TF runs later maps
 * back in on first touch, from the page cache while they are still there (a
 * minor fault), else from the file.
 * <p>
 * Safe because only mappings whose every page is the file's are advised: not
 * writable, and no private copy of a page in memory or in swap
 * ({@code Anonymous: 0} and {@code Swap: 0} in {@code /proc/self/smaps}; the
 * relocated part of a library has such copies). Linux on x86-64 or AArch64 with
 * JNA only (elsewhere nothing is done; measured on x86-64);
 * {@code -Dcenet.releaseLibraryPages=false} keeps the pages.
 */
public final class TfLibraryPages {

	/** The system property that chooses: true (default) or false. */
	public static final String PROPERTY = "cenet.releaseLibraryPages";
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

	/**
	 * Checks the property before TF loads ({@link TfLoading#prepare()}), so that
	 * a wrong value is a message of its own.
	 *
	 * @throws IllegalArgumentException naming the property when its value is not
	 *           true or false
	 */
	static void checkProperty() {
		enabled(System.getProperty(PROPERTY));
	}

	/** Where it acts: Linux on x86-64 or AArch64 (MADV_DONTNEED = 4 there). */
	static boolean supported() {
		return Platform.linux() && (Platform.x86_64() || Platform.aarch64());
	}

	private static Outcome releaseNow() {
		if (!enabled(System.getProperty(PROPERTY))) return new Outcome(0,
			"kept (-D" + PROPERTY + "=false)");
		if (!supported()) return new Outcome(0,
			"kept (Linux on x86-64 or AArch64 only)");
		List<Mapping> mappings;
		try {
			// ISO-8859-1: any byte of a path decodes
			mappings = advisable(Files.readAllLines(Paths.get("/proc/self/smaps"),
				StandardCharsets.ISO_8859_1));
		}
		catch (IOException | RuntimeException e) {
			return new Outcome(0, "kept (/proc/self/smaps unreadable: " + e + ")");
		}
		long released = 0;
		for (Mapping m : mappings) {
			int rc;
			try {
				rc = CLibraryCall.call(() -> CLibrary.INSTANCE.madvise(new Pointer(
					m.start), m.end - m.start, MADV_DONTNEED));
			}
			catch (CLibraryCall.Unavailable e) {
				return new Outcome(0, "kept (" + e.getMessage() + ")");
			}
			if (rc == 0) released += m.residentBytes;
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
	 * The mappings of TF's libraries that may be advised: not writable, some page
	 * resident, and {@code Anonymous: 0} and {@code Swap: 0} both present.
	 *
	 * @param smaps the lines of {@code /proc/self/smaps}
	 */
	static List<Mapping> advisable(List<String> smaps) {
		List<Mapping> out = new ArrayList<>();
		SmapsEntry e = null;
		for (String line : smaps) {
			SmapsEntry next = SmapsEntry.ofHeader(line);
			if (next != null) {
				if (e != null && e.advisable()) out.add(e.mapping());
				e = next;
			}
			else if (e != null) e.field(line);
		}
		if (e != null && e.advisable()) out.add(e.mapping());
		return out;
	}

	/** One mapping of smaps while its fields are read. */
	private static final class SmapsEntry {

		final long start, end;
		final boolean tfReadOnly;
		long rss = -1, anonymous = -1, swap = -1;

		private SmapsEntry(long start, long end, boolean tfReadOnly) {
			this.start = start;
			this.end = end;
			this.tfReadOnly = tfReadOnly;
		}

		/**
		 * {@code start-end perms offset dev inode [path]}, the path possibly with
		 * spaces; null when the line is a field.
		 */
		static SmapsEntry ofHeader(String line) {
			String[] f = line.split(" +", 6);
			if (f.length < 5) return null;
			int dash = f[0].indexOf('-');
			if (dash < 1 || !isHex(f[0], 0, dash) || !isHex(f[0], dash + 1, f[0]
				.length()) || f[1].length() != 4) return null;
			String path = f.length == 6 ? f[5].trim() : "";
			String name = path.substring(path.lastIndexOf('/') + 1);
			boolean tf = name.startsWith("libtensorflow_cc.so") || name.startsWith(
				"libtensorflow_framework.so");
			return new SmapsEntry(Long.parseUnsignedLong(f[0].substring(0, dash), 16),
				Long.parseUnsignedLong(f[0].substring(dash + 1), 16), tf && f[1].charAt(
					1) == '-');
		}

		void field(String line) {
			if (line.startsWith("Rss:")) rss = kibibytes(line);
			else if (line.startsWith("Anonymous:")) anonymous = kibibytes(line);
			else if (line.startsWith("Swap:")) swap = kibibytes(line);
		}

		boolean advisable() {
			return tfReadOnly && rss > 0 && anonymous == 0 && swap == 0;
		}

		Mapping mapping() {
			return new Mapping(start, end, rss * 1024);
		}

		private static boolean isHex(String s, int from, int to) {
			if (from >= to) return false;
			for (int i = from; i < to; i++)
				if (Character.digit(s.charAt(i), 16) < 0) return false;
			return true;
		}

		/** {@code Name:   123 kB}; -1 when it does not read so. */
		private static long kibibytes(String line) {
			String[] f = line.trim().split(" +");
			if (f.length != 3 || !f[2].equals("kB")) return -1;
			try {
				return Long.parseLong(f[1]);
			}
			catch (NumberFormatException e) {
				return -1;
			}
		}
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
