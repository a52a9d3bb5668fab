
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.util.Properties;

import org.junit.Test;

import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.predict.OutputKind;

/**
 * The line CE-Net Predict logs: which model, output, threshold (whose), mode
 * and tiles.
 */
public class PredictionOptionsTest {

	private static final File MODEL = new File("/models/vessels.cenet");

	private static TrainedModel model(final int classes, final String threshold,
		final String mode)
	{
		final Properties metadata = new Properties();
		metadata.setProperty(TrainedModel.TRAINING_SIZE, "192");
		if (threshold != null) metadata.setProperty(TrainedModel.THRESHOLD,
			threshold);
		if (mode != null) metadata.setProperty(TrainedModel.PREDICTION_MODE, mode);
		return TrainedModel.withoutWeights(new CENetConfig(3, classes), metadata,
			new TrainingHistory());
	}

	private static PredictionOptions options(final String output,
		final String mode, final double threshold, final boolean tta)
	{
		return new PredictionOptions(MODEL, output, mode, 0, -1, tta, threshold,
			false, true);
	}

	@Test
	public void summaryNamesTheThresholdUsedAndWhoseItIs() {
		final TrainedModel calibrated = model(1, "0.43", null);
		assertEquals("model " + MODEL.getPath() +
			", output mask, threshold 0.43 (the model's), mode " +
			"auto, tiles of 192 px overlapping by 48 px", options("mask", "auto",
				PredictionOptions.MODEL_THRESHOLD, false).summary(OutputKind.MASK,
					calibrated));
		assertEquals("model " + MODEL.getPath() +
			", output labels, threshold 0.3 (given), mode tiled, " +
			"tiles of 192 px overlapping by 48 px, test-time augmentation", options(
				"labels", "tiled", 0.3, true).summary(OutputKind.LABELS, calibrated));
		// probabilities use none; the model's is the one to binarise them with
		assertEquals("model " + MODEL.getPath() +
			", output probabilities, no threshold (the model's " +
			"is 0.43), mode auto, tiles of 192 px overlapping by 48 px",
			new PredictionOptions(MODEL).summary(OutputKind.PROBABILITIES,
				calibrated));
		assertEquals("model " + MODEL.getPath() +
			", output mask, threshold 0.5 (the model's), mode " +
			"resize, the image resized to one tile of 192 px", options("mask", "auto",
				PredictionOptions.MODEL_THRESHOLD, false).summary(OutputKind.MASK,
					model(1, null, "resize")));
		assertEquals("model " + MODEL.getPath() +
			", output labels, mode auto, tiles of 192 px " + "overlapping by 48 px",
			new PredictionOptions(MODEL).summary(OutputKind.LABELS, model(3, null,
				null)));
	}
}
