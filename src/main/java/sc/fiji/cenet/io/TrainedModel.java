
package sc.fiji.cenet.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TrainingHistory;

/**
 * Everything a trained CE-Net needs to be used again: its configuration, its
 * weights (PyTorch layout, complete for the configuration), free-form metadata
 * and the training history. {@link ModelFile} stores it.
 * <p>
 * Metadata keys belong to the packages that write them (e.g.
 * {@code normalization.kind} to the data package); this class only offers typed
 * getters with defaults for the keys used everywhere.
 */
public final class TrainedModel {

	/**
	 * Side length of the tiles the model was trained on; prediction tiles the
	 * same way.
	 */
	public static final String TRAINING_SIZE = "training_size";
	/**
	 * Channel order of the training images, e.g. "RGB" or "BGR" (the reference
	 * code reads BGR).
	 */
	public static final String CHANNEL_ORDER = "channel_order";
	/** Comma-separated name of each output channel. */
	public static final String CLASS_NAMES = "class_names";
	/**
	 * Prefix of the keys under which the trainer or importer records the input
	 * normalisation.
	 */
	public static final String NORMALIZATION_PREFIX = "normalization.";
	/**
	 * The probability threshold of masks (binary models): the one that maximised
	 * the validation Dice, written by the trainer when it had validation images.
	 */
	public static final String THRESHOLD = "threshold";
	/**
	 * How CE-Net Predict's {@code auto} mode predicts with this model:
	 * {@code auto} (tiles of the training size at the image's own scale) or
	 * {@code resize} (the whole image resized to the training size). The trainer
	 * records the way its validation predicted, so the kept epoch and the
	 * calibrated threshold fit the masks Predict makes; models without it predict
	 * as {@code auto}.
	 */
	public static final String PREDICTION_MODE = "prediction.mode";
	/**
	 * The validation Dice of the saved weights at the threshold 0.5 (binary
	 * models with validation images).
	 */
	public static final String VALIDATION_DICE_AT_HALF = "validation.dice_at_0.5";
	/** The validation Dice of the saved weights at {@value #THRESHOLD}. */
	public static final String VALIDATION_DICE_CALIBRATED =
		"validation.dice_calibrated";
	/**
	 * Several classes: the validation's mean Dice of the foreground classes (most
	 * probable class).
	 */
	public static final String VALIDATION_MEAN_DICE =
		"validation.mean_foreground_dice";
	/**
	 * The validation AUC of the saved weights (binary models with validation
	 * images).
	 */
	public static final String VALIDATION_AUC = "validation.auc";
	/** The training epoch whose weights the model holds. */
	public static final String TRAINING_EPOCH = "training.epoch";

	public static final int DEFAULT_TRAINING_SIZE = 448;
	public static final String DEFAULT_CHANNEL_ORDER = "RGB";
	/**
	 * The threshold of models without {@value #THRESHOLD}: imported ones, several
	 * classes, no validation, older files.
	 */
	public static final double DEFAULT_THRESHOLD = 0.5;

	private final CENetConfig config;
	private final StateDict weights;
	private final Properties metadata = new Properties();
	private final TrainingHistory history;

	/**
	 * @param weights complete weights for {@code config} (any order; kept in
	 *          architecture order; the arrays are not copied)
	 * @param metadata copied; only string keys and values are kept
	 * @param history copied
	 * @throws IllegalArgumentException for incomplete or mis-shaped weights, or
	 *           metadata values the typed getters cannot read
	 */
	public TrainedModel(CENetConfig config, StateDict weights,
		Properties metadata, TrainingHistory history)
	{
		this(config, metadata, history, StateDictImport.full(weights, config,
			"model weights"));
	}

	/**
	 * @param checkedWeights complete and checked, or null for a description
	 *          without weights
	 */
	private TrainedModel(CENetConfig config, Properties metadata,
		TrainingHistory history, StateDict checkedWeights)
	{
		this.config = config;
		this.weights = checkedWeights;
		for (String key : metadata.stringPropertyNames())
			this.metadata.setProperty(key, metadata.getProperty(key));
		this.history = history.copy();
		trainingSize();
		classNames();
		threshold();
	}

	/**
	 * A model's configuration, metadata and history without weights (see
	 * {@link #withoutWeights}), for a reader that loads the weights elsewhere one
	 * at a time.
	 *
	 * @throws IllegalArgumentException for metadata values the typed getters
	 *           cannot read
	 */
	public static TrainedModel withoutWeights(CENetConfig config,
		Properties metadata, TrainingHistory history)
	{
		return new TrainedModel(config, metadata, history, null);
	}

	/**
	 * This model's configuration, metadata and history without its weights, for a
	 * holder whose weights already live elsewhere (in a TensorFlow session): it
	 * keeps no second copy of them on the Java heap.
	 */
	public TrainedModel withoutWeights() {
		return weights == null ? this : new TrainedModel(config, metadata, history,
			null);
	}

	/**
	 * Whether {@link #weights} can be read ({@link #withoutWeights} gives a model
	 * that has none).
	 */
	public boolean hasWeights() {
		return weights != null;
	}

	public CENetConfig config() {
		return config;
	}

	/**
	 * The weights in architecture order. Not a copy: do not modify.
	 *
	 * @throws IllegalStateException for a model {@link #withoutWeights}
	 */
	public StateDict weights() {
		if (weights == null) throw new IllegalStateException(
			"this model description holds no weights (they are in " +
				"TensorFlow only): read the model file for them");
		return weights;
	}

	/** A copy of the metadata. */
	public Properties metadata() {
		Properties p = new Properties();
		p.putAll(metadata);
		return p;
	}

	/** One metadata value, or null. */
	public String metadata(String key) {
		return metadata.getProperty(key);
	}

	/** A copy of the training history. */
	public TrainingHistory history() {
		return history.copy();
	}

	/** {@value #TRAINING_SIZE}, default {@value #DEFAULT_TRAINING_SIZE}. */
	public int trainingSize() {
		String v = metadata.getProperty(TRAINING_SIZE);
		if (v == null) return DEFAULT_TRAINING_SIZE;
		try {
			int size = Integer.parseInt(v.trim());
			if (size > 0) return size;
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException("metadata " + TRAINING_SIZE +
			" must be a positive integer, not '" + v + "'");
	}

	/**
	 * {@value #THRESHOLD}: foreground where the probability is at least this;
	 * default {@value #DEFAULT_THRESHOLD}.
	 */
	public double threshold() {
		return threshold(metadata);
	}

	/**
	 * {@value #THRESHOLD} of model metadata, e.g. from
	 * {@link ModelFile#loadMetadata}; default {@value #DEFAULT_THRESHOLD}.
	 *
	 * @throws IllegalArgumentException unless it is a number in [0, 1]
	 */
	public static double threshold(Properties metadata) {
		String v = metadata.getProperty(THRESHOLD);
		if (v == null) return DEFAULT_THRESHOLD;
		try {
			double t = Double.parseDouble(v.trim());
			if (t >= 0 && t <= 1) return t;
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException("metadata " + THRESHOLD +
			" must be a number in [0, 1], not '" + v + "'");
	}

	/**
	 * Whether the model records its own {@value #THRESHOLD}, rather than using
	 * {@value #DEFAULT_THRESHOLD}.
	 */
	public boolean hasThreshold() {
		return metadata.getProperty(THRESHOLD) != null;
	}

	/** {@value #CHANNEL_ORDER}, default {@value #DEFAULT_CHANNEL_ORDER}. */
	public String channelOrder() {
		return metadata.getProperty(CHANNEL_ORDER, DEFAULT_CHANNEL_ORDER).trim();
	}

	/**
	 * One name per output channel, from {@value #CLASS_NAMES}; by default
	 * "foreground" for a 1-class (sigmoid) model and "class0".."classN-1"
	 * otherwise.
	 */
	public List<String> classNames() {
		String v = metadata.getProperty(CLASS_NAMES);
		List<String> names = new ArrayList<>();
		if (v == null) {
			if (config.classes() == 1) names.add("foreground");
			else for (int c = 0; c < config.classes(); c++)
				names.add("class" + c);
		}
		else {
			for (String n : v.split(",", -1))
				names.add(n.trim());
			if (names.size() != config.classes()) throw new IllegalArgumentException(
				"metadata " + CLASS_NAMES + " '" + v + "' names " + names.size() +
					" classes, the model has " + config.classes());
		}
		return Collections.unmodifiableList(names);
	}

	@Override
	public String toString() {
		return "TrainedModel[" + config + ", " + history.size() + " epochs]";
	}
}
