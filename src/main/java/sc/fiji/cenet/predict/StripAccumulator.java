
package sc.fiji.cenet.predict;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Weighted sums of tile probabilities for one strip: image rows [top, top +
 * height) across the full image width. Tiles of the current tile row add into
 * it; rows no later tile row reaches are divided by their weight sum, written
 * out, and the strip moves down. Its size depends on the image width and the
 * tile height, never on the image height.
 */
final class StripAccumulator {

	private final int height;
	private final int width;
	private final int classes;
	/** Row-major (row, x, class) weighted sums. */
	private final float[] sums;
	/** Row-major (row, x) sums of the weights. */
	private final float[] weights;

	StripAccumulator(int height, int width, int classes) {
		this.height = height;
		this.width = width;
		this.classes = classes;
		long size = (long) height * width * classes;
		if (size > Integer.MAX_VALUE) throw new IllegalArgumentException(
			"An image " + width +
				" pixels wide is too wide to predict in strips of " + height +
				" rows with " + classes + " classes");
		sums = new float[(int) size];
		weights = new float[height * width];
	}

	long bytes() {
		return 4L * (sums.length + weights.length);
	}

	/**
	 * Adds one tile of probabilities whose first column is image column x0 and
	 * whose first row is the strip's first row; columns outside the image are
	 * dropped.
	 *
	 * @param probs NHWC probabilities holding the tile at {@code offset}
	 * @param rowWeights blending weight of each tile row (length = strip height)
	 * @param columnWeights blending weight of each tile column (length = tile
	 *          width)
	 */
	void add(float[] probs, int offset, int x0, float[] rowWeights,
		float[] columnWeights)
	{
		int tileWidth = columnWeights.length;
		int from = Math.max(0, -x0), to = Math.min(tileWidth, width - x0);
		for (int ty = 0; ty < height; ty++)
			for (int tx = from; tx < to; tx++) {
				float w = rowWeights[ty] * columnWeights[tx];
				int pixel = ty * width + x0 + tx;
				weights[pixel] += w;
				int src = offset + (ty * tileWidth + tx) * classes, dst = pixel *
					classes;
				for (int k = 0; k < classes; k++)
					sums[dst + k] += w * probs[src + k];
			}
	}

	/**
	 * Writes the normalised first {@code rows} strip rows, which start at image
	 * row {@code top}, into {@code output} (X, Y, class), skipping rows outside
	 * [0, imageHeight).
	 */
	void write(RandomAccessibleInterval<FloatType> output, int top, int rows,
		int imageHeight)
	{
		int first = Math.max(top, 0), last = Math.min(top + rows, imageHeight) - 1;
		if (first > last) return;
		Cursor<FloatType> out = Views.flatIterable(Views.interval(output,
			new long[] { 0, first, 0 }, new long[] { width - 1, last, classes - 1 }))
			.cursor();
		for (int k = 0; k < classes; k++)
			for (int y = first; y <= last; y++)
				for (int x = 0, pixel = (y - top) * width; x < width; x++, pixel++)
					out.next().setReal(sums[pixel * classes + k] / weights[pixel]);
	}

	/**
	 * Moves the strip down by {@code rows}: drops the first rows and clears the
	 * new ones at the bottom.
	 */
	void shift(int rows) {
		int keep = height - rows;
		System.arraycopy(sums, rows * width * classes, sums, 0, keep * width *
			classes);
		Arrays.fill(sums, keep * width * classes, sums.length, 0f);
		System.arraycopy(weights, rows * width, weights, 0, keep * width);
		Arrays.fill(weights, keep * width, weights.length, 0f);
	}
}
