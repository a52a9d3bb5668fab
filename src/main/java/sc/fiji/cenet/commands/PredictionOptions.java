
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.FileAlreadyExistsException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import sc.fiji.cenet.data.ImageCalibration;
import sc.fiji.cenet.data.ImageFileReader;
import sc.fiji.cenet.data.LoadedImage;
import sc.fiji.cenet.imagej.ResultImages;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.predict.CENetModel;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.predict.OutputKind;
import sc.fiji.cenet.predict.PredictionMode;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.predict.Segmentation;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * The model and prediction options of CE-Net Predict and CE-Net Predict Folder
 * ({@link PredictionCommand}'s keys), as one value: what a prediction made
 * elsewhere (a Spark job) needs to give the same files as the commands.
 * Serializable, so that it travels to Spark executors.
 */
public final class PredictionOptions implements Serializable {

	/**
	 * The {@code threshold} that means "the model's": the one calibrated on the
	 * validation images in training, 0.5 for models without one.
	 */
	public static final double MODEL_THRESHOLD = -1;
	static final String MODEL_THRESHOLD_MEANING = "the model's threshold";

	private static final long serialVersionUID = 1L;

	static final String[] MODES = { "auto", "tiled", "resize" };

	private final File modelFile;
	private final String output, mode;
	private final int tileSize, overlap;
	private final boolean tta, useGpu, convertChannels;
	private final double threshold;

	/** The commands' defaults for a model file. */
	public PredictionOptions(final File modelFile) {
		this(modelFile, OutputKind.AUTO, "auto", 0, -1, false, MODEL_THRESHOLD,
			false, true);
	}

	/** The values of the keys of the same names; see README's CE-Net Predict. */
	public PredictionOptions(final File modelFile, final String output,
		final String mode, final int tileSize, final int overlap, final boolean tta,
		final double threshold, final boolean useGpu, final boolean convertChannels)
	{
		this.modelFile = modelFile;
		this.output = output;
		this.mode = mode;
		this.tileSize = tileSize;
		this.overlap = overlap;
		this.tta = tta;
		this.threshold = threshold;
		this.useGpu = useGpu;
		this.convertChannels = convertChannels;
	}

	public File modelFile() {
		return modelFile;
	}

	public boolean useGpu() {
		return useGpu;
	}

	/** Adds the problems of these options, each named by its key. */
	InputProblems check(final InputProblems problems) {
		return problems.existingFile(modelFile, "model_file") //
			.choice(output, "output", OutputKind.CHOICES) //
			.choice(mode, "mode", MODES) //
			.betweenOr(threshold, 0, 1, PredictionOptions.MODEL_THRESHOLD,
				PredictionOptions.MODEL_THRESHOLD_MEANING, "threshold") //
			.atLeast(overlap, -1, "overlap") //
			.require(tileSize == 0 || CENetConfig.isValidSize(tileSize, tileSize),
				"tile_size must be 0 (the model's training size) or " +
					CENetConfig.SIZE_RULE + ", not " + tileSize) //
			.require(overlap < 0 || tileSize == 0 || overlap < tileSize, "overlap (" +
				overlap + ") must be smaller than tile_size (" + tileSize + ")");
	}

	/** @throws IllegalArgumentException naming every key with a bad value */
	public void validate() {
		check(new InputProblems()).throwIfAny();
	}

	/**
	 * The threshold for a model: the one given, or the model's for
	 * {@value PredictionOptions#MODEL_THRESHOLD}.
	 */
	public double threshold(final TrainedModel model) {
		return threshold == PredictionOptions.MODEL_THRESHOLD ? model.threshold()
			: threshold;
	}

	/**
	 * The settings for a model: {@link PredictionSettings#forModel} (mode
	 * {@code auto} as the model records it, tiles of its training size, its
	 * threshold) with the keys given.
	 */
	public PredictionSettings settings(final TrainedModel model) {
		final int tile = tileSize == 0 ? model.trainingSize() : tileSize;
		final PredictionSettings.Builder b = PredictionSettings.forModel(model) //
			.tileSize(tile).testTimeAugmentation(tta).threshold(threshold(model))
			.output(output) //
			.convertChannels(convertChannels);
		if (!"auto".equals(mode)) b.mode(PredictionMode.valueOf(mode.toUpperCase(
			Locale.ROOT)));
		if (overlap >= 0) {
			if (overlap >= tile) throw new IllegalArgumentException("overlap (" +
				overlap + ") must be smaller than the tile size (" + tile + ")");
			b.overlap(overlap);
		}
		return b.build();
	}

	/**
	 * What made a result, for its image properties (ImageJ keeps them in a TIFF):
	 * {@code cenet.model_file}, {@code cenet.output}, the threshold used (given,
	 * or the model's) where the output used one, mode, tile size, overlap and
	 * test-time augmentation.
	 */
	public Map<String, String> provenance(final OutputKind kind,
		final TrainedModel model)
	{
		final PredictionSettings s = settings(model);
		final Map<String, String> p = new LinkedHashMap<>();
		p.put("cenet.model_file", modelFile.getAbsolutePath());
		p.put("cenet.output", kind.key());
		if (kind.usesThreshold(model.config().classes())) p.put("cenet.threshold",
			Double.toString(s.threshold()));
		p.put("cenet.mode", mode);
		p.put("cenet.tile_size", Integer.toString(s.tileSize()));
		p.put("cenet.overlap", Integer.toString(s.overlap()));
		p.put("cenet.tta", Boolean.toString(tta));
		return p;
	}

	/**
	 * One line saying how a result was made, for the log: the model, the output,
	 * the threshold used (and whose it is), the mode and the tiles, e.g.
	 * {@code model /m/vessels.cenet, output mask, threshold 0.43 (the
	 * model's), mode auto, tiles of 448 px overlapping by 112 px}. For
	 * probabilities, which use no threshold, the model's is named: it is the one
	 * to binarise them with.
	 */
	public String summary(final OutputKind kind, final TrainedModel model) {
		final PredictionSettings s = settings(model);
		final StringBuilder sb = new StringBuilder("model ").append(modelFile
			.getPath()).append(", output ").append(kind.key());
		if (kind.usesThreshold(model.config().classes())) sb.append(", threshold ")
			.append(s.threshold()).append(threshold == MODEL_THRESHOLD
				? " (the model's)" : " (given)");
		else if (model.config().classes() == 1) sb.append(
			", no threshold (the model's is ").append(model.threshold()).append(')');
		sb.append(", mode ").append(s.mode().key());
		if (s.mode() == PredictionMode.RESIZE) sb.append(
			", the image resized to one tile of ").append(s.tileSize()).append(" px");
		else sb.append(", tiles of ").append(s.tileSize()).append(
			" px overlapping by ").append(s.overlap()).append(" px");
		if (tta) sb.append(", test-time augmentation");
		return sb.toString();
	}

	/**
	 * Predicts one image file into one TIFF, as CE-Net Predict Folder does: the
	 * result with its display range and provenance, written atomically (complete
	 * or not at all); an existing file is replaced only with {@code overwrite}.
	 *
	 * @return false when {@code output} exists (or appeared meanwhile) and
	 *         {@code skipExisting} keeps it
	 * @throws IllegalArgumentException naming the image when it cannot be read or
	 *           segmented
	 * @throws IllegalStateException when the result cannot be written, or the
	 *           file appeared meanwhile without {@code skipExisting}
	 */
	public boolean predictFile(final CENetModel model, final File image,
		final File output, final boolean overwrite, final boolean skipExisting,
		final ProgressListener progress)
	{
		if (skipExisting && !overwrite && output.exists()) return false;
		final PredictionSettings settings = settings(model.trainedModel());
		final LoadedImage loaded;
		try {
			loaded = ImageFileReader.readStack(image);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
		final Segmentation result;
		try {
			result = model.segment(loaded.image(), axesOf(loaded), loaded.bitDepth(),
				settings, progress);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(loaded.name() + ": " + e.getMessage(),
				e);
		}
		// the file's slices and frames, which the reader gives as one plane axis
		final ImageCalibration calibration = loaded.calibration();
		final ImagePlus imp = ResultImages.toImagePlus(result.image(), result.axes()
			.hasChannelAxis(), calibration.slices(), calibration.frames(), output
				.getName());
		ResultImages.applyCalibration(imp, calibration);
		imp.setDisplayRange(0, result.displayMax());
		ResultImages.recordProvenance(imp, provenance(OutputKind.of(settings
			.output(), model.classes()), model.trainedModel()));
		try {
			ResultImages.saveTiff(imp, output, overwrite);
			return true;
		}
		catch (final FileAlreadyExistsException e) {
			if (skipExisting) return false;
			throw new IllegalStateException(output +
				" appeared while predicting (another run writing " +
				"into output_folder?); it was kept; tick overwrite to replace such files",
				e);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e.getMessage(), e);
		}
	}

	/**
	 * A file's axes as {@link ImageFileReader#readStack} gives them: X, Y, [C,]
	 * [Z].
	 */
	static ImageAxes axesOf(final LoadedImage image) {
		return ImageAxes.of("XY" + (image.channels() > 1 ? "C" : "") + (image
			.planes() > 1 ? "Z" : ""));
	}
}
