
package sc.fiji.cenet.csv;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.io.StringReader;
import java.io.StringWriter;

import com.opencsv.CSVReader;
import com.opencsv.ICSVWriter;

import org.junit.Test;

/**
 * RFC 4180 both ways: what one side writes the other reads back, field for
 * field.
 */
public class CsvFormatTest {

	@Test
	public void quotesOnlyWhereNeededAndEndsRecordsWithNewline()
		throws Exception
	{
		final StringWriter out = new StringWriter();
		final ICSVWriter w = CsvFormat.writer(out);
		CsvFormat.write(w, "image", "Dice");
		CsvFormat.write(w, "a,b", "say \"hi\"");
		CsvFormat.write(w, "C:\\data\\01.tif", "two\nlines");
		w.flush();
		assertEquals(
			"image,Dice\n\"a,b\",\"say \"\"hi\"\"\"\nC:\\data\\01.tif,\"two\nlines\"\n",
			out.toString());
	}

	@Test
	public void readsBackslashesAsPlainCharactersAndWindowsLineEnds()
		throws Exception
	{
		// OpenCSV's default parser would take the backslashes as escapes
		try (CSVReader r = CsvFormat.reader(new StringReader(
			"image,Dice\r\nC:\\data\\01.tif,0.5\r\n\"q \"\"x\"\"\nz\",NaN\r\n")))
		{
			assertArrayEquals(new String[] { "image", "Dice" }, r.readNext());
			assertArrayEquals(new String[] { "C:\\data\\01.tif", "0.5" }, r
				.readNext());
			assertArrayEquals(new String[] { "q \"x\"\nz", "NaN" }, r.readNext());
			assertNull(r.readNext());
		}
	}
}
