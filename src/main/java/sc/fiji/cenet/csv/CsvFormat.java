
package sc.fiji.cenet.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvValidationException;

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
	 * The next record, null at the end. A reading error (text that is not UTF-8
	 * included) comes through as it is; a malformed record (a quote left open) as
	 * an IOException "{@code <what> line <n>: <reason>}" in one line of text
	 * (OpenCSV appends the text it gave up on, line breaks included). Unlike
	 * OpenCSV's iterator, which wraps every error in a RuntimeException.
	 */
	public static String[] next(final CSVReader csv, final String what)
		throws IOException
	{
		try {
			return csv.readNext();
		}
		catch (final CsvMalformedLineException e) { // an IOException: caught first
			throw new IOException(what + " line " + e.getLineNumber() + ": " +
				firstLine(e), e);
		}
		catch (final CsvValidationException e) {
			throw new IOException(what + " line " + csv.getLinesRead() + ": " +
				firstLine(e), e);
		}
	}

	private static String firstLine(final Exception e) {
		final String m = String.valueOf(e.getMessage());
		final int end = m.indexOf('\n');
		return (end < 0 ? m : m.substring(0, end)).trim();
	}
}
