
package sc.fiji.cenet.ij;

import ij.measure.ResultsTable;
import sc.fiji.cenet.metrics.BinaryMetrics;
import sc.fiji.cenet.metrics.MetricsTable;

/**
 * A {@link MetricsTable} as an ImageJ {@link ResultsTable}, so macros read
 * metrics with {@code getResult("Dice", row)}: the columns are
 * {@value MetricsTable#IMAGE_COLUMN} and {@link BinaryMetrics#COLUMNS}, one row
 * per image, then a {@value MetricsTable#MEAN_ROW} and a
 * {@value MetricsTable#STD_ROW} row, as in the CSV file.
 */
public final class MetricsResults {

	/** Title of the table the evaluation shows. */
	public static final String TITLE = "CE-Net Metrics";

	private MetricsResults() {}

	public static ResultsTable toResultsTable(final MetricsTable metrics) {
		final ResultsTable table = new ResultsTable();
		table.showRowNumbers(false);
		for (final String image : metrics.images()) {
			table.incrementCounter();
			table.addValue(MetricsTable.IMAGE_COLUMN, image);
			final BinaryMetrics row = metrics.row(image);
			for (final String column : BinaryMetrics.COLUMNS)
				table.addValue(column, row.get(column));
		}
		table.incrementCounter();
		table.addValue(MetricsTable.IMAGE_COLUMN, MetricsTable.MEAN_ROW);
		for (final String column : BinaryMetrics.COLUMNS)
			table.addValue(column, metrics.mean(column));
		table.incrementCounter();
		table.addValue(MetricsTable.IMAGE_COLUMN, MetricsTable.STD_ROW);
		for (final String column : BinaryMetrics.COLUMNS)
			table.addValue(column, metrics.std(column));
		// Counts show as integers (18539, not 18539.000); their mean and std keep
		// decimals.
		for (final String column : BinaryMetrics.COUNT_COLUMNS)
			table.setDecimalPlaces(table.getColumnIndex(column),
				ResultsTable.AUTO_FORMAT);
		return table;
	}
}
