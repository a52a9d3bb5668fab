
package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.Test;

public class MetricsTableTest {

	private static final double EPS = 1e-12;

	/** Dice 0.75, AUC 0.9, HD95 1. */
	private static final BinaryMetrics A = new BinaryMetrics(new ConfusionCounts(
		3, 1, 7, 1), 0.9, 1);
	/** Dice 2/3, AUC NaN, HD95 3. */
	private static final BinaryMetrics B = new BinaryMetrics(new ConfusionCounts(
		1, 1, 2, 0), Double.NaN, 3);
	/** Both empty: Dice, AUC and HD95 NaN. */
	private static final BinaryMetrics C = new BinaryMetrics(new ConfusionCounts(
		0, 0, 4, 0), Double.NaN, Double.NaN);

	@Test
	public void meanAndSampleStdSkipNaN() {
		MetricsTable t = table();
		assertEquals(Arrays.asList("a", "b,2", "c"), t.images());
		assertEquals(2, t.count("Dice"));
		assertEquals((0.75 + 2.0 / 3) / 2, t.mean("Dice"), EPS);
		assertEquals((0.75 - 2.0 / 3) / Math.sqrt(2), t.std("Dice"), EPS);
		assertEquals(2, t.mean("HD95_px"), EPS);
		assertEquals(Math.sqrt(2), t.std("HD95_px"), EPS);
		assertEquals(1, t.count("AUC"));
		assertEquals(0.9, t.mean("AUC"), EPS);
		assertTrue(Double.isNaN(t.std("AUC"))); // one value: no sample std
		assertEquals(3, t.count("TP"));
		assertEquals(4.0 / 3, t.mean("TP"), EPS); // TP 3, 1, 0
		assertEquals(Math.sqrt(21) / 3, t.std("TP"), EPS); // (25 + 1 + 16) / 9 / 2
																												// = 21 / 9
	}

	@Test
	public void emptyTableHasNaNSummaries() {
		MetricsTable t = new MetricsTable();
		assertEquals(0, t.count("Dice"));
		assertTrue(Double.isNaN(t.mean("Dice")));
		assertTrue(Double.isNaN(t.std("Dice")));
	}

	@Test
	public void csvHasHeaderRowsMeanAndStd() throws IOException {
		MetricsTable t = new MetricsTable();
		t.add("a", A);
		t.add("b,2", B);
		StringWriter out = new StringWriter();
		t.writeCsv(out);
		String[] lines = out.toString().split("\n", -1);
		assertEquals(5, lines.length - 1);
		assertEquals("", lines[5]);
		assertEquals(
			"Image,TP,FP,TN,FN,Dice,IoU,Accuracy,Sensitivity,Specificity,Precision,AUC,HD95_px",
			lines[0]);
		assertEquals(
			"a,3,1,7,1,0.75,0.6,0.8333333333333334,0.75,0.875,0.75,0.9,1.0",
			lines[1]);
		assertEquals(
			"\"b,2\",1,1,2,0,0.6666666666666666,0.5,0.75,1.0,0.6666666666666666,0.5,NaN,3.0",
			lines[2]);
		String[] mean = lines[3].split(","), std = lines[4].split(",");
		assertEquals("mean", mean[0]);
		assertEquals("std", std[0]);
		assertEquals(13, mean.length);
		assertEquals(13, std.length);
		for (int c = 0; c < BinaryMetrics.COLUMNS.size(); c++) {
			String column = BinaryMetrics.COLUMNS.get(c);
			assertEquals(column, t.mean(column), Double.parseDouble(mean[c + 1]), 0);
			assertEquals(column, t.std(column), Double.parseDouble(std[c + 1]), 0);
		}
		assertEquals(2, Double.parseDouble(mean[1]), 0); // TP (3 + 1) / 2
		assertEquals(0.9, Double.parseDouble(mean[11]), 0); // AUC: B's NaN skipped
	}

	@Test
	public void columnsAreInMapOrder() {
		assertEquals(BinaryMetrics.COLUMNS, Arrays.asList(A.asMap().keySet()
			.toArray()));
		assertEquals(0.75, A.get("Dice"), 0);
		assertEquals(0.9, A.asMap().get("AUC"), 0);
	}

	@Test
	public void rejectsDuplicateImagesAndUnknownMetrics() {
		MetricsTable t = table();
		BinaryEvaluatorTest.expectError("the table already has a row for image 'a'",
			() -> t.add("a", B));
		BinaryEvaluatorTest.expectError("no metric named 'F1'; known: " +
			BinaryMetrics.COLUMNS, () -> t.mean("F1"));
	}

	/**
	 * readCsv gives back what writeCsv wrote: names with commas, quotes and line
	 * breaks, NaN, counts.
	 */
	@Test
	public void csvReadsBackToTheSameTable() throws IOException {
		MetricsTable t = table();
		t.add("q \"x\"\nz", new BinaryMetrics(new ConfusionCounts(5_000_000_000L, 0,
			1, 2), 0.125, Double.NaN));
		String csv = csv(t);
		MetricsTable back = MetricsTable.readCsv(new StringReader(csv));
		assertEquals(t.images(), back.images());
		for (String image : t.images())
			assertEquals(image, t.row(image), back.row(image));
		assertEquals(csv, csv(back));
		String plain = csv(table()); // Windows line ends read alike
		assertEquals(plain, csv(MetricsTable.readCsv(new StringReader(plain.replace(
			"\n", "\r\n")))));
		MetricsTable empty = MetricsTable.readCsv(new StringReader(csv(
			new MetricsTable())));
		assertEquals(0, empty.size());
	}

	@Test
	public void csvThatIsNoMetricsTableIsRejected() {
		String header =
			"Image,TP,FP,TN,FN,Dice,IoU,Accuracy,Sensitivity,Specificity,Precision,AUC,HD95_px\n";
		String tail = "mean,1,1,1,1,1,1,1,1,1,1,1,1\nstd,1,1,1,1,1,1,1,1,1,1,1,1\n";
		unreadable("a,b\n", "not a CE-Net metrics table: the first line must be " +
			header.trim());
		unreadable(header + "a,1,1,1,1,1,1,1,1,1,1,1,1\n",
			"not a complete CE-Net metrics table: it must end with a mean and a std row");
		unreadable(header + "a,1,1\n" + tail, "record 2 has 3 fields, not 13");
		unreadable(header + "a,x,1,1,1,1,1,1,1,1,1,1,1\n" + tail,
			"record 2 (a): For input string: \"x\"");
	}

	private static void unreadable(String csv, String message) {
		try {
			MetricsTable.readCsv(new StringReader(csv));
			org.junit.Assert.fail(csv);
		}
		catch (IOException e) {
			assertEquals(message, e.getMessage());
		}
	}

	private static String csv(MetricsTable t) throws IOException {
		StringWriter out = new StringWriter();
		t.writeCsv(out);
		return out.toString();
	}

	private static MetricsTable table() {
		MetricsTable t = new MetricsTable();
		t.add("a", A);
		t.add("b,2", B);
		t.add("c", C);
		return t;
	}

	/**
	 * Text that is not UTF-8 reaches the caller as such, not as a parse error.
	 */
	@Test(expected = CharacterCodingException.class)
	public void readCsvLetsADecodingErrorThrough() throws IOException {
		final byte[] damaged = { (byte) 0xff, (byte) 0xfe, 0, 1 };
		MetricsTable.readCsv(new InputStreamReader(new ByteArrayInputStream(
			damaged), StandardCharsets.UTF_8.newDecoder()));
	}

	/** A quote left open is named by its line, in one line of text. */
	@Test
	public void anUnclosedQuoteIsNamedByItsLine() {
		try {
			MetricsTable.readCsv(new StringReader("image,TP\n\"a.tif,1\nb.tif,2\n"));
			fail("read");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(
				"metrics table line "));
			assertFalse(e.getMessage(), e.getMessage().contains("\n"));
		}
	}
}
