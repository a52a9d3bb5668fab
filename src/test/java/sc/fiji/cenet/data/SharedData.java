
package sc.fiji.cenet.data;

import java.io.File;

/**
 * Finds the shared DRIVE data: under the system property {@code cenet.shared}
 * (default {@code ../shared}, relative to the project), else
 * {@code /work/shared}. The data is never part of the repository; tests that
 * need it skip without it.
 */
public final class SharedData {

	private SharedData() {}

	/** The DRIVE {@code training} folder, or null. */
	public static File driveTraining() {
		for (String root : roots()) {
			File training = new File(root, "data/DRIVE/training");
			if (new File(training, "images").isDirectory() && new File(training,
				"1st_manual").isDirectory()) return training;
		}
		return null;
	}

	public static String searched() {
		return String.join(" and ", roots());
	}

	private static String[] roots() {
		return new String[] { System.getProperty("cenet.shared", "../shared"),
			"/work/shared" };
	}
}
