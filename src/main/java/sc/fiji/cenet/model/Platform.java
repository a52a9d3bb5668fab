
package sc.fiji.cenet.model;

import java.util.Locale;

/**
 * The operating system and processor architecture this JVM runs on, for the
 * choices made about TF's native library (its oneDNN switch, its pages).
 */
final class Platform {

	private Platform() {}

	static boolean linux() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
			.startsWith("linux");
	}

	static boolean x86_64() {
		String arch = System.getProperty("os.arch", "");
		return arch.equals("amd64") || arch.equals("x86_64");
	}

	static boolean aarch64() {
		return System.getProperty("os.arch", "").equals("aarch64");
	}
}
