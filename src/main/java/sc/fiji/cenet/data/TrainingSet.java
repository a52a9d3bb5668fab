
package sc.fiji.cenet.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import sc.fiji.cenet.progress.ProgressListener;

/**
 * The training examples read from image/mask pairs, with the warnings found
 * while reading them. A mask without foreground is a warning, not an error:
 * some images truly show nothing to segment.
 */
public final class TrainingSet {

	private final List<TrainingSample> samples;
	private final List<String> warnings;

	public TrainingSet(List<TrainingSample> samples, List<String> warnings) {
		this.samples = Collections.unmodifiableList(new ArrayList<>(samples));
		this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
	}

	/**
	 * Reads every pair into memory.
	 *
	 * @param classes 1 for binary masks, N > 1 for label masks 0..N-1
	 * @throws IOException when a file cannot be read
	 * @throws IllegalArgumentException naming the files when sizes differ, a
	 *           label is out of range, a file holds a stack or an image holds NaN
	 *           or infinite pixels
	 * @throws sc.fiji.cenet.progress.CancelledException when the listener cancels
	 */
	public static TrainingSet load(List<ImagePair> pairs, int classes,
		ProgressListener listener) throws IOException
	{
		if (pairs.isEmpty()) throw new IllegalArgumentException(
			"no image/mask pairs to load");
		List<TrainingSample> samples = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		TreeSet<Integer> bitDepths = new TreeSet<>();
		for (int i = 0; i < pairs.size(); i++) {
			listener.checkCancelled();
			ImagePair pair = pairs.get(i);
			listener.progress((double) i / pairs.size(), "Reading " + pair.image()
				.getName());
			TrainingSample sample = read(pair, classes);
			if (!Masks.hasForeground(sample.labels())) warnings.add("mask " + pair
				.mask().getName() + " has no foreground (image " + pair.image()
					.getName() + ")");
			else if (!Masks.hasBackground(sample.labels())) warnings.add(Masks
				.noBackgroundWarning(pair.mask().getName() + " (image " + pair.image()
					.getName() + ")"));
			if (sample.hasFov() && !Masks.hasForeground(sample.fov())) warnings.add(
				"field-of-view mask " + pair.fov().getName() + " is empty: " + pair
					.image().getName() + " contributes nothing to training");
			bitDepths.add(sample.bitDepth());
			samples.add(sample);
		}
		if (bitDepths.size() > 1) warnings.add(
			"the images have different bit depths " + bitDepths +
				"; one normalisation is used for all of them");
		// the same reader loads the validation images
		listener.progress(1, "Read " + samples.size() + (samples.size() == 1
			? " image" : " images"));
		return new TrainingSet(samples, warnings);
	}

	/** Reads one pair; see {@link #load}. */
	public static TrainingSample read(ImagePair pair, int classes)
		throws IOException
	{
		LoadedImage image = ImageFileReader.read(pair.image());
		requireFinite(image);
		LoadedImage mask = ImageFileReader.readMask(pair.mask());
		Masks.requireSameSize(image, mask);
		Img<UnsignedByteType> labels = Masks.toLabels(mask, classes);
		Img<UnsignedByteType> fov = null;
		if (pair.hasFov()) {
			LoadedImage fovMask = ImageFileReader.readMask(pair.fov());
			Masks.requireSameSize(image, fovMask);
			fov = Masks.toBinary(fovMask);
		}
		return TrainingSample.of(image.name(), image.image(), image.bitDepth(),
			labels, fov);
	}

	/**
	 * NaN pixels make the loss NaN and training stop after epoch 0 without saying
	 * why.
	 */
	private static void requireFinite(LoadedImage image) {
		if (image.bitDepth() != 32) return; // only float images hold NaN or
																				// infinity
		Cursor<FloatType> c = image.image().localizingCursor();
		while (c.hasNext()) {
			float v = c.next().get();
			if (Float.isFinite(v)) continue;
			throw new IllegalArgumentException("image " + image.name() + " holds " +
				(Float.isNaN(v) ? "NaN" : "infinite") + " pixels, e.g. at (" + c
					.getLongPosition(0) + ", " + c.getLongPosition(1) +
				"); replace them (Process > Math > " +
				"Remove NaNs) or leave the image out of training");
		}
	}

	public List<TrainingSample> samples() {
		return samples;
	}

	public List<String> warnings() {
		return warnings;
	}

	public int size() {
		return samples.size();
	}
}
