
package sc.fiji.cenet.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import sc.fiji.cenet.commands.EvaluateCommand;
import sc.fiji.cenet.commands.FolderPrediction;
import sc.fiji.cenet.commands.PredictionOptions;
import sc.fiji.cenet.data.ImagePair;
import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.Names;
import sc.fiji.cenet.data.PairingResult;
import sc.fiji.cenet.ij.CommandFailedException;
import sc.fiji.cenet.metrics.FolderEvaluation;
import sc.fiji.cenet.metrics.MetricsTable;
import sc.fiji.cenet.progress.ProgressListener;
import sc.fiji.cenet.service.CENetModelService;
import sc.fiji.cenet.service.ModelCache;

/**
 * CE-Net on Apache Spark: the work of CE-Net Predict Folder and CE-Net Evaluate
 * split by image over a cluster's executors.
 *
 * <pre>
 * spark-submit --class sc.fiji.cenet.spark.CENetSpark CE_Net-&lt;version&gt;.jar predict \
 *   model_file=/models/vessels.cenet input=/data/test output_folder=/data/pred output=mask
 * spark-submit --class sc.fiji.cenet.spark.CENetSpark CE_Net-&lt;version&gt;.jar evaluate \
 *   prediction_folder=/data/pred truth_folder=/data/masks
 * </pre>
 * <p>
 * Keys are those of the commands (see README), plus {@code input} (a folder or
 * a text file listing one image per line) instead of {@code input_folder}, and
 * {@code partitions} (default: one per image). Paths must be readable, and the
 * output folder writable, on every executor (a shared file system). The outputs
 * are those of the commands, byte for byte: one TIFF per image, written
 * atomically under a name that is created only when complete, so that a task
 * that is retried or run twice (speculative execution) finds the complete file
 * of the other attempt and leaves it; the metrics CSV in the command's format.
 * An image that fails (unreadable, wrong size) fails only its record: the
 * others are done and the failures are listed at the end (exit status 1).
 * </p>
 */
public final class CENetSpark {

	private CENetSpark() {}

	static final String USAGE = "usage: spark-submit --class " + CENetSpark.class
		.getName() + " CE_Net-<version>.jar predict|evaluate key=value ...\n" +
		"  predict: model_file input output_folder [output mode tile_size overlap tta threshold " +
		"use_gpu convert_channels overwrite skip_existing partitions]\n" +
		"  evaluate: prediction_folder truth_folder [fov_folder model_file threshold classes csv_file overwrite " +
		"partitions]";

	private static final List<String> PREDICT_KEYS = Arrays.asList("model_file",
		"input", "output_folder", "output", "mode", "tile_size", "overlap", "tta",
		"threshold", "use_gpu", "convert_channels", "overwrite", "skip_existing",
		"partitions");
	private static final List<String> EVALUATE_KEYS = Arrays.asList(
		"prediction_folder", "truth_folder", "fov_folder", "model_file",
		"threshold", "classes", "csv_file", "overwrite", "partitions");
	/**
	 * The keys each verb needs: checked before Spark starts, so that a missing
	 * one exits 2 at once.
	 */
	private static final List<String> PREDICT_REQUIRED = PREDICT_KEYS.subList(0,
		3), EVALUATE_REQUIRED = EVALUATE_KEYS.subList(0, 2);

	/** How many names an error message quotes at most. */
	private static final int MAX_NAMES = 10;

	/** What happened to one record (one image). */
	public static final class Outcome implements Serializable {

		private static final long serialVersionUID = 1L;

		/** The image (predict) or prediction (evaluate) file name. */
		public final String image;
		/**
		 * {@code written}, {@code kept} (the file existed) or {@code failed};
		 * {@code evaluated} for evaluate.
		 */
		public final String status;
		/**
		 * The failure's message, or the rows as CSV (evaluate: whole image, then
		 * FOV).
		 */
		public final String detail, fovDetail;

		Outcome(final String image, final String status, final String detail,
			final String fovDetail)
		{
			this.image = image;
			this.status = status;
			this.detail = detail;
			this.fovDetail = fovDetail;
		}

		public boolean failed() {
			return "failed".equals(status);
		}

		@Override
		public String toString() {
			return image + ": " + status + (failed() ? " (" + detail + ")" : "");
		}
	}

	/**
	 * The outcome of a job: one {@link Outcome} per record, in the order of the
	 * images.
	 */
	public static final class Report {

		public final List<Outcome> outcomes;
		/**
		 * Evaluate: the tables of the images that did not fail; null for predict.
		 */
		public final MetricsTable metrics, fovMetrics;
		/**
		 * Predict: complete outputs left as they were (skip_existing), not sent to
		 * Spark at all.
		 */
		public final int skipped;
		/** Predict: the damaged outputs predicted again, or null. */
		public final String note;

		Report(final List<Outcome> outcomes, final MetricsTable metrics,
			final MetricsTable fovMetrics)
		{
			this(outcomes, metrics, fovMetrics, 0, null);
		}

		Report(final List<Outcome> outcomes, final MetricsTable metrics,
			final MetricsTable fovMetrics, final int skipped, final String note)
		{
			this.outcomes = Collections.unmodifiableList(outcomes);
			this.metrics = metrics;
			this.fovMetrics = fovMetrics;
			this.skipped = skipped;
			this.note = note;
		}

		public List<Outcome> failures() {
			final List<Outcome> failed = new ArrayList<>();
			for (final Outcome o : outcomes)
				if (o.failed()) failed.add(o);
			return failed;
		}

		public int count(final String status) {
			int n = 0;
			for (final Outcome o : outcomes)
				if (o.status.equals(status)) n++;
			return n;
		}
	}

	public static void main(final String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Runs a job in a Spark context from {@code spark-submit} (or local, with all
	 * cores, when no master is set).
	 *
	 * @return the exit status: 0 = done, 1 = failed (or some images failed), 2 =
	 *         bad command line
	 */
	static int run(final String[] args, final PrintStream out,
		final PrintStream err)
	{
		final String verb = args.length == 0 ? "" : args[0].toLowerCase(
			Locale.ROOT);
		final Map<String, String> keys;
		try {
			if (!verb.equals("predict") && !verb.equals("evaluate"))
				throw new IllegalArgumentException(
					"the first argument must be predict or evaluate, not '" +
						(args.length == 0 ? "" : args[0]) + "'");
			keys = parseKeys(Arrays.copyOfRange(args, 1, args.length), verb.equals(
				"predict") ? PREDICT_KEYS : EVALUATE_KEYS);
			final List<String> missing = new ArrayList<>();
			for (final String key : verb.equals("predict") ? PREDICT_REQUIRED
				: EVALUATE_REQUIRED)
				if (keys.getOrDefault(key, "").isEmpty()) missing.add(key);
			if (!missing.isEmpty()) throw new IllegalArgumentException(String.join(
				", ", missing) + (missing.size() == 1 ? " is" : " are") + " not set");
		}
		catch (final IllegalArgumentException e) {
			err.println("CE-Net: " + e.getMessage());
			err.println(USAGE);
			return 2;
		}
		final SparkConf conf = new SparkConf().setAppName("CE-Net " + verb);
		if (!conf.contains("spark.master")) conf.setMaster("local[*]");
		try (JavaSparkContext spark = new JavaSparkContext(conf)) {
			final Report report = verb.equals("predict") ? predict(spark, keys)
				: evaluate(spark, keys);
			if (verb.equals("predict")) {
				if (report.note != null) err.println("CE-Net: " + report.note);
				out.println("predicted=" + report.count("written"));
				out.println("kept=" + (report.count("kept") + report.skipped));
			}
			else {
				out.println("evaluated=" + report.count("evaluated"));
				out.println("csv_file=" + csvFile(keys));
			}
			out.println("failed=" + report.failures().size());
			for (final Outcome o : report.failures())
				err.println("CE-Net: failed: " + o.image + ": " + o.detail);
			return report.failures().isEmpty() ? 0 : 1;
		}
		catch (final IllegalArgumentException e) { // bad keys, found before any
																								// work
			err.println("CE-Net: " + CommandFailedException.messageOf(e));
			return 2;
		}
		catch (final Throwable t) {
			// Errors too (a missing jar in --jars, out of memory): one line and the
			// exit status
			err.println("CE-Net: " + CommandFailedException.describe(t));
			if (Boolean.getBoolean("cenet.debug")) t.printStackTrace(err);
			return 1;
		}
	}

	/**
	 * Predicts every image of {@code input} into {@code output_folder}, as CE-Net
	 * Predict Folder with the same keys does.
	 *
	 * @throws IllegalArgumentException for bad keys, before any work
	 */
	public static Report predict(final JavaSparkContext spark,
		final Map<String, String> keys)
	{
		final PredictionOptions options = new PredictionOptions(file(keys,
			"model_file"), text(keys, "output", "auto"), text(keys, "mode", "auto"),
			integer(keys, "tile_size", 0), integer(keys, "overlap", -1), bool(keys,
				"tta", false), number(keys, "threshold",
					PredictionOptions.MODEL_THRESHOLD), bool(keys, "use_gpu", false),
			bool(keys, "convert_channels", true));
		options.validate();
		final File input = required(keys, "input");
		final File outputFolder = required(keys, "output_folder");
		final boolean overwrite = bool(keys, "overwrite", false);
		final boolean skipExisting = bool(keys, "skip_existing", false);
		final List<File> images = imageList(input);
		final FolderPrediction plan = FolderPrediction.plan(images, images, "input",
			outputFolder, options.modelFile(), overwrite, skipExisting);
		final Map<File, File> outputOf = plan.toPredict();
		// nothing left: no job, no executor opens the model
		if (outputOf.isEmpty()) return new Report(new ArrayList<>(), null, null,
			plan.skipped(), plan.damageNote());
		FolderPrediction.createOutputFolder(outputFolder);

		final List<String[]> records = new ArrayList<>();
		for (final Map.Entry<File, File> io : outputOf.entrySet())
			records.add(new String[] { io.getKey().getPath(), io.getValue().getPath(),
				Boolean.toString(plan.mayReplace(io.getValue())) });
		// Existing files were refused above unless overwrite or skip_existing; one
		// that
		// appears during the job is another attempt's of the same record (a retry,
		// a
		// speculative copy): complete, since files appear only whole, so it is
		// kept.
		final List<Outcome> outcomes = spark.parallelize(records, partitions(keys,
			records.size())).map(r -> predictRecord(options, new File(r[0]), new File(
				r[1]), Boolean.parseBoolean(r[2]), !overwrite)).collect();
		return new Report(new ArrayList<>(outcomes), null, null, plan.skipped(),
			plan.damageNote());
	}

	/**
	 * Runs on an executor: one image, its failure caught so that it fails only
	 * its record.
	 */
	static Outcome predictRecord(final PredictionOptions options,
		final File image, final File output, final boolean overwrite,
		final boolean keepExisting)
	{
		try (CENetModelService.Lease lease = MODELS.open(options.modelFile(),
			options.useGpu()))
		{
			// one image at a time per model: TensorFlow already spreads one image
			// over the cores
			synchronized (lease.model()) {
				return new Outcome(image.getName(), options.predictFile(lease.model(),
					image, output, overwrite, keepExisting, ProgressListener.NONE)
						? "written" : "kept", null, null);
			}
		}
		catch (final IOException e) {
			return new Outcome(image.getName(), "failed", "cannot read model_file: " +
				e.getMessage(), null);
		}
		catch (final RuntimeException | Error e) {
			if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError))
				throw e;
			return new Outcome(image.getName(), "failed", message(e), null);
		}
	}

	/**
	 * Evaluates the pairs of {@code prediction_folder} and {@code truth_folder}
	 * (and {@code fov_folder}) as CE-Net Evaluate with the same keys does, and
	 * writes the same CSV file(s), from the images that did not fail.
	 */
	public static Report evaluate(final JavaSparkContext spark,
		final Map<String, String> keys)
	{
		final File predictions = required(keys, "prediction_folder");
		final File truth = required(keys, "truth_folder");
		final File fov = keys.containsKey("fov_folder") ? file(keys, "fov_folder")
			: null;
		final File model = keys.containsKey("model_file") ? file(keys, "model_file")
			: null;
		final double given = number(keys, "threshold",
			PredictionOptions.MODEL_THRESHOLD);
		final int classes = integer(keys, "classes", 1);
		final String problems = EvaluateCommand.inputProblems(predictions, truth,
			fov, model, given, classes);
		if (problems != null) throw new IllegalArgumentException(problems);
		final double threshold = EvaluateCommand.usedThreshold(given, model);
		final PairingResult pairing = ImagePairing.pair(predictions, truth, fov);
		EvaluateCommand.outputCheck(predictions, truth, fov, model, pairing
			.requirePairs(), csvFile(keys), fov != null, false, bool(keys,
				"overwrite", false)).throwIfAny();
		final List<String[]> records = new ArrayList<>();
		for (final ImagePair p : pairing.requirePairs())
			records.add(new String[] { p.image().getPath(), p.mask().getPath(), p
				.fov() == null ? null : p.fov().getPath() });
		final boolean withFov = fov != null;
		final List<Outcome> outcomes = spark.parallelize(records, partitions(keys,
			records.size())).map(r -> evaluateRecord(classes, threshold, withFov, r))
			.collect();

		final MetricsTable metrics = new MetricsTable(), fovMetrics = withFov
			? new MetricsTable() : null;
		for (final Outcome o : outcomes) {
			if (o.failed()) continue;
			addRows(metrics, o.detail);
			if (withFov) addRows(fovMetrics, o.fovDetail);
		}
		final File csv = csvFile(keys);
		EvaluateCommand.writeCsv(metrics, csv);
		if (withFov) EvaluateCommand.writeCsv(fovMetrics, EvaluateCommand
			.fovCsvFile(csv));
		return new Report(new ArrayList<>(outcomes), metrics, fovMetrics);
	}

	/**
	 * Runs on an executor: the rows of one pair, as CSV text (exact: doubles
	 * round-trip).
	 */
	static Outcome evaluateRecord(final int classes, final double threshold,
		final boolean withFov, final String[] record)
	{
		final File prediction = new File(record[0]);
		try {
			final ImagePair pair = new ImagePair(prediction, new File(record[1]),
				record[2] == null ? null : new File(record[2]));
			final FolderEvaluation.Tables tables = new FolderEvaluation(classes,
				threshold).evaluate(Collections.singletonList(pair), withFov,
					ProgressListener.NONE);
			return new Outcome(prediction.getName(), "evaluated", csv(tables
				.wholeImage()), withFov ? csv(tables.insideFov()) : null);
		}
		catch (final RuntimeException | OutOfMemoryError e) {
			return new Outcome(prediction.getName(), "failed", message(e), null);
		}
	}

	private static String csv(final MetricsTable table) {
		try {
			final StringWriter out = new StringWriter();
			table.writeCsv(out);
			return out.toString();
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void addRows(final MetricsTable into, final String csv) {
		try {
			final MetricsTable rows = MetricsTable.readCsv(new StringReader(csv));
			for (final String image : rows.images())
				into.add(image, rows.row(image));
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * The executor JVM's open model, for all the tasks it runs (one image at a
	 * time). A TensorFlow session cannot be serialized (no broadcast variable)
	 * and opening a model per task would read hundreds of MB each time; so, as is
	 * the Spark idiom for such resources, the JVM keeps it in a static field: the
	 * plugin's one {@link ModelCache}, as the SciJava service's. A model file
	 * replaced between jobs of a long-lived JVM is read again.
	 */
	static final ModelCache MODELS = new ModelCache();

	/**
	 * A folder's image files, sorted, or the files a list file names (relative to
	 * its folder).
	 */
	static List<File> imageList(final File input) {
		if (input.isDirectory()) return ImagePairing.imageFiles(input, "input");
		if (!input.isFile()) throw new IllegalArgumentException(
			"input does not exist: " + input);
		final List<String> lines;
		try {
			lines = Files.readAllLines(input.toPath(), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("cannot read input: " + e.getMessage(),
				e);
		}
		final Set<File> files = new LinkedHashSet<>();
		final File base = input.getAbsoluteFile().getParentFile();
		for (final String line : lines) {
			final String path = line.trim();
			if (path.isEmpty() || path.startsWith("#")) continue;
			final File f = new File(path).isAbsolute() ? new File(path) : new File(
				base, path);
			files.add(f);
		}
		if (files.isEmpty()) throw new IllegalArgumentException(
			"input lists no images: " + input);
		return new ArrayList<>(files);
	}

	/** {@code key=value} arguments; a bare {@code key} is {@code key=true}. */
	static Map<String, String> parseKeys(final String[] args,
		final List<String> known)
	{
		final Map<String, String> keys = new LinkedHashMap<>();
		for (final String arg : args) {
			final int eq = arg.indexOf('=');
			final String key = (eq < 0 ? arg : arg.substring(0, eq)).trim();
			final String value = eq < 0 ? "true" : arg.substring(eq + 1).trim();
			if (!known.contains(key)) throw new IllegalArgumentException(
				"unknown key '" + key + "'; valid keys: " + String.join(", ", known));
			if (keys.put(key, value) != null) throw new IllegalArgumentException(
				"key " + key + " given twice");
		}
		return keys;
	}

	private static File csvFile(final Map<String, String> keys) {
		return keys.containsKey("csv_file") ? file(keys, "csv_file") : new File(
			file(keys, "prediction_folder"), EvaluateCommand.DEFAULT_CSV_NAME);
	}

	private static int partitions(final Map<String, String> keys,
		final int records)
	{
		final int p = integer(keys, "partitions", Math.max(1, records));
		if (p < 1) throw new IllegalArgumentException(
			"partitions must be at least 1, not " + p);
		return p;
	}

	private static File required(final Map<String, String> keys,
		final String key)
	{
		if (!keys.containsKey(key) || keys.get(key).isEmpty())
			throw new IllegalArgumentException(key + " is not set");
		return file(keys, key);
	}

	private static File file(final Map<String, String> keys, final String key) {
		return keys.containsKey(key) ? new File(keys.get(key)) : null;
	}

	private static String text(final Map<String, String> keys, final String key,
		final String def)
	{
		return keys.getOrDefault(key, def);
	}

	private static boolean bool(final Map<String, String> keys, final String key,
		final boolean def)
	{
		final String v = keys.get(key);
		if (v == null) return def;
		if (v.equalsIgnoreCase("true")) return true;
		if (v.equalsIgnoreCase("false")) return false;
		throw new IllegalArgumentException(key + " must be true or false, not '" +
			v + "'");
	}

	private static int integer(final Map<String, String> keys, final String key,
		final int def)
	{
		final String v = keys.get(key);
		try {
			return v == null ? def : Integer.parseInt(v);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key +
				" must be a whole number, not '" + v + "'");
		}
	}

	private static double number(final Map<String, String> keys, final String key,
		final double def)
	{
		final String v = keys.get(key);
		try {
			return v == null ? def : Double.parseDouble(v);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a number, not '" + v +
				"'");
		}
	}

	private static String message(final Throwable e) {
		return e.getMessage() == null ? e.getClass().getSimpleName() : e
			.getMessage();
	}

	private static String names(final List<String> names) {
		return Names.listed(names, MAX_NAMES);
	}
}
