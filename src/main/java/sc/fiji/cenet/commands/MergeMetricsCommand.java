
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.data.ImagePair;
import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.Shard;
import sc.fiji.cenet.io.OutputCheck;
import sc.fiji.cenet.metrics.MetricsTable;

/**
 * Joins the tables of the shards of an evaluation ({@link EvaluateCommand} with
 * {@code shard=K/N}, files {@code <name>-shard-K-of-N.csv} and, with fields of
 * view, {@code <name>-shard-K-of-N-fov.csv}) into the table one unsharded run
 * gives: the same rows in the same order, hence the same mean and standard
 * deviation, written to {@code <name>.csv} (and {@code <name>-fov.csv}).
 * Missing shards, and, when the prediction and truth folders are given, images
 * of their pairing without a row, are named; they stop the merge unless
 * {@code allow_missing} is ticked.
 */
@Plugin(type = Command.class, name = "CE-Net Merge Metrics",
	label = "CE-Net Merge Metrics")
public class MergeMetricsCommand extends ContextCommand {

	static final String TITLE = "CE-Net Merge Metrics";

	/** {@code <name>-shard-K-of-N[-fov].csv}. */
	private static final Pattern SHARD_FILE = Pattern.compile(
		"(.+)-shard-(\\d{1,9})-of-(\\d{1,9})(-fov)?\\.csv");

	/** How many names a message quotes at most. */
	private static final int MAX_NAMES = 20;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(style = "directory", persist = false,
		description = "Folder of the shard tables <name>-shard-K-of-N.csv (CE-Net Evaluate with shard)")
	private File shard_folder;

	@Parameter(style = "directory", required = false, persist = false,
		description = "Optional: the evaluated predictions, to name images without a row")
	private File prediction_folder;

	@Parameter(style = "directory", required = false, persist = false,
		description = "Optional (with prediction_folder): the ground-truth masks")
	private File truth_folder;

	@Parameter(style = "directory", required = false, persist = false,
		description = "Optional: the field-of-view masks, when the evaluation used them")
	private File fov_folder;

	@Parameter(style = "save", required = false, persist = false,
		description = "The merged CSV; empty = <name>.csv in shard_folder")
	private File output_file;

	@Parameter(persist = false,
		description = "Write what there is when shards or images are missing (they are listed)")
	private boolean allow_missing = false;

	@Parameter(persist = false,
		description = "Replace output_file (and its -fov table) when it exists")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "CE-Net Metrics")
	private MetricsTable metrics;

	@Parameter(type = ItemIO.OUTPUT, label = "CE-Net Metrics (FOV)")
	private MetricsTable fov_metrics;

	@Parameter(type = ItemIO.OUTPUT, label = "missing")
	private String missing = "";

	@Override
	public void run() {
		final boolean withPairing = InputProblems.isSet(prediction_folder) ||
			InputProblems.isSet(truth_folder);
		final InputProblems problems = new InputProblems().existingFolder(
			shard_folder, "shard_folder");
		if (withPairing) problems.imageFolder(prediction_folder,
			"prediction_folder").imageFolder(truth_folder, "truth_folder");
		problems.optionalImageFolder(fov_folder, "fov_folder") //
			.require(!InputProblems.isSet(fov_folder) || withPairing,
				"fov_folder needs prediction_folder and truth_folder") //
			.throwIfAny();
		if (InputProblems.isSet(output_file)) new InputProblems().writableFile(
			output_file, "output_file").throwIfAny();

		final ShardSet set = ShardSet.find(shard_folder);
		final File csv = InputProblems.isSet(output_file) ? output_file : new File(
			shard_folder, set.name + ".csv");
		final OutputCheck check = new OutputCheck().reads("shard_folder",
			shard_folder).reads("prediction_folder", prediction_folder).reads(
				"truth_folder", truth_folder).reads("fov_folder", fov_folder).reads(
					"shard_folder", set.whole.values()).reads("shard_folder", set.fov
						.values());
		final List<ImagePair> pairs = withPairing ? ImagePairing.pair(
			prediction_folder, truth_folder, InputProblems.isSet(fov_folder)
				? fov_folder : null).pairs() : null;
		if (pairs != null) for (final ImagePair p : pairs)
			check.reads("prediction_folder", p.image()).reads("truth_folder", p
				.mask()).reads("fov_folder", p.fov());
		check.writes("output_file", csv, overwrite, "tick overwrite");
		if (!set.fov.isEmpty()) check.writes("output_file (its FOV table)",
			EvaluateCommand.fovCsvFile(csv), overwrite, "tick overwrite");
		new InputProblems().outputs(check).throwIfAny();

		requireOneEvaluation(set);
		final CommandProgress progress = new CommandProgress(status, log, this,
			TITLE + ": ");
		try {
			final List<String> problemsFound = new ArrayList<>();
			final List<Integer> missingShards = new ArrayList<>();
			for (int k = 1; k <= set.count; k++)
				if (!set.whole.containsKey(k)) missingShards.add(k);
			if (!missingShards.isEmpty()) problemsFound.add("missing shards " + join(
				missingShards) + " of " + set.count + " (" + set.fileName(missingShards
					.get(0), false) + (missingShards.size() > 1 ? ", ..." : "") + ")");
			for (final int k : set.whole.keySet())
				if (!set.fov.isEmpty() && !set.fov.containsKey(k)) problemsFound.add(
					"shard " + k + " has no FOV table " + set.fileName(k, true));

			metrics = merge(set.whole, pairs, problemsFound);
			fov_metrics = set.fov.isEmpty() ? null : merge(set.fov, pairs,
				new ArrayList<>());

			missing = String.join("; ", problemsFound);
			if (!problemsFound.isEmpty()) {
				if (!allow_missing) throw new IllegalStateException(missing +
					"; run the missing shards again, or tick allow_missing to merge what there is");
				progress.log("incomplete: " + missing);
			}
			EvaluateCommand.writeCsv(metrics, csv);
			if (fov_metrics != null) EvaluateCommand.writeCsv(fov_metrics,
				EvaluateCommand.fovCsvFile(csv));
			progress.log("merged " + set.whole.size() + " of " + set.count +
				" shards, " + metrics.size() + " rows; Dice " + metrics.mean("Dice") +
				" (mean); written to " + csv + (fov_metrics != null ? " and " +
					EvaluateCommand.fovCsvFile(csv) : ""));
		}
		finally {
			progress.done();
		}
	}

	/**
	 * Shards of different evaluations (other folders, model, threshold, classes,
	 * or pair count: {@link ShardEvaluation}) are never joined.
	 *
	 * @throws InvalidInputException naming two shards and what differs
	 */
	private static void requireOneEvaluation(final ShardSet set) {
		File first = null;
		ShardEvaluation firstRecord = null;
		for (final File table : set.whole.values()) {
			final ShardEvaluation record = ShardEvaluation.of(table);
			if (record == null) continue; // written before shards recorded what they
																		// evaluated
			if (firstRecord == null) {
				first = table;
				firstRecord = record;
				continue;
			}
			final String difference = firstRecord.difference(record);
			if (difference != null) throw new InvalidInputException(
				"shard_folder holds shards of different " + "evaluations: " + first
					.getName() + " and " + table.getName() + " differ in " + difference +
					"; evaluate all shards with the same keys");
		}
	}

	/**
	 * The rows of the shard tables in shard order or, with the pairing, in its
	 * order (that of an unsharded evaluation); adds the images of the pairing
	 * without a row, and rows of no image of the pairing, to {@code problems}.
	 */
	private static MetricsTable merge(final Map<Integer, File> files,
		final List<ImagePair> pairs, final List<String> problems)
	{
		final MetricsTable joined = new MetricsTable();
		final Map<String, File> source = new TreeMap<>();
		for (final Map.Entry<Integer, File> shard : files.entrySet()) {
			final MetricsTable table = read(shard.getValue());
			for (final String image : table.images()) {
				final File before = source.put(image, shard.getValue());
				if (before != null) throw new IllegalArgumentException("image " +
					image + " is in " + before.getName() + " and in " + shard.getValue()
						.getName() + " (shards of different runs in shard_folder?)");
				joined.add(image, table.row(image));
			}
		}
		if (pairs == null) return joined;
		final MetricsTable ordered = new MetricsTable();
		final List<String> absent = new ArrayList<>();
		final TreeSet<String> left = new TreeSet<>(joined.images());
		for (final ImagePair pair : pairs) {
			final String name = pair.image().getName();
			boolean found = false;
			for (final String row : joined.images())
				if (row.equals(name) || row.startsWith(name + " (class ")) {
					ordered.add(row, joined.row(row));
					left.remove(row);
					found = true;
				}
			if (!found) absent.add(name);
		}
		if (!absent.isEmpty()) problems.add("missing images " + names(absent));
		if (!left.isEmpty()) problems.add(
			"rows of no image of prediction_folder and truth_folder: " + names(
				new ArrayList<>(left)));
		for (final String row : left)
			ordered.add(row, joined.row(row)); // kept, at the end
		return ordered;
	}

	private static MetricsTable read(final File file) {
		try (Reader in = Files.newBufferedReader(file.toPath(),
			StandardCharsets.UTF_8))
		{
			return MetricsTable.readCsv(in);
		}
		// its message alone is "Input length = 1"
		catch (final java.nio.charset.CharacterCodingException e) {
			throw new IllegalArgumentException("cannot read " + file +
				": not a CE-Net metrics table (not " +
				"UTF-8 text: damaged?); evaluate that shard again", e);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("cannot read " + file + ": " + e
				.getMessage(), e);
		}
	}

	/** The shard tables of one evaluation in a folder. */
	static final class ShardSet {

		final String name;
		final int count;
		final Map<Integer, File> whole = new TreeMap<>(), fov = new TreeMap<>();

		private ShardSet(final String name, final int count) {
			this.name = name;
			this.count = count;
		}

		String fileName(final int k, final boolean ofFov) {
			return name + "-" + new Shard(k, count).fileTag() + (ofFov ? "-fov"
				: "") + ".csv";
		}

		/**
		 * @throws IllegalArgumentException when the folder holds no shard tables,
		 *           or those of several evaluations
		 */
		static ShardSet find(final File folder) {
			final File[] files = folder.listFiles();
			if (files == null) throw new IllegalArgumentException(
				"shard_folder cannot be read: " + folder);
			final Map<String, ShardSet> sets = new TreeMap<>();
			for (final File f : files) {
				final Matcher m = SHARD_FILE.matcher(f.getName());
				if (!f.isFile() || !m.matches()) continue;
				final int k = Integer.parseInt(m.group(2)), n = Integer.parseInt(m
					.group(3));
				if (n < 1 || k < 1 || k > n) continue;
				final ShardSet set = sets.computeIfAbsent(m.group(1) + " (" + n +
					" shards)", x -> new ShardSet(m.group(1), n));
				(m.group(4) == null ? set.whole : set.fov).put(k, f);
			}
			sets.values().removeIf(s -> s.whole.isEmpty());
			if (sets.isEmpty()) throw new IllegalArgumentException(
				"shard_folder holds no shard tables <name>-shard-K-of-N.csv (CE-Net Evaluate with shard=K/N " +
					"writes them): " + folder);
			if (sets.size() > 1) throw new IllegalArgumentException(
				"shard_folder holds the shards of " + sets.size() + " evaluations: " +
					String.join(", ", sets.keySet()) + "; move all but one away");
			return sets.values().iterator().next();
		}
	}

	private static String join(final List<Integer> numbers) {
		final List<String> s = new ArrayList<>();
		for (final int n : numbers)
			s.add(Integer.toString(n));
		return names(s);
	}

	private static String names(final List<String> names) {
		return names.size() <= MAX_NAMES ? String.join(", ", names) : String.join(
			", ", names.subList(0, MAX_NAMES)) + " and " + (names.size() -
				MAX_NAMES) + " more";
	}

	/** The merged whole-image table. */
	public MetricsTable metrics() {
		return metrics;
	}

	/** The merged FOV table; null when the shards have none. */
	public MetricsTable fovMetrics() {
		return fov_metrics;
	}

	/** What is missing, "; "-separated; empty when nothing is. */
	public String missing() {
		return missing;
	}
}
