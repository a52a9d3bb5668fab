
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class RastersTest {

	/**
	 * 8 -> 4 samples source rows 0.5, 2.5, 4.5, 6.5: a block on rows/columns 2..5
	 * becomes 1..2.
	 */
	@Test
	public void resizedBinaryLabelsAreBilinearThenThresholded() {
		byte[] labels = new byte[64];
		for (int y = 2; y <= 5; y++)
			for (int x = 2; x <= 5; x++)
				labels[y * 8 + x] = 1;
		byte[] expected = new byte[16];
		for (int y = 1; y <= 2; y++)
			for (int x = 1; x <= 2; x++)
				expected[y * 4 + x] = 1;
		assertArrayEquals(expected, Rasters.resizeLabels(labels, 8, 8, 4, 4));
	}

	/**
	 * The reference's rule: exactly 0.5 after interpolation is foreground (4 -> 1
	 * samples x = 1.5).
	 */
	@Test
	public void halfIsForeground() {
		assertArrayEquals(new byte[] { 1 }, Rasters.resizeLabels(new byte[] { 1,
			0 }, 2, 1, 1, 1));
		assertArrayEquals(new byte[] { 1 }, Rasters.resizeLabels(new byte[] { 0, 0,
			1, 0 }, 4, 1, 1, 1));
		assertArrayEquals(new byte[] { 0 }, Rasters.resizeLabels(new byte[] { 0, 0,
			0, 1 }, 4, 1, 1, 1));
		assertNull(Rasters.resizeLabels(null, 4, 1, 1, 1));
	}

	/**
	 * A one-pixel line, shrunk by 0.8: nearest neighbour drops every fifth row of
	 * a vertical line from the columns it keeps, or the whole line; bilinear +
	 * threshold keeps it in every row.
	 */
	@Test
	public void thinLinesStayConnected() {
		int w = 25, h = 25, nw = 20, nh = 20;
		for (int column = 0; column < w; column++) {
			byte[] labels = new byte[w * h];
			for (int y = 0; y < h; y++)
				labels[y * w + column] = 1;
			byte[] out = Rasters.resizeLabels(labels, w, h, nw, nh);
			int rowsWithLine = 0;
			for (int y = 0; y < nh; y++) {
				boolean any = false;
				for (int x = 0; x < nw; x++)
					any |= out[y * nw + x] == 1;
				if (any) rowsWithLine++;
			}
			assertEquals("column " + column, rowsWithLine == 0 ? 0 : nh,
				rowsWithLine);
		}
	}

	/**
	 * Several classes: each class's indicator is resampled, the largest wins,
	 * ties to the lower class.
	 */
	@Test
	public void multiClassLabelsTakeTheStrongestClass() {
		byte[] labels = new byte[8 * 8];
		for (int y = 0; y < 8; y++)
			for (int x = 0; x < 8; x++)
				labels[y * 8 + x] = (byte) (x < 4 ? 0 : y < 4 ? 1 : 2);
		byte[] out = Rasters.resizeLabels(labels, 8, 8, 4, 4);
		byte[] expected = { 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 2, 2, 0, 0, 2, 2 };
		assertArrayEquals(expected, out);
		// a pixel half class 1, half class 2 goes to class 1
		assertArrayEquals(new byte[] { 1 }, Rasters.resizeLabels(new byte[] { 1,
			2 }, 2, 1, 1, 1));
	}

	@Test
	public void warpedLabelsAreZeroOutsideTheSource() {
		byte[] labels = new byte[16];
		java.util.Arrays.fill(labels, (byte) 1);
		// shift right by 2: the two left columns come from outside
		byte[] out = Rasters.warpLabels(labels, 4, 4, new double[] { 1, 0, -2, 0, 1,
			0 });
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++)
				assertEquals(x + "," + y, x < 2 ? 0 : 1, out[y * 4 + x]);
	}
}
