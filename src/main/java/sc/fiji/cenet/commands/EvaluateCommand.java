
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.data.ImagePair;
import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.Masks;
import sc.fiji.cenet.data.PairingResult;
import sc.fiji.cenet.data.Shard;
import sc.fiji.cenet.io.AtomicFiles;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.OutputCheck;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.metrics.BinaryEvaluator;
import sc.fiji.cenet.metrics.FolderEvaluation;
import sc.fiji.cenet.metrics.MetricsTable;

/**
 * Compares a folder of predictions with a folder of ground-truth masks, paired
 * by file name as for training, and reports per-image metrics with their mean
 * and standard deviation: the table "CE-Net Metrics" (whole images) and, when a
 * field-of-view folder is given, "CE-Net Metrics (FOV)" (only the pixels inside
 * the field of view). Both are also written as CSV. The evaluation itself is
 * {@link FolderEvaluation}'s.
 * <p>
 * With {@code shard=K/N} only part K of N of the sorted pairs is evaluated (see
 * {@link Shard}), into {@code cenet-metrics-shard-K-of-N.csv} unless
 * {@code csv_file} is given; {@link MergeMetricsCommand} joins the parts into
 * the table of one unsharded run.
 * </p>
 * <p>
 * The threshold of probability maps is {@code threshold}; by default
 * ({@value PredictionOptions#MODEL_THRESHOLD}) that of {@code model_file}, the
 * model that made the predictions (the one calibrated in training, 0.5 for
 * models without one), or 0.5 without {@code model_file}.
 * </p>
 */
@Plugin(type = Command.class, name = "CE-Net Evaluate",
	label = "CE-Net Evaluate")
public class EvaluateCommand extends ContextCommand {

	static final String TITLE = "CE-Net Evaluate";
	public static final String DEFAULT_CSV_NAME = "cenet-metrics.csv";

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(style = "directory", persist = false,
		description = "Predictions: probability maps, masks or label images")
	private File prediction_folder;

	@Parameter(style = "directory", persist = false,
		description = "Ground-truth masks, paired with the predictions by file name")
	private File truth_folder;

	@Parameter(style = "directory", required = false, persist = false,
		description = "Optional field-of-view masks (nonzero = inside); adds the FOV table")
	private File fov_folder;

	@Parameter(style = "open", required = false, persist = false,
		description = "Optional: the model (.cenet) that made the predictions, for its threshold")
	private File model_file;

	@Parameter(persist = false,
		description = "A prediction is foreground where it is at least this (1 class); " +
			"-1 = the threshold of model_file, 0.5 without model_file")
	private double threshold = PredictionOptions.MODEL_THRESHOLD;

	@Parameter(persist = false,
		description = "1 for binary masks, N for label images 0..N-1")
	private int classes = 1;

	@Parameter(style = "save", required = false, persist = false,
		description = "CSV file of the metrics; empty = cenet-metrics.csv in prediction_folder")
	private File csv_file;

	@Parameter(persist = false,
		description = "Replace csv_file (and its -fov table) when it exists")
	private boolean overwrite = false;

	@Parameter(persist = false,
		description = "K/N: evaluate only part K of N of the sorted pairs " +
			"(cluster job arrays; CE-Net Merge Metrics joins the parts); 1/1 = all")
	private String shard = "1/1";

	@Parameter(type = ItemIO.OUTPUT, label = "CE-Net Metrics")
	private MetricsTable metrics;

	@Parameter(type = ItemIO.OUTPUT, label = "CE-Net Metrics (FOV)")
	private MetricsTable fov_metrics;

	private Shard part = Shard.ALL;

	@Override
	public void run() {
		final InputProblems shardProblem = new InputProblems();
		try {
			part = Shard.parse(shard, "shard");
		}
		catch (final IllegalArgumentException e) {
			shardProblem.require(e.getMessage());
		}
		new InputProblems().require(inputProblems(prediction_folder, truth_folder,
			fov_folder, model_file, threshold, classes)) //
			.require(shardProblem.message()) //
			.throwIfAny();
		// the default CSV goes into prediction_folder, which exists by now
		if (InputProblems.isSet(csv_file)) new InputProblems().writableFile(
			csv_file, "csv_file").throwIfAny();

		final boolean withFov = InputProblems.isSet(fov_folder);
		final PairingResult pairing = ImagePairing.pair(prediction_folder,
			truth_folder, withFov ? fov_folder : null);
		final List<ImagePair> allPairs = pairing.requirePairs();
		final List<ImagePair> pairs = part.select(allPairs);
		new InputProblems().outputs(outputCheck(allPairs, withFov)).throwIfAny();
		final double usedThreshold = usedThreshold();
		final CommandProgress progress = new CommandProgress(status, log, this,
			TITLE + ": ");
		try {
			if (!pairing.isComplete()) progress.log(pairing.summary());
			if (!part.isAll()) progress.log("shard " + part + ": pairs " + (part
				.start(allPairs.size()) + 1) + " to " + part.end(allPairs.size()) +
				" of " + allPairs.size());
			final FolderEvaluation.Tables tables = new FolderEvaluation(classes,
				usedThreshold).evaluate(pairs, withFov, progress);
			metrics = tables.wholeImage();
			fov_metrics = tables.insideFov();
			writeCsv(metrics, csvFile());
			if (withFov) writeCsv(fov_metrics, fovCsvFile(csvFile()));
			if (!part.isAll()) writeShardRecord(usedThreshold, allPairs.size());
			progress.log("evaluated " + pairs.size() + " images" + (classes > 1 ? ""
				: " at threshold " + usedThreshold +
					(threshold != PredictionOptions.MODEL_THRESHOLD ? "" : InputProblems
						.isSet(model_file) ? " (of model_file)" : " (default)")) +
				"; Dice " + metrics.mean("Dice") + " (mean); metrics written to " +
				csvFile() + (withFov ? "; FOV metrics written to " + fovCsvFile(
					csvFile()) : ""));
		}
		finally {
			progress.done();
		}
	}

	/**
	 * The CSV files against every file and folder read: none is written over; an
	 * existing CSV only with overwrite.
	 */
	private OutputCheck outputCheck(final List<ImagePair> pairs,
		final boolean withFov)
	{
		return outputCheck(prediction_folder, truth_folder, fov_folder, model_file,
			pairs, csvFile(), withFov, !part.isAll(), overwrite);
	}

	/**
	 * What is wrong with an evaluation's inputs, each named by its key, found
	 * before any image is read: for this command and its Spark job alike.
	 *
	 * @param fov the field-of-view folder, or null or empty when none
	 * @param model the model whose threshold is used, or null or empty
	 * @return the problems separated by "; ", or null when there is none
	 */
	public static String inputProblems(final File predictions, final File truth,
		final File fov, final File model, final double threshold, final int classes)
	{
		return new InputProblems().imageFolder(predictions, "prediction_folder") //
			.imageFolder(truth, "truth_folder") //
			.optionalImageFolder(fov, "fov_folder") //
			.differentFolders(predictions, "prediction_folder", truth, "truth_folder") //
			.optionalFile(model, "model_file") //
			.betweenOr(threshold, 0, 1, PredictionOptions.MODEL_THRESHOLD,
				"the threshold of model_file, 0.5 without it", "threshold") //
			.between(classes, 1, Masks.MAX_CLASSES, "classes") //
			.require(classes == 1 || !InputProblems.isSet(fov),
				"fov_folder works with classes=1 only") //
			.message();
	}

	/**
	 * The files an evaluation writes (the table, its FOV table, a shard's record)
	 * against every file and folder it reads: for this command and its Spark job
	 * alike.
	 */
	public static OutputCheck outputCheck(final File predictions,
		final File truth, final File fov, final File model,
		final List<ImagePair> pairs, final File csv, final boolean withFov,
		final boolean shard, final boolean overwrite)
	{
		final OutputCheck check = new OutputCheck().reads("prediction_folder",
			predictions).reads("truth_folder", truth).reads("fov_folder", fov).reads(
				"model_file", model);
		for (final ImagePair p : pairs)
			check.reads("prediction_folder", p.image()).reads("truth_folder", p
				.mask()).reads("fov_folder", p.fov());
		check.writes("csv_file", csv, overwrite, "tick overwrite");
		if (withFov) check.writes("csv_file (its FOV table)", fovCsvFile(csv),
			overwrite, "tick overwrite");
		if (shard) check.writes("csv_file (its shard record)", ShardEvaluation
			.fileOf(csv), overwrite, "tick overwrite");
		return check;
	}

	/** What a shard evaluated, next to its table, for CE-Net Merge Metrics. */
	private void writeShardRecord(final double usedThreshold,
		final int allPairs)
	{
		try {
			new ShardEvaluation(prediction_folder, truth_folder, InputProblems.isSet(
				fov_folder) ? fov_folder : null, InputProblems.isSet(model_file)
					? model_file : null, usedThreshold, classes, allPairs).write(
						csvFile());
		}
		catch (final IOException e) {
			throw new IllegalStateException("cannot write the shard's record: " + e
				.getMessage(), e);
		}
	}

	private double usedThreshold() {
		return usedThreshold(threshold, InputProblems.isSet(model_file) ? model_file
			: null);
	}

	/**
	 * {@code threshold}, or for {@value PredictionOptions#MODEL_THRESHOLD} that
	 * of {@code model} (0.5 without it): for this command and its Spark job
	 * alike.
	 *
	 * @param model null when not given
	 * @throws InvalidInputException when the model's threshold cannot be read
	 */
	public static double usedThreshold(final double threshold, final File model) {
		if (threshold != PredictionOptions.MODEL_THRESHOLD) return threshold;
		if (model == null) return BinaryEvaluator.DEFAULT_THRESHOLD;
		try {
			return TrainedModel.threshold(ModelFile.loadMetadata(model.toPath()));
		}
		catch (final IOException | IllegalArgumentException e) {
			throw new InvalidInputException(
				"cannot read the threshold of model_file: " + e.getMessage());
		}
	}

	/**
	 * The CSV file: {@code csv_file}, or {@value #DEFAULT_CSV_NAME} in the
	 * prediction folder, {@code cenet-metrics-shard-K-of-N.csv} for a shard.
	 */
	private File csvFile() {
		return InputProblems.isSet(csv_file) ? csv_file : new File(
			prediction_folder, defaultCsvName(part));
	}

	/**
	 * {@value #DEFAULT_CSV_NAME}, or {@code cenet-metrics-shard-K-of-N.csv} for a
	 * shard.
	 */
	static String defaultCsvName(final Shard shard) {
		return shard.isAll() ? DEFAULT_CSV_NAME : DEFAULT_CSV_NAME.replace(".csv",
			"-" + shard.fileTag() + ".csv");
	}

	/** {@code metrics.csv -> metrics-fov.csv}. */
	public static File fovCsvFile(final File csv) {
		final String name = csv.getName();
		final int dot = name.lastIndexOf('.');
		final String fovName = dot > 0 ? name.substring(0, dot) + "-fov" + name
			.substring(dot) : name + "-fov";
		return new File(csv.getAbsoluteFile().getParentFile(), fovName);
	}

	public static void writeCsv(final MetricsTable table, final File file) {
		try {
			AtomicFiles.write(file.toPath(), out -> {
				final Writer writer = new OutputStreamWriter(out,
					StandardCharsets.UTF_8);
				table.writeCsv(writer);
				writer.flush();
			});
		}
		catch (final IOException e) {
			throw new IllegalStateException("cannot write the metrics: " + e
				.getMessage(), e);
		}
	}

	/**
	 * Whole-image metrics, one row per image (per image and class for several
	 * classes).
	 */
	public MetricsTable metrics() {
		return metrics;
	}

	/** Metrics inside the field of view; null without {@code fov_folder}. */
	public MetricsTable fovMetrics() {
		return fov_metrics;
	}
}
