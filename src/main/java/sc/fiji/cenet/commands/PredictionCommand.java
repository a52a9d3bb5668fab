
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.util.Map;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.predict.OutputKind;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.service.CENetModelService;

/**
 * The model and prediction options shared by {@link PredictCommand} and
 * {@link PredictFolderCommand}. Field names are the macro keys.
 */
abstract class PredictionCommand extends ContextCommand {

	static final String[] MODES = PredictionOptions.MODES;

	@Parameter(required = false)
	private StatusService status;

	@Parameter
	private CENetModelService models;

	@Parameter(required = false)
	private LogService log;

	@Parameter(style = "open", persist = false,
		description = "The trained model (.cenet file)")
	private File model_file;

	@Parameter(choices = { "auto", "probabilities", "mask", "labels" },
		persist = false,
		description = "auto: probabilities for a 1-class model, labels for several classes")
	private String output = OutputKind.AUTO;

	@Parameter(choices = { "auto", "tiled", "resize" }, persist = false,
		description = "auto: tiles where the image is larger than a tile; resize: the whole image " +
			"scaled to one tile, as the reference CE-Net")
	private String mode = "auto";

	@Parameter(persist = false,
		description = "Tile side in pixels, a multiple of 32 and at least 192; 0 = the model's training size")
	private int tile_size = 0;

	@Parameter(persist = false,
		description = "Pixels shared by neighbouring tiles; -1 = a quarter of the tile")
	private int overlap = -1;

	@Parameter(persist = false,
		description = "Test-time augmentation: average the 8 rotations and flips (8x slower)")
	private boolean tta = false;

	@Parameter(persist = false,
		description = "Foreground where the probability is at least this (mask and 1-class labels); " +
			"-1 = the model's (calibrated in training; 0.5 for models without one)")
	private double threshold = PredictionOptions.MODEL_THRESHOLD;

	@Parameter(persist = false,
		description = "Run TensorFlow on an NVIDIA GPU when one is usable")
	private boolean use_gpu = false;

	@Parameter(persist = false,
		description = "Average colour to gray, or replicate gray to colour, when the model expects other channels")
	private boolean convert_channels = true;

	/** Title for messages and the status bar, e.g. "CE-Net Predict". */
	abstract String title();

	/** The options as one value, shared with predictions outside the commands. */
	PredictionOptions options() {
		return new PredictionOptions(model_file, output, mode, tile_size, overlap,
			tta, threshold, use_gpu, convert_channels);
	}

	/** Adds the checks of the options shared by both commands. */
	void checkOptions(final InputProblems problems) {
		options().check(problems);
	}

	/**
	 * The model, open in TensorFlow (after checking its version); close the
	 * lease.
	 */
	CENetModelService.Lease openModel(final CommandProgress progress) {
		TensorFlowVersionCheck.require(progress);
		final String device = sc.fiji.cenet.model.DevicePlacement.describe(use_gpu);
		// asked for a GPU: the Log says whether it got one, as CE-Net Train's;
		// else the console only, for Predict's one line per image
		if (use_gpu) progress.log(device);
		else if (log != null) log.info(device);
		try {
			return models.open(model_file, use_gpu);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("cannot read model_file: " + e
				.getMessage(), e);
		}
	}

	/**
	 * The settings for a model: the tile size defaults to the size it was trained
	 * on, the threshold to the model's.
	 */
	PredictionSettings settings(final TrainedModel model) {
		return options().settings(model);
	}

	/** See {@link PredictionOptions#provenance}. */
	Map<String, String> provenance(final OutputKind kind,
		final TrainedModel model)
	{
		return options().provenance(kind, model);
	}

	CommandProgress progress() {
		return new CommandProgress(status, log, this, title() + ": ");
	}
}
