
package sc.fiji.cenet.predict;

import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Extends an (X, Y, C) image beyond its border by mirroring, so tiles at the
 * edge are full size.
 */
final class Mirroring {

	private Mirroring() {}

	/**
	 * Mirrors X and Y about the edge pixels (which are not repeated). An axis of
	 * one pixel is first widened to two copies of it, because imglib2's
	 * single-boundary mirror has a period of zero there; the mirror of a single
	 * pixel is that pixel repeated either way.
	 */
	static <T> RandomAccessible<T> extend(RandomAccessibleInterval<T> image) {
		RandomAccessibleInterval<T> source = image;
		for (int d = 0; d < 2; d++) {
			if (source.dimension(d) > 1) continue;
			long[] max = Intervals.maxAsLongArray(source);
			max[d] = source.min(d) + 1;
			source = Views.interval(Views.extendBorder(source), Intervals
				.minAsLongArray(source), max);
		}
		return Views.extendMirrorSingle(source);
	}
}
