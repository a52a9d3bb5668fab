
package sc.fiji.cenet.metrics;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.opencsv.CSVReader;
import com.opencsv.ICSVWriter;

import sc.fiji.cenet.csv.CsvFormat;

/**
 * Metrics of several images, one row per image name, with the mean and the
 * sample standard deviation (n - 1) of each metric over the images. NaN values
 * (undefined metrics) are skipped by mean and standard deviation;
 * {@link #count} says how many values were used.
 */
public final class MetricsTable {

	/** Name of the first CSV column. */
	public static final String IMAGE_COLUMN = "Image";
	/** Row labels of the summary rows the CSV ends with. */
	public static final String MEAN_ROW = "mean", STD_ROW = "std";

	private final Map<String, BinaryMetrics> rows = new LinkedHashMap<>();

	/** Adds the row of one image; names must be unique. */
	public void add(String image, BinaryMetrics metrics) {
		if (image == null || metrics == null) throw new IllegalArgumentException(
			"image name and metrics must not be null");
		if (rows.containsKey(image)) throw new IllegalArgumentException(
			"the table already has a row for image '" + image + "'");
		rows.put(image, metrics);
	}

	public int size() {
		return rows.size();
	}

	/** Image names in insertion order. */
	public List<String> images() {
		return Collections.unmodifiableList(new ArrayList<>(rows.keySet()));
	}

	public BinaryMetrics row(String image) {
		BinaryMetrics m = rows.get(image);
		if (m == null) throw new IllegalArgumentException(
			"the table has no row for image '" + image + "'");
		return m;
	}

	/** Number of images whose value of the metric is not NaN. */
	public int count(String metric) {
		return definedValues(metric).length;
	}

	/** Mean over images, NaN skipped; NaN if no image has a value. */
	public double mean(String metric) {
		double[] v = definedValues(metric);
		if (v.length == 0) return Double.NaN;
		double sum = 0;
		for (double x : v)
			sum += x;
		return sum / v.length;
	}

	/**
	 * Sample standard deviation (n - 1) over images, NaN skipped; NaN for fewer
	 * than 2 values.
	 */
	public double std(String metric) {
		double[] v = definedValues(metric);
		if (v.length < 2) return Double.NaN;
		double mean = mean(metric), squares = 0;
		for (double x : v)
			squares += (x - mean) * (x - mean);
		return Math.sqrt(squares / (v.length - 1));
	}

	/**
	 * Writes the table as CSV: a header row ({@value #IMAGE_COLUMN} then
	 * {@link BinaryMetrics#COLUMNS}), one row per image, then a
	 * {@value #MEAN_ROW} and a {@value #STD_ROW} row. Numbers are written
	 * locale-independently ("0.5", "NaN"), an image's pixel counts as integers.
	 * The writer is not closed.
	 */
	public void writeCsv(Writer out) throws IOException {
		ICSVWriter csv = CsvFormat.writer(out);
		List<String> header = new ArrayList<>();
		header.add(IMAGE_COLUMN);
		header.addAll(BinaryMetrics.COLUMNS);
		CsvFormat.write(csv, header.toArray(new String[0]));
		for (Map.Entry<String, BinaryMetrics> row : rows.entrySet()) {
			List<String> fields = new ArrayList<>();
			fields.add(row.getKey());
			for (Map.Entry<String, Double> cell : row.getValue().asMap().entrySet()) {
				boolean count = BinaryMetrics.COUNT_COLUMNS.contains(cell.getKey());
				fields.add(count ? Long.toString(cell.getValue().longValue()) : Double
					.toString(cell.getValue()));
			}
			CsvFormat.write(csv, fields.toArray(new String[0]));
		}
		for (String label : new String[] { MEAN_ROW, STD_ROW }) {
			List<String> fields = new ArrayList<>();
			fields.add(label);
			for (String c : BinaryMetrics.COLUMNS)
				fields.add(Double.toString(label.equals(MEAN_ROW) ? mean(c) : std(c)));
			CsvFormat.write(csv, fields.toArray(new String[0]));
		}
		csv.flush();
		if (csv.checkError()) throw new IOException(
			"writing the metrics table failed", csv.getException());
	}

	/**
	 * Reads a table back from what {@link #writeCsv} wrote: the header, the image
	 * rows (the ratios are derived again from the counts, AUC and HD95 are read),
	 * then the {@value #MEAN_ROW} and {@value #STD_ROW} rows, which are checked
	 * for their labels and otherwise recomputed. A table read back writes the
	 * same CSV. The reader is not closed.
	 *
	 * @throws IOException when reading fails or the text is not such a table (the
	 *           message names the line)
	 */
	public static MetricsTable readCsv(Reader in) throws IOException {
		List<List<String>> records = parseCsv(in);
		List<String> header = new ArrayList<>();
		header.add(IMAGE_COLUMN);
		header.addAll(BinaryMetrics.COLUMNS);
		if (records.isEmpty() || !records.get(0).equals(header))
			throw new IOException(
				"not a CE-Net metrics table: the first line must be " + String.join(",",
					header));
		if (records.size() < 3 || !records.get(records.size() - 2).get(0).equals(
			MEAN_ROW) || !records.get(records.size() - 1).get(0).equals(STD_ROW))
			throw new IOException(
				"not a complete CE-Net metrics table: it must end with a " + MEAN_ROW +
					" and a " + STD_ROW + " row");
		MetricsTable table = new MetricsTable();
		for (int r = 1; r < records.size() - 2; r++) {
			List<String> cells = records.get(r);
			if (cells.size() != header.size()) throw new IOException("record " + (r +
				1) + " has " + cells.size() + " fields, not " + header.size());
			try {
				long[] counts = new long[4];
				for (int c = 0; c < 4; c++)
					counts[c] = Long.parseLong(cells.get(1 + c));
				double auc = Double.parseDouble(cells.get(1 + BinaryMetrics.COLUMNS
					.indexOf("AUC")));
				double hd95 = Double.parseDouble(cells.get(1 + BinaryMetrics.COLUMNS
					.indexOf("HD95_px")));
				table.add(cells.get(0), new BinaryMetrics(new ConfusionCounts(counts[0],
					counts[1], counts[2], counts[3]), auc, hd95));
			}
			catch (IllegalArgumentException e) { // NumberFormatException included
				throw new IOException("record " + (r + 1) + " (" + cells.get(0) +
					"): " + e.getMessage(), e);
			}
		}
		return table;
	}

	private static List<List<String>> parseCsv(Reader in) throws IOException {
		List<List<String>> records = new ArrayList<>();
		CSVReader csv = CsvFormat.reader(in);
		for (String[] record; (record = CsvFormat.next(csv,
			"metrics table")) != null;)
			records.add(Arrays.asList(record));
		return records;
	}

	private double[] definedValues(String metric) {
		if (!BinaryMetrics.COLUMNS.contains(metric))
			throw new IllegalArgumentException("no metric named '" + metric +
				"'; known: " + BinaryMetrics.COLUMNS);
		double[] all = new double[rows.size()];
		int n = 0;
		for (BinaryMetrics m : rows.values()) {
			double v = m.get(metric);
			if (!Double.isNaN(v)) all[n++] = v;
		}
		return Arrays.copyOf(all, n);
	}
}
