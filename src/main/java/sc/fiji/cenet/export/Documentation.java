
package sc.fiji.cenet.export;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.predict.PredictionSettings;

/**
 * The package's documentation.md: the model, its data, its training history and
 * how to use it.
 */
final class Documentation {

	/** Metadata too long or too internal for the documentation. */
	private static final String[] SKIPPED = { "history_csv" };

	private Documentation() {}

	static String markdown(TrainedModel model, BioImageIoExport.Description d,
		Normalization normalization, Preprocessing preprocessing,
		SavedModelExport.Written graph, int halo, int testHeight, int testWidth)
	{
		CENetConfig config = model.config();
		StringBuilder md = new StringBuilder();
		md.append("# ").append(d.name).append("\n\n").append(d.description).append(
			"\n\n");
		md.append("Authors: ").append(String.join(", ", d.authors)).append(
			". Licence: ").append(d.license).append(".\n\n");

		md.append("## Model\n\n");
		md.append(
			"CE-Net (context encoder network; Gu et al., IEEE TMI 2019) for 2D segmentation: a ResNet-34 encoder, ")
			.append(
				"dense atrous convolution and residual multi-kernel pooling blocks, and a decoder. ")
			.append(config.inputChannels()).append(" input channel(s), ").append(
				config.classes()).append(config.classes() == 1
					? " class (sigmoid foreground probability).\n\n"
					: " classes (softmax over the channels).\n\n");
		md.append("Exported with CE-Net for Fiji (").append(
			BioImageIoExport.PLUGIN_URL).append(")").append(d.source == null ? ""
				: " from the model file `" + d.source + "`").append(".\n\n");

		md.append("## Input and output\n\n");
		md.append("- Input `").append(BioImageIoExport.INPUT_ID).append(
			"`: axes (batch, channel, y, x), float32, raw ").append("intensities, ")
			.append(config.inputChannels() == 3 ? "channels in R, G, B order"
				: "one gray channel").append(". Height and width: at least ").append(
					CENetConfig.MIN_SIZE).append(" and multiples of ").append(
						CENetConfig.SIZE_MULTIPLE).append(".\n");
		md.append("- Preprocessing (in rdf.yaml): ").append(normalization).append(
			", as ").append(normalization.kind() == Normalization.Kind.SCALE
				? "`scale_linear` (gain " + preprocessing.gain() + ", offset " +
					preprocessing.offset() + ")"
				: "`scale_range` per sample and channel, then `scale_linear` (gain " +
					preprocessing.gain() + ", offset " + preprocessing.offset() + ")")
			.append(".\n");
		md.append("- Inside the network graph: ").append("BGR".equalsIgnoreCase(
			model.channelOrder()) && config.inputChannels() == 3
				? "the channels are reversed to B, G, R (the model was trained on OpenCV's order), "
				: "").append("the network, and ").append(config.classes() == 1
					? "the sigmoid" : "the softmax").append(".\n");
		md.append("- Output `").append(BioImageIoExport.OUTPUT_ID).append(
			"`: axes (batch, channel, y, x), float32 ").append(
				"probabilities in [0, 1], as large as the input; channels ").append(
					String.join(", ", model.classNames())).append(".\n");
		md.append("- Tiling: trained on ").append(model.trainingSize()).append(
			" x ").append(model.trainingSize()).append(
				" crops. The plugin predicts large images in tiles of that size overlapping by ")
			.append(PredictionSettings.defaultOverlap(model.trainingSize())).append(
				" pixels; the output halo of ").append(halo).append(
					" pixels per side is half that overlap.\n");
		md.append("- Test tensors: a ").append(testWidth).append(" x ").append(
			testHeight).append(
				" image and the exported SavedModel's prediction for it.\n\n");

		md.append("## Training data and settings\n\n");
		Properties p = model.metadata();
		TreeSet<String> keys = new TreeSet<>(p.stringPropertyNames());
		for (String skip : SKIPPED)
			keys.remove(skip);
		if (keys.isEmpty()) md.append("No training metadata were recorded.\n\n");
		else {
			md.append(
				"As recorded in the model file:\n\n| key | value |\n|---|---|\n");
			for (String k : keys)
				md.append("| ").append(cell(k)).append(" | ").append(cell(p.getProperty(
					k))).append(" |\n");
			md.append('\n');
		}

		md.append("## Training history\n\n");
		TrainingHistory h = model.history();
		if (h.isEmpty()) md.append(
			"No training history was recorded (e.g. weights imported from PyTorch).\n\n");
		else {
			md.append(h.size()).append(
				" epochs.\n\n| | epoch | train loss | val loss | val Dice | val AUC | learning rate |\n")
				.append("|---|---|---|---|---|---|---|\n");
			row(md, "first", Optional.of(h.epochs().get(0)));
			row(md, "best", h.bestEpoch());
			row(md, "last", h.last());
			md.append('\n');
		}

		md.append("# Validation\n\n");
		String calibrated = p.getProperty(TrainedModel.VALIDATION_DICE_CALIBRATED),
				auc = p.getProperty(TrainedModel.VALIDATION_AUC);
		md.append(calibrated == null
			? "No validation figures were recorded with the model. "
			: "On its validation images, predicted as CE-Net Predict predicts them, the model reached a Dice of " +
				String.format(Locale.ROOT, "%.4f", Double.parseDouble(calibrated)) +
				" at its threshold " + model.threshold() + (auc == null ? ""
					: " and an AUC of " + String.format(Locale.ROOT, "%.4f", Double
						.parseDouble(auc))) + ". ");
		md.append(
			"To validate it on your own images, predict images with ground-truth masks that were not used in " +
				"training (in Fiji: CE-Net Predict Folder, or this package in deepImageJ) and compare the masks at the " +
				"threshold above with the ground truth (CE-Net Evaluate gives Dice, IoU, sensitivity, specificity, AUC " +
				"and HD95 per image, with their mean and standard deviation). The test tensors of this package check the " +
				"export itself: the SavedModel reproduces `test_output.npy` from `test_input.npy`.\n\n");

		md.append("## Exported graph\n\n");
		md.append("TensorFlow ").append(org.tensorflow.TensorFlow.version()).append(
			" (TensorFlow Java), tag `").append(SavedModelExport.TAG).append(
				"`, signature `").append(SavedModelExport.SIGNATURE_KEY).append(
					"`. Ops: ").append(String.join(", ", graph.ops())).append(". ")
			.append(graph.strippedAttributes()).append(
				" default-valued attributes were stripped so that older TensorFlow 2 runtimes can load it.\n\n");

		md.append("## Citation\n\n");
		md.append("- ").append(BioImageIoExport.CENET_TEXT).append(
			" https://doi.org/").append(BioImageIoExport.CENET_DOI).append(
				"\n- CE-Net for Fiji: ").append(BioImageIoExport.PLUGIN_URL).append(
					'\n');
		if (d.cite != null) md.append("- ").append(d.cite).append('\n');
		return md.toString();
	}

	private static void row(StringBuilder md, String label,
		Optional<TrainingHistory.Epoch> epoch)
	{
		if (!epoch.isPresent()) return;
		TrainingHistory.Epoch e = epoch.get();
		md.append("| ").append(label).append(" | ").append(e.number()).append(" | ")
			.append(num(e.trainLoss())).append(" | ").append(num(e.valLoss())).append(
				" | ").append(num(e.valDice())).append(" | ").append(num(e.valAuc()))
			.append(" | ").append(num(e.learningRate())).append(" |\n");
	}

	private static String num(double v) {
		return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
	}

	private static String cell(String s) {
		return s.replace("|", "\\|").replace("\n", " ");
	}
}
