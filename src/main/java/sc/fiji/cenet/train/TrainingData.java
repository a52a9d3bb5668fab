
package sc.fiji.cenet.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import sc.fiji.cenet.data.BatchAssembler;
import sc.fiji.cenet.data.ChannelConversion;
import sc.fiji.cenet.data.ChannelOrder;
import sc.fiji.cenet.data.ImagePair;
import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.Names;
import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.data.PairingResult;
import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.data.TrainingSet;
import sc.fiji.cenet.data.ValidationSplit;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.predict.NetworkInput;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * The data step of a run: the image/mask pairs and their split, then the images
 * read, and what the network takes from them (input channels, normalisation,
 * channel order: from the images, or from the model to fine-tune).
 */
final class TrainingData {

	/** The pairs of a run: found and split, nothing read yet. */
	static final class Pairs {

		final List<ImagePair> training, validation;

		private Pairs(List<ImagePair> training, List<ImagePair> validation) {
			this.training = training;
			this.validation = validation;
		}

		/**
		 * Pairs the folders and splits off the validation pairs (by the seed), as
		 * the settings say.
		 */
		static Pairs of(TrainingSettings s, ProgressListener log) {
			PairingResult paired = ImagePairing.pair(s.imageDir(), s.maskDir(), s
				.fovDir());
			List<ImagePair> pairs = paired.requirePairs();
			if (!paired.isComplete()) log.log(paired.summary());
			if (s.validationImageDir() != null) return new Pairs(pairs, ImagePairing
				.pair(s.validationImageDir(), s.validationMaskDir()).requirePairs());
			if (s.validationFraction() > 0 && pairs.size() > 1) {
				ValidationSplit<ImagePair> split = ValidationSplit.byFraction(pairs, s
					.validationFraction(), s.seed());
				return new Pairs(split.training(), split.validation());
			}
			return new Pairs(pairs, Collections.emptyList());
		}
	}

	final List<TrainingSample> training, validation;
	final CENetConfig config;
	final Normalization normalization;
	final ChannelOrder channelOrder;
	/** The model to fine-tune, or null. */
	final TrainedModel initial;

	private TrainingData(List<TrainingSample> training,
		List<TrainingSample> validation, CENetConfig config,
		Normalization normalization, ChannelOrder channelOrder,
		TrainedModel initial)
	{
		this.training = training;
		this.validation = validation;
		this.config = config;
		this.normalization = normalization;
		this.channelOrder = channelOrder;
		this.initial = initial;
	}

	/**
	 * Reads the images of the pairs and the model to fine-tune.
	 *
	 * @throws IllegalArgumentException for images the model to fine-tune does not
	 *           suit (other channels or bit depth)
	 */
	static TrainingData load(TrainingSettings s, Pairs pairs,
		ProgressListener log) throws IOException
	{
		log.progress(0, "Reading " + pairs.training.size() + " training and " +
			pairs.validation.size() + " validation images");
		TrainingSet trainSet = TrainingSet.load(pairs.training, s.classes(), log);
		for (String w : trainSet.warnings())
			log.log("Warning: " + w);
		List<TrainingSample> val = Collections.emptyList();
		if (pairs.validation.isEmpty()) log.log("No validation images" +
			(pairs.training.size() == 1 && s.validationFraction() > 0 && s
				.validationImageDir() == null ? " (one image/mask pair)" : "") +
			": the model is saved whenever the training loss falls" + (s
				.schedule() == ScheduleKind.PLATEAU ? ", and the schedule follows it"
					: ""));
		else {
			TrainingSet valSet = TrainingSet.load(pairs.validation, s.classes(), log);
			for (String w : valSet.warnings())
				log.log("Warning (validation): " + w);
			val = valSet.samples();
		}
		TrainingSample first = trainSet.samples().get(0);
		TrainedModel initial = s.initialModel() == null ? null : ModelFile.load(s
			.initialModel());
		int fromImages = first.channels() >= 3 ? 3 : 1;
		if (initial != null && s.inputChannels() == 0 && fromImages != initial
			.config().inputChannels()) throw new IllegalArgumentException(first
				.name() + " has " + first.channels() + " channel" + (first
					.channels() == 1 ? "" : "s") + " but initial_model " + s
						.initialModel().getFileName() + " takes " + initial.config()
							.inputChannels() +
				": fine-tune on images like the model's, or train a new model");
		// fine-tuning keeps the model's input channels, normalisation and channel
		// order
		int channels = s.inputChannels() != 0 ? s.inputChannels() : fromImages;
		CENetConfig config = new CENetConfig(channels, s.classes());
		Normalization normalization = initial != null ? normalizationOf(s, initial,
			first) : Normalization.defaultFor(first.bitDepth());
		ChannelOrder order = initial != null ? NetworkInput.channelOrderOf(initial)
			: ChannelOrder.RGB;
		// every image, before any training: a 16-bit image among 8-bit ones would
		// otherwise train as x/255 or stop the run at its first validation
		String from = initial != null ? "initial_model " + s.initialModel()
			.getFileName() : "the first training image, " + first.name();
		String valKey = s.validationImageDir() != null ? "validation_image_folder"
			: "image_folder";
		requireConvertible(channels, trainSet.samples(), "image_folder");
		requireConvertible(channels, val, valKey);
		logConversions(channels, trainSet.samples(), "image_folder", log);
		logConversions(channels, val, valKey, log);
		requireSuited(normalization, trainSet.samples(), "image_folder", from);
		requireSuited(normalization, val, valKey, from);
		return new TrainingData(trainSet.samples(), val, config, normalization,
			order, initial);
	}

	/** Training batches as the settings sample and augment them. */
	BatchAssembler trainingAssembler(TrainingSettings s) {
		return BatchAssembler.builder().size(s.trainingSize()).inputChannels(config
			.inputChannels()).normalization(normalization).channelOrder(channelOrder)
			.sampling(s.sampling()).augmentation(s.augmentation()).build();
	}

	/** Every image must give the model its channels, checked before training. */
	private static void requireConvertible(int channels,
		List<TrainingSample> samples, String key)
	{
		for (TrainingSample sample : samples)
			if (!ChannelConversion.canConvert(sample.channels(), channels))
				throw new IllegalArgumentException(sample.name() + " of " + key +
					" has " + sample.channels() + " channels; CE-Net trains on gray " +
					"or RGB images (this model takes " + channels + ") and converts " +
					"only between the two: make the image RGB or gray " +
					"(Image > Color > Stack to RGB, or Image > Type > 8-bit)");
	}

	/** At most this many images are named in a log line. */
	private static final int NAMED = 3;

	/**
	 * Says which images the model sees converted (a 2-channel image as the mean
	 * of its channels, gray copied to R, G and B), since the user chose none of
	 * it.
	 */
	private static void logConversions(int channels, List<TrainingSample> samples,
		String key, ProgressListener log)
	{
		Map<Integer, List<String>> byChannels = new TreeMap<>();
		for (TrainingSample sample : samples)
			if (sample.channels() != channels) byChannels.computeIfAbsent(sample
				.channels(), c -> new ArrayList<>()).add(sample.name());
		byChannels.forEach((have, names) -> log.log(names.size() + " image" + (names
			.size() == 1 ? "" : "s") + " of " + key + " ha" + (names.size() == 1
				? "s " : "ve ") + have + " channel" + (have == 1 ? "" : "s") + " (" +
			Names.listed(names, NAMED) + "); the model takes " + channels + ", so " +
			(channels == 1 ? "it trains on the mean of the channels"
				: "the gray is copied to each channel")));
	}

	private static void requireSuited(Normalization n,
		List<TrainingSample> samples, String key, String from)
	{
		for (TrainingSample sample : samples)
			try {
				n.requireSuited(sample.image(), sample.bitDepth());
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(sample.name() + " of " + key +
					" does not suit the normalisation of " + from + ": " + e.getMessage(),
					e);
			}
	}

	/**
	 * The normalisation of a model to fine-tune; an image it does not suit
	 * (16-bit values for an 8-bit model) is refused, naming both.
	 */
	private static Normalization normalizationOf(TrainingSettings s,
		TrainedModel initial, TrainingSample first)
	{
		Normalization recorded = NetworkInput.normalizationOf(initial);
		Normalization n = recorded != null ? recorded : Normalization.defaultFor(
			first.bitDepth());
		try {
			n.requireSuited(first.image(), first.bitDepth());
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(first.name() +
				" does not suit initial_model " + s.initialModel().getFileName() +
				": " + e.getMessage(), e);
		}
		return n;
	}
}
