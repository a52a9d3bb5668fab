
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.data.SamplingMode;
import sc.fiji.cenet.imagej.HistoryPlot;
import sc.fiji.cenet.io.OutputCheck;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.train.ExistingModel;
import sc.fiji.cenet.train.LossKind;
import sc.fiji.cenet.train.ModelInTheWayException;
import sc.fiji.cenet.train.RunFiles;
import sc.fiji.cenet.train.ScheduleKind;
import sc.fiji.cenet.train.Trainer;
import sc.fiji.cenet.train.TrainingResult;
import sc.fiji.cenet.train.TrainingSettings;

/**
 * Trains CE-Net on a folder of images and a folder of masks paired by file
 * name. The kept model (the validated epoch with the best Dice) is saved to
 * {@code model_file} whenever it improves; next to it go the history
 * ({@code <model>-history.csv} and the plot {@code <model>-history.png}) and a
 * checkpoint ({@code <model file>.checkpoint}) from which an interrupted run
 * resumes. The plot is shown live unless headless or in batch mode.
 * <p>
 * Every range is {@link TrainingSettings}' own (see {@link InputProblems}).
 */
@Plugin(type = Command.class, name = "CE-Net Train", label = "CE-Net Train")
public class TrainCommand extends ContextCommand {

	static final String TITLE = "CE-Net Train";
	static final String[] LOSSES = { "auto", "dice_bce", "dice", "bce",
		"ce_dice" };

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(style = "directory", persist = false,
		description = "Training images")
	private File image_folder;

	@Parameter(style = "directory", persist = false,
		description = "Masks, paired with the images by file name (0 = background)")
	private File mask_folder;

	@Parameter(style = "directory", required = false, persist = false,
		description = "Optional field-of-view masks, paired with the images by file name (nonzero = " +
			"inside): the loss counts only pixels inside")
	private File fov_folder;

	@Parameter(persist = false,
		description = "Share of the pairs held out for validation (without validation folders)")
	private double validation_fraction = 0.2;

	@Parameter(style = "directory", required = false, persist = false,
		description = "Optional separate validation images (then give validation_mask_folder too)")
	private File validation_image_folder;

	@Parameter(style = "directory", required = false, persist = false,
		description = "Masks of the validation images")
	private File validation_mask_folder;

	@Parameter(style = "save", persist = false,
		description = "The model file to write (.cenet)")
	private File model_file;

	@Parameter(persist = false,
		description = "1 for binary masks, N for label masks 0..N-1")
	private int classes = 1;

	@Parameter(persist = false,
		description = "Images are resized to this square size (a multiple of 32)")
	private int training_size = 448;

	@Parameter(persist = false, description = "Images per training step")
	private int batch_size = 2;

	@Parameter(persist = false,
		description = "Passes over the training images: the " +
			"budget the schedule fits (with time_limit, whichever ends first)")
	private int epochs = 300;

	@Parameter(persist = false, description = "Adam's peak learning rate " +
		"(the plateau schedule's initial one)")
	private double learning_rate = 5e-4;

	@Parameter(choices = { "cosine", "plateau" }, persist = false,
		description = "cosine: warm-up, then decay to 0 at the end of the budget (epochs or " +
			"time_limit), keeping the validated epoch of the best Dice; plateau: the reference's " +
			"(halve on a stalled validation loss, stop early)")
	private String schedule = "cosine";

	@Parameter(choices = { "auto", "dice_bce", "dice", "bce", "ce_dice" },
		persist = false,
		description = "auto: dice_bce for 1 class, ce_dice for several")
	private String loss = "auto";

	@Parameter(choices = { "reference", "geometric", "none" }, persist = false,
		description = "geometric: flips and quarter turns only; reference: also shifts, scaling and colour " +
			"changes, as the reference (slower to converge)")
	private String augmentation = "geometric";

	@Parameter(choices = { "resize", "crop" }, persist = false,
		description = "How a training image becomes a training_size square: resize (the whole image " +
			"scaled, as the reference) or crop (a random window at the image's own scale, a new one " +
			"each epoch); validation images are predicted as CE-Net Predict predicts them")
	private String sampling = "resize";

	@Parameter(persist = false,
		description = "Seed of the split, the shuffling and the augmentation")
	private long seed = 42;

	@Parameter(style = "open", required = false, persist = false,
		description = "Optional ResNet-34 or CE-Net state_dict (PyTorch .pth/.pt/.th or .npz) to start the encoder from")
	private File encoder_weights;

	@Parameter(style = "open", required = false, persist = false,
		description = "Optional .cenet model to fine-tune: all its weights, its normalisation and " +
			"channel order are the start (with other classes, only the last convolution starts fresh)")
	private File initial_model;

	@Parameter(persist = false,
		description = "Keep the encoder weights fixed (those of " +
			"encoder_weights or initial_model)")
	private boolean freeze_encoder = false;

	@Parameter(persist = false,
		description = "Run TensorFlow on an NVIDIA GPU when one is usable")
	private boolean use_gpu = false;

	@Parameter(choices = { "resume", "overwrite", "stop" }, persist = false,
		description = "When model_file or its checkpoint exists: resume continues an interrupted run " +
			"with the same settings (and stops rather than replace anything else); overwrite starts " +
			"over; stop refuses")
	private String if_model_exists = "resume";

	@Parameter(persist = false,
		description = "Minutes of training (0 = no limit): the schedule fits them, and training ends " +
			"at the epoch end nearest to them")
	private double time_limit = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "trained_model")
	private File trained_model;

	@Parameter(type = ItemIO.OUTPUT, label = "stop_reason")
	private String stop_reason;

	@Override
	public void run() {
		final TrainingSettings settings = settings();
		final CommandProgress progress = new CommandProgress(status, log, this,
			TITLE + ": ");
		TensorFlowVersionCheck.require(progress);
		final HistoryPlot live = HistoryPlot.forModel(settings.modelFile());
		final TrainingResult result;
		try {
			result = new Trainer(settings).train(new HistoryMonitor(progress, settings
				.historyFile(), live::show));
		}
		catch (final ModelInTheWayException e) {
			// found before any training step: the command's inputs are wrong
			throw new InvalidInputException(e.getMessage());
		}
		catch (final IOException e) {
			throw new IllegalStateException(e.getMessage(), e);
		}
		finally {
			progress.done();
		}
		stop_reason = result.stopReason();
		if (result.modelFile() == null) throw new IllegalStateException(
			"no model was saved: " + stop_reason);
		trained_model = result.modelFile().toFile();
		savePlot(result.history(), plotFile(result.modelFile()), progress);
		progress.log("model of epoch " + result.bestEpoch() + " written to " +
			trained_model + " (" + stop_reason + ")");
	}

	/**
	 * Checks every input, naming the key of each problem, then builds the
	 * settings.
	 */
	private TrainingSettings settings() {
		final boolean separateValidation = InputProblems.isSet(
			validation_image_folder) || InputProblems.isSet(validation_mask_folder);
		// what exists on the disk and the names of choices are the command's to
		// check; every range and
		// cross-key rule is TrainingSettings' (its builder's problems, named by
		// these keys)
		final InputProblems problems = new InputProblems() //
			.imageFolder(image_folder, "image_folder") //
			.imageFolder(mask_folder, "mask_folder") //
			.optionalImageFolder(fov_folder, "fov_folder") //
			.differentFolders(image_folder, "image_folder", mask_folder,
				"mask_folder") //
			.differentFolders(image_folder, "image_folder", fov_folder, "fov_folder") //
			.writableFile(model_file, "model_file") //
			.choice(loss, "loss", LOSSES) //
			.choice(augmentation, "augmentation", AugmentationSettings.NAMES) //
			.choice(sampling, "sampling", "resize", "crop") //
			.choice(schedule, ScheduleKind.KEY, ScheduleKind.keys()) //
			.choice(if_model_exists, ExistingModel.KEY, ExistingModel.NAMES);
		if (separateValidation) problems.imageFolder(validation_image_folder,
			"validation_image_folder").imageFolder(validation_mask_folder,
				"validation_mask_folder").differentFolders(validation_image_folder,
					"validation_image_folder", validation_mask_folder,
					"validation_mask_folder");
		problems.optionalFile(initial_model, "initial_model").optionalFile(
			encoder_weights, "encoder_weights");
		final TrainingSettings.Builder b = TrainingSettings.builder() //
			.imageDir(InputProblems.isSet(image_folder) ? image_folder : null) //
			.maskDir(InputProblems.isSet(mask_folder) ? mask_folder : null) //
			.fovDir(InputProblems.isSet(fov_folder) ? fov_folder : null) //
			.validationFraction(separateValidation ? 0 : validation_fraction) //
			.classes(classes).trainingSize(training_size).batchSize(batch_size)
			.epochs(epochs) //
			.learningRate(learning_rate).seed(seed) //
			.encoderWeights(InputProblems.isSet(encoder_weights) ? encoder_weights
				.toPath() : null) //
			.initialModel(InputProblems.isSet(initial_model) ? initial_model.toPath()
				: null) //
			.freezeEncoder(freeze_encoder).useGpu(use_gpu) //
			.modelFile(InputProblems.isSet(model_file) ? model_file.toPath() : null) //
			.timeLimitMinutes(time_limit);
		// choices with a bad name keep the builder's default: their problem is
		// reported above
		if (problems.isValidChoice(augmentation, AugmentationSettings.NAMES)) b
			.augmentation(AugmentationSettings.named(augmentation));
		if (problems.isValidChoice(sampling, "resize", "crop")) b.sampling("crop"
			.equals(sampling) ? SamplingMode.CROP : SamplingMode.RESIZE);
		if (problems.isValidChoice(schedule, ScheduleKind.keys())) b.schedule(
			ScheduleKind.fromKey(schedule));
		if (problems.isValidChoice(if_model_exists, ExistingModel.NAMES)) b
			.ifModelExists(ExistingModel.fromKey(if_model_exists));
		if (!"auto".equals(loss) && problems.isValidChoice(loss, LOSSES)) b.loss(
			LossKind.fromKey(loss));
		// one of the two unset is named above
		if (InputProblems.isSet(validation_image_folder) && InputProblems.isSet(
			validation_mask_folder)) b.validationDirs(validation_image_folder,
				validation_mask_folder);
		problems.requireAll(b.problems());
		if (InputProblems.isSet(model_file)) problems.outputs(outputCheck());
		problems.throwIfAny();
		return b.build();
	}

	/**
	 * The run's files (model, checkpoint, history, plot) against every file and
	 * folder the training reads; whether an existing model or checkpoint is
	 * resumed or replaced is if_model_exists's to say.
	 */
	private OutputCheck outputCheck() {
		final OutputCheck check = new OutputCheck();
		final Object[][] folders = { { "image_folder", image_folder }, {
			"mask_folder", mask_folder }, { "fov_folder", fov_folder }, {
				"validation_image_folder", validation_image_folder }, {
					"validation_mask_folder", validation_mask_folder } };
		for (final Object[] f : folders) {
			final File folder = (File) f[1];
			check.reads((String) f[0], folder);
			final File[] files = folder == null ? null : folder.listFiles();
			if (files != null) check.reads((String) f[0], Arrays.asList(files));
		}
		check.reads("initial_model", initial_model).reads("encoder_weights",
			encoder_weights);
		final RunFiles files = new RunFiles(model_file.toPath());
		return check.writes("model_file", model_file, true, null) //
			.writes("model_file's checkpoint", files.checkpoint().toFile(), true,
				null) //
			.writes("model_file's history", files.history().toFile(), true, null) //
			.writes("model_file's history plot", files.plot().toFile(), true, null);
	}

	/** {@code m.cenet -> m-history.png}, next to the history CSV. */
	static File plotFile(final Path model) {
		return new RunFiles(model).plot().toFile();
	}

	private static void savePlot(final TrainingHistory history, final File png,
		final CommandProgress progress)
	{
		if (history.isEmpty()) return;
		try {
			HistoryPlot.savePng(history, png);
		}
		catch (final IOException e) {
			// the model is what matters: report, do not fail
			progress.log("could not save the history plot: " + e.getMessage());
		}
	}

	/** The saved model (the best epoch's). */
	public File trainedModel() {
		return trained_model;
	}

	/** Why training ended. */
	public String stopReason() {
		return stop_reason;
	}
}
