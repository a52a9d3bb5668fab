
package sc.fiji.cenet.csv;

import java.io.Reader;
import java.io.Writer;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import com.opencsv.RFC4180ParserBuilder;

/**
 * The CSV of every table CE-Net reads or writes (metrics tables, training
 * histories, tables printed by the headless runner), through OpenCSV, which
 * Fiji ships: RFC 4180 (a field holding a comma, a quote or a line break is
 * quoted, quotes doubled; a backslash is a plain character, unlike OpenCSV's
 * default parser), records ending in {@code \n} on every platform.
 */
public final class CsvFormat {

	private CsvFormat() {}

	/** Reads records; closing it closes {@code in}. */
	public static CSVReader reader(final Reader in) {
		return new CSVReaderBuilder(in).withCSVParser(new RFC4180ParserBuilder()
			.build()).build();
	}

	/**
	 * Writes records with {@link #write}; closing it closes {@code out}, so a
	 * caller that keeps {@code out} open flushes it instead.
	 */
	public static ICSVWriter writer(final Writer out) {
		return new CSVWriterBuilder(out).withLineEnd("\n").build();
	}

	/** One record, each field quoted only where RFC 4180 needs it. */
	public static void write(final ICSVWriter writer, final String... fields) {
		writer.writeNext(fields, false);
	}

	/**
	 * The first line of a parse error's message: OpenCSV appends the text it gave
	 * up on, line breaks included, which a one-line error must not carry.
	 */
	public static String firstLine(final Exception e) {
		final String m = String.valueOf(e.getMessage());
		final int end = m.indexOf('\n');
		return (end < 0 ? m : m.substring(0, end)).trim();
	}
}
