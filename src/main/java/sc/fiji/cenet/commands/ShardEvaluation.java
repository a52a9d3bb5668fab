
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;
import java.util.TreeSet;

import sc.fiji.cenet.io.AtomicFiles;
import sc.fiji.cenet.io.SamePath;

/**
 * What one shard table of CE-Net Evaluate evaluated: the folders (by real
 * location), the model, the threshold, the classes and the number of pairs of
 * the whole evaluation, written next to the table with {@code .evaluation}
 * added to its name (Java properties; {@code metrics.csv.evaluation}). CE-Net
 * Merge Metrics joins only shards of one evaluation.
 */
final class ShardEvaluation {

	static final String SUFFIX = ".evaluation";

	private final Properties values = new Properties();

	/**
	 * @param model null without model_file; {@code fov} null without fov_folder
	 */
	ShardEvaluation(final File predictions, final File truth, final File fov,
		final File model, final double threshold, final int classes,
		final int allPairs)
	{
		values.setProperty("prediction_folder", real(predictions));
		values.setProperty("truth_folder", real(truth));
		values.setProperty("fov_folder", fov == null ? "none" : real(fov));
		values.setProperty("model_file", model == null ? "none" : real(model));
		values.setProperty("threshold", Double.toString(threshold));
		values.setProperty("classes", Integer.toString(classes));
		values.setProperty("pairs", Integer.toString(allPairs));
	}

	private ShardEvaluation(final Properties p) {
		values.putAll(p);
	}

	/** The record next to {@code table}. */
	static File fileOf(final File table) {
		return new File(table.getPath() + SUFFIX);
	}

	void write(final File table) throws IOException {
		AtomicFiles.write(fileOf(table).toPath(), out -> {
			final Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			values.store(w, "CE-Net Evaluate shard of " + table.getName());
			w.flush();
		});
	}

	/**
	 * The record of a shard table; null for tables written before records (or
	 * without one).
	 *
	 * @throws IllegalArgumentException naming the file when it cannot be read
	 */
	static ShardEvaluation of(final File table) {
		final File f = fileOf(table);
		if (!f.isFile()) return null;
		final Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(f.toPath(),
			StandardCharsets.UTF_8))
		{
			p.load(in);
		}
		catch (final IOException | IllegalArgumentException e) {
			throw new IllegalArgumentException("cannot read " + f + ": " + e
				.getMessage(), e);
		}
		return new ShardEvaluation(p);
	}

	/**
	 * The first key whose value differs, with both values; null when the same
	 * evaluation.
	 */
	String difference(final ShardEvaluation other) {
		final TreeSet<String> keys = new TreeSet<>(values.stringPropertyNames());
		keys.addAll(other.values.stringPropertyNames());
		for (final String k : keys) {
			final String a = values.getProperty(k), b = other.values.getProperty(k);
			if (a == null ? b != null : !a.equals(b)) return k + " " + a + " and " +
				b;
		}
		return null;
	}

	private static String real(final File f) {
		return SamePath.canonical(f.toPath()).toString();
	}
}
