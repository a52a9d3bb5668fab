
package sc.fiji.cenet.train;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.data.ImagePair;
import sc.fiji.cenet.io.Sha256;

/**
 * Every setting that changes what a training run computes, by its Train key,
 * and what its input files hold (names and sizes, digested): a checkpoint
 * records it, and a run resumes only a checkpoint of the same fingerprint, so
 * two runs are never mixed. Left out: what does not change the training
 * ({@code use_gpu}, {@code if_model_exists}) and where the folders are (moving
 * them is the same run).
 */
final class RunFingerprint {

	private final Map<String, String> values = new LinkedHashMap<>();

	private RunFingerprint() {}

	/**
	 * @param training the training pairs; {@code validation}: the validation
	 *          pairs (split off or separate)
	 * @param inputChannels the network's input channels
	 */
	static RunFingerprint of(TrainingSettings s, List<ImagePair> training,
		List<ImagePair> validation, int inputChannels)
	{
		RunFingerprint f = new RunFingerprint();
		f.put("image_folder", digest(training, ImagePair::image));
		f.put("mask_folder", digest(training, ImagePair::mask));
		f.put("fov_folder", digest(training, ImagePair::fov));
		f.put("validation images", digest(validation, ImagePair::image));
		f.put("validation masks", digest(validation, ImagePair::mask));
		f.put("validation fovs", digest(validation, ImagePair::fov));
		f.put("classes", Integer.toString(s.classes()));
		f.put("input channels", Integer.toString(inputChannels));
		f.put("training_size", Integer.toString(s.trainingSize()));
		f.put("batch_size", Integer.toString(s.batchSize()));
		f.put("epochs", Integer.toString(s.epochs()));
		f.put("time_limit", Double.toString(s.timeLimitMinutes()));
		f.put("learning_rate", Double.toString(s.learningRate()));
		f.put(ScheduleKind.KEY, s.schedule().key());
		f.put("loss", s.loss().key());
		f.put("augmentation", s.augmentation().toString());
		f.put("sampling", s.sampling().name().toLowerCase(Locale.ROOT));
		f.put("seed", Long.toString(s.seed()));
		f.put("encoder_weights", fileDigest(s.encoderWeights() == null ? null : s
			.encoderWeights().toFile()));
		f.put("initial_model", fileDigest(s.initialModel() == null ? null : s
			.initialModel().toFile()));
		f.put("freeze_encoder", Boolean.toString(s.freezeEncoder()));
		// set by scripts only (no Train key), but they change the run as well
		f.put("validation_interval", Integer.toString(s.validationInterval()));
		f.put("patience", Integer.toString(s.patience()));
		f.put("stop_patience", Integer.toString(s.stopPatience()));
		f.put("min_learning_rate", Double.toString(s.minLearningRate()));
		return f;
	}

	private void put(String key, String value) {
		values.put(key, value);
	}

	/** Writes each value under {@link RunFiles#RUN_PREFIX}. */
	void write(Properties checkpoint) {
		values.forEach((k, v) -> checkpoint.setProperty(RunFiles.RUN_PREFIX + k,
			v));
	}

	/**
	 * Why a checkpoint is not of this run: every key whose value differs, with
	 * both values where they read well (all at once, so that one correction
	 * suffices); null when it is.
	 */
	String difference(Properties checkpoint) {
		if (checkpoint.getProperty(RunFiles.RUN_PREFIX + "seed") == null)
			return "it was written by an earlier version of CE-Net for Fiji, which trained differently";
		List<String> differences = new ArrayList<>();
		for (Map.Entry<String, String> e : values.entrySet()) {
			String recorded = checkpoint.getProperty(RunFiles.RUN_PREFIX + e
				.getKey());
			if (e.getValue().equals(recorded)) continue;
			boolean files = e.getKey().contains("folder") || e.getKey().startsWith(
				"validation ") || e.getKey().equals("encoder_weights") || e.getKey()
					.equals("initial_model");
			differences.add(files ? "the files of " + e.getKey() +
				" differ (names or sizes)" : e.getKey() + " was " + readable(e.getKey(),
					recorded) + ", now " + readable(e.getKey(), e.getValue()));
		}
		return differences.isEmpty() ? null : String.join("; ", differences);
	}

	/**
	 * A recorded value as Train's key takes it: the augmentation is recorded in
	 * full (a script may set any), and read by its name where it has one.
	 */
	private static String readable(String key, String value) {
		if (key.equals("augmentation"))
			for (String name : AugmentationSettings.NAMES)
			if (AugmentationSettings.named(name).toString().equals(value))
				return name;
		return value;
	}

	/**
	 * Names and sizes of one side of the pairs, in order, digested; "none"
	 * without files.
	 */
	private static String digest(List<ImagePair> pairs,
		Function<ImagePair, File> side)
	{
		List<File> files = new ArrayList<>();
		for (ImagePair p : pairs)
			if (side.apply(p) != null) files.add(side.apply(p));
		if (files.isEmpty()) return "none";
		StringBuilder text = new StringBuilder();
		for (File f : files)
			text.append(f.getName()).append('\t').append(f.length()).append('\n');
		return sha256(text.toString());
	}

	private static String fileDigest(File f) {
		return f == null ? "none" : sha256(f.getName() + '\t' + f.length());
	}

	/**
	 * 96 bits of the text's SHA-256: plenty to tell runs apart, short in a log
	 * line.
	 */
	private static String sha256(String text) {
		return Sha256.of(text).substring(0, 24);
	}
}
