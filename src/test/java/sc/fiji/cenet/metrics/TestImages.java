
package sc.fiji.cenet.metrics;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Tiny test images drawn as text: one string per row (Y), one character per
 * column (X).
 */
final class TestImages {

	private TestImages() {}

	/** '#' is true, anything else false; flat with X fastest. */
	static boolean[] mask(String... rows) {
		boolean[] m = new boolean[rows.length * rows[0].length()];
		for (int y = 0; y < rows.length; y++)
			for (int x = 0; x < rows[y].length(); x++)
				m[y * rows[0].length() + x] = rows[y].charAt(x) == '#';
		return m;
	}

	static int[] dims(String... rows) {
		return new int[] { rows[0].length(), rows.length };
	}

	/** '#' is {@code foreground}, anything else 0. */
	static ArrayImg<FloatType, FloatArray> image(float foreground,
		String... rows)
	{
		boolean[] m = mask(rows);
		float[] data = new float[m.length];
		for (int i = 0; i < m.length; i++)
			data[i] = m[i] ? foreground : 0;
		return ArrayImgs.floats(data, rows[0].length(), rows.length);
	}

	/** An X x Y image of the given values, X fastest. */
	static ArrayImg<FloatType, FloatArray> image(int width, int height,
		float... values)
	{
		return ArrayImgs.floats(values, width, height);
	}
}
