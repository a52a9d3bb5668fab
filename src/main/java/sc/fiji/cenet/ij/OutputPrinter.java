
package sc.fiji.cenet.ij;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.opencsv.ICSVWriter;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import sc.fiji.cenet.csv.CsvFormat;
import sc.fiji.cenet.metrics.MetricsTable;

/**
 * Prints command outputs for the console: one {@code name=value} line per
 * value, a results or metrics table as CSV (header line, then one line per
 * row). One table at most goes to the results stream, and then alone, so that
 * {@code > table.csv} gives one CSV table: the {@code name=value} lines go to
 * the log stream then, and further tables are left out with a note there (a
 * command that outputs several writes them to files itself, as CE-Net Evaluate
 * does).
 */
final class OutputPrinter {

	private OutputPrinter() {}

	/**
	 * @param title the command's, for notes
	 * @param out the results
	 * @param notes where a note on a table left out goes
	 */
	static void print(final String title, final Map<String, Object> outputs,
		final PrintStream out, final PrintStream notes)
	{
		String printedTable = null;
		// with a table, stdout holds the table alone: the name=value lines go with
		// the notes
		final PrintStream values = hasTable(outputs) ? notes : out;
		for (final Map.Entry<String, Object> output : outputs.entrySet()) {
			final String name = output.getKey();
			final Object value = output.getValue();
			if (value == null) continue;
			final ResultsTable table = value instanceof ResultsTable
				? (ResultsTable) value : value instanceof MetricsTable ? MetricsResults
					.toResultsTable((MetricsTable) value) : null;
			if (table != null && printedTable != null) notes.println(title + ": " +
				name + " is not printed: stdout holds one table, " + printedTable);
			else if (value instanceof MetricsTable) { // the bytes of the command's
																								// CSV file, so > file.csv is
																								// that file
				printCsv((MetricsTable) value, out);
				printedTable = name;
			}
			else if (table != null) {
				printCsv(table, out);
				printedTable = name;
			}
			else if (value instanceof File) values.println(name + "=" + ((File) value)
				.getPath());
			else if (value instanceof Double || value instanceof Float) values
				.println(name + "=" + number(((Number) value).doubleValue()));
			else {
				final ImagePlus imp = (value instanceof ImagePlus ? (ImagePlus) value
					: null);
				values.println(name + "=" + (imp == null ? value : describe(imp)));
			}
		}
	}

	private static boolean hasTable(final Map<String, Object> outputs) {
		for (final Object value : outputs.values())
			if (value instanceof ResultsTable || value instanceof MetricsTable)
				return true;
		return false;
	}

	/**
	 * Images cannot be shown here; say what came out so the run is not silent.
	 */
	private static String describe(final ImagePlus imp) {
		return "[image " + imp.getTitle() + " " + imp.getWidth() + "x" + imp
			.getHeight() + "x" + imp.getStackSize() +
			", not saved; give result_file=... or use CE-Net Predict Folder]";
	}

	private static void printCsv(final MetricsTable table,
		final PrintStream out)
	{
		try {
			final Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			table.writeCsv(w);
			w.flush();
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static void printCsv(final ResultsTable table, final PrintStream out) {
		final ICSVWriter csv = CsvFormat.writer(new OutputStreamWriter(out,
			StandardCharsets.UTF_8));
		final String[] headings = table.getHeadings();
		CsvFormat.write(csv, headings);
		for (int row = 0; row < table.size(); row++) {
			final String[] cells = new String[headings.length];
			for (int c = 0; c < headings.length; c++) {
				final double v = table.getValue(headings[c], row);
				cells[c] = Double.isNaN(v) ? table.getStringValue(headings[c], row)
					: number(v);
			}
			CsvFormat.write(csv, cells);
		}
		try {
			csv.flush();
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String number(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
			: Double.toString(v);
	}
}
