package sc.fiji.cenet.bench;

import java.io.File;

import sc.fiji.cenet.data.SharedData;

/** The DRIVE training images and masks the benchmarks read, found by {@link SharedData}. */
final class DriveFolders {
	final File images, masks;

	private DriveFolders(File training) {
		images = new File(training, "images");
		masks = new File(training, "1st_manual");
	}

	/** The folders, or null after printing why the benchmark skips. */
	static DriveFolders findOrSaySkip() {
		File training = SharedData.driveTraining();
		if (training != null) return new DriveFolders(training);
		System.out.println("SKIP: DRIVE not found under " + SharedData.searched()
			+ " (set -Dcenet.shared=/path/to/shared)");
		return null;
	}
}
