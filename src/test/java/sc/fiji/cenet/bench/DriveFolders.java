package sc.fiji.cenet.bench;

import java.io.File;
import java.io.IOException;
import java.util.List;

import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.SharedData;
import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.data.TrainingSet;
import sc.fiji.cenet.progress.ProgressListener;

/** The DRIVE training images and masks the benchmarks read, found by {@link SharedData}. */
final class DriveFolders {
	final File images, masks;

	private DriveFolders(File training) {
		images = new File(training, "images");
		masks = new File(training, "1st_manual");
	}

	/** The 20 image-mask pairs, loaded as the trainer loads them (binary masks). */
	List<TrainingSample> samples() throws IOException {
		return TrainingSet.load(ImagePairing.pair(images, masks).requirePairs(), 1, ProgressListener.NONE).samples();
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
