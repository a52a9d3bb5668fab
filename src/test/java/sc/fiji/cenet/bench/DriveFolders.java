
package sc.fiji.cenet.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.SharedData;
import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.data.TrainingSet;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * The DRIVE training images and masks the benchmarks read, found by
 * {@link SharedData}.
 */
final class DriveFolders {

	final File images, masks;

	private DriveFolders(File training) {
		images = new File(training, "images");
		masks = new File(training, "1st_manual");
	}

	/**
	 * The 20 image-mask pairs, loaded as the trainer loads them (binary masks).
	 */
	List<TrainingSample> samples() throws IOException {
		return TrainingSet.load(ImagePairing.pair(images, masks).requirePairs(), 1,
			ProgressListener.NONE).samples();
	}

	/**
	 * A folder {@code dir} with {@code images/} and {@code masks/} holding links
	 * to DRIVE images [from, to) of {@code names} (sorted image file names) and
	 * their masks.
	 */
	File subset(String[] names, int from, int to, Path dir) throws IOException {
		Files.createDirectories(dir.resolve("images"));
		Files.createDirectories(dir.resolve("masks"));
		String[] maskNames = masks.list();
		for (int i = from; i < to; i++) {
			String number = names[i].substring(0, names[i].indexOf('_'));
			Files.createSymbolicLink(dir.resolve("images").resolve(names[i]), images
				.toPath().toAbsolutePath().resolve(names[i]));
			for (String m : maskNames)
				if (m.startsWith(number + "_")) Files.createSymbolicLink(dir.resolve(
					"masks").resolve(m), masks.toPath().toAbsolutePath().resolve(m));
		}
		return dir.toFile();
	}

	/** The image file names, sorted. */
	String[] imageNames() {
		String[] all = images.list();
		java.util.Arrays.sort(all);
		return all;
	}

	/** The folders, or null after printing why the benchmark skips. */
	static DriveFolders findOrSaySkip() {
		File training = SharedData.driveTraining();
		if (training != null) return new DriveFolders(training);
		System.out.println("SKIP: DRIVE not found under " + SharedData.searched() +
			" (set -Dcenet.shared=/path/to/shared)");
		return null;
	}
}
