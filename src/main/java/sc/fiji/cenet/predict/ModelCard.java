
package sc.fiji.cenet.predict;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.TrainingHistory;

/**
 * What a model file says about itself, as the lines of a model card: the
 * network, how images are prepared and predicted, the threshold and how it was
 * calibrated, how the model was trained and its validation figures. Read from
 * the model's metadata and history; nothing is computed.
 */
public final class ModelCard {

	private final Map<String, String> lines = new LinkedHashMap<>();
	private final TrainedModel model;

	public ModelCard(final TrainedModel model) {
		this.model = model;
		final String names = String.join(", ", model.classNames());
		lines.put("architecture",
			"CE-Net (ResNet-34 encoder, dense atrous convolution and residual multi-kernel " +
				"pooling blocks, decoder), " + model.config().inputChannels() +
				" input channel" + (model.config().inputChannels() == 1 ? "" : "s") +
				", " + model.config().classes() + (model.config().classes() == 1
					? " class (sigmoid)" : " classes (softmax)") + ": " + names);
		final Normalization n = NetworkInput.normalizationOf(model);
		lines.put("normalization", n == null
			? "by the bit depth of each image (not recorded)" : n.toString());
		lines.put("channel_order", model.channelOrder());
		final String sampling = model.metadata("training.sampling");
		lines.put("training_size", model.trainingSize() + " x " + model
			.trainingSize() + (sampling == null ? "" : sampling.equals("crop")
				? ", trained on random crops at the images' own scale"
				: ", trained on whole images resized"));
		lines.put("prediction", "mode=auto predicts " + (PredictionMode.recordedBy(
			model) == PredictionMode.RESIZE ? "whole images resized to " + model
				.trainingSize() : "tiles of " + model.trainingSize() +
					" at the image's own scale, blended"));
		lines.put("threshold", model.threshold() + " (" + thresholdSource() + ")");
		lines.put("training", training());
		final TrainingHistory history = model.history();
		lines.put("epochs", history.isEmpty()
			? "no history (imported or written by another tool)" : "history of " +
				history.size() + " epochs; the weights are those of epoch " + or(
					TrainedModel.TRAINING_EPOCH, Integer.toString(history.last().get()
						.number())));
		lines.put("validation", validation());
		if (model.metadata("imported_from") != null) lines.put("imported_from",
			model.metadata("imported_from"));
	}

	/** The card's lines, key to text, in order. */
	public Map<String, String> lines() {
		return new LinkedHashMap<>(lines);
	}

	/** The card as text, one {@code key: text} line each. */
	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder();
		lines.forEach((k, v) -> s.append(k).append(": ").append(v).append('\n'));
		return s.toString();
	}

	private String thresholdSource() {
		if (!model.hasThreshold()) return model.config().classes() > 1
			? "several classes: masks take the most " + "probable class"
			: "the default: no threshold was calibrated (imported, trained without validation " +
				"images, or written before calibration)";
		final String calibrated = model.metadata(
			TrainedModel.VALIDATION_DICE_CALIBRATED), half = model.metadata(
				TrainedModel.VALIDATION_DICE_AT_HALF);
		return "calibrated on the validation images" + (model.metadata(
			TrainedModel.PREDICTION_MODE) != null ? " as CE-Net Predict predicts them"
				: "") + (calibrated == null ? "" : ": Dice " + fmt(calibrated) +
					(half == null ? "" : ", at 0.5 " + fmt(half)));
	}

	private String training() {
		if (model.metadata("training.loss") == null) return "not recorded";
		final StringBuilder s = new StringBuilder();
		append(s, "loss", "training.loss");
		append(s, "schedule", "training.schedule");
		append(s, "learning_rate", "training.learning_rate");
		append(s, "batch_size", "training.batch_size");
		append(s, "epochs", "training.epochs");
		append(s, "time_limit", "training.time_limit");
		append(s, "augmentation", "training.augmentation");
		append(s, "seed", "training.seed");
		append(s, "training images", "training.images");
		append(s, "validation images", "training.validation_images");
		return s.toString();
	}

	private String validation() {
		final StringBuilder s = new StringBuilder();
		if (model.metadata(TrainedModel.VALIDATION_DICE_CALIBRATED) != null) s
			.append("Dice ").append(fmt(model.metadata(
				TrainedModel.VALIDATION_DICE_CALIBRATED))).append(" at the threshold");
		if (model.metadata(TrainedModel.VALIDATION_DICE_AT_HALF) != null) s.append(s
			.length() == 0 ? "" : ", ").append("Dice ").append(fmt(model.metadata(
				TrainedModel.VALIDATION_DICE_AT_HALF))).append(" at 0.5");
		if (model.metadata(TrainedModel.VALIDATION_MEAN_DICE) != null) s.append(s
			.length() == 0 ? "" : ", ").append("mean foreground Dice ").append(fmt(
				model.metadata(TrainedModel.VALIDATION_MEAN_DICE)));
		if (model.metadata(TrainedModel.VALIDATION_AUC) != null) s.append(s
			.length() == 0 ? "" : ", ").append("AUC ").append(fmt(model.metadata(
				TrainedModel.VALIDATION_AUC)));
		return s.length() == 0 ? "not recorded" : s.toString();
	}

	private void append(final StringBuilder s, final String label,
		final String key)
	{
		final String v = model.metadata(key);
		if (v == null) return;
		s.append(s.length() == 0 ? "" : ", ").append(label).append(' ').append(v);
	}

	private String or(final String key, final String fallback) {
		final String v = model.metadata(key);
		return v == null ? fallback : v;
	}

	private static String fmt(final String number) {
		try {
			return String.format(Locale.ROOT, "%.4f", Double.parseDouble(number));
		}
		catch (final NumberFormatException e) {
			return number;
		}
	}
}
