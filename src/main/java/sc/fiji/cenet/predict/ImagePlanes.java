
package sc.fiji.cenet.predict;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.view.Views;

/**
 * The 2-D planes (X, Y) or (X, Y, C) of an image with axes X, Y, [C,] then any
 * number of plane axes (Z, T, ...), in flat order: the first plane axis runs
 * fastest, as in ImageJ's stacks.
 */
final class ImagePlanes {

	private ImagePlanes() {}

	/** @param hasChannelAxis whether axis 2 is the channel axis */
	static <T> List<RandomAccessibleInterval<T>> of(
		final RandomAccessibleInterval<T> image, final boolean hasChannelAxis)
	{
		final int first = firstPlaneAxis(image, hasChannelAxis);
		final int n = image.numDimensions();
		final long[] position = new long[n - first];
		long count = 1;
		for (int d = first; d < n; d++)
			count *= image.dimension(d);
		final List<RandomAccessibleInterval<T>> planes = new ArrayList<>();
		for (long p = 0; p < count; p++) {
			RandomAccessibleInterval<T> plane = image;
			// highest axis first, so that the lower axis indices stay valid
			for (int d = n - 1; d >= first; d--)
				plane = Views.hyperSlice(plane, d, image.min(d) + position[d - first]);
			planes.add(plane);
			for (int j = 0; j < position.length && ++position[j] == image.dimension(
				first + j); j++)
				position[j] = 0;
		}
		return planes;
	}

	/**
	 * Number of channels: the size of axis 2 when it is the channel axis, else 1.
	 */
	static int channels(final RandomAccessibleInterval<?> image,
		final boolean hasChannelAxis)
	{
		if (image.numDimensions() < 2) throw new IllegalArgumentException(
			"an image needs X and Y axes, not " + image.numDimensions() + " axes");
		return hasChannelAxis ? Math.toIntExact(image.dimension(2)) : 1;
	}

	private static int firstPlaneAxis(final RandomAccessibleInterval<?> image,
		final boolean hasChannelAxis)
	{
		final int first = hasChannelAxis ? 3 : 2;
		if (image.numDimensions() < first) throw new IllegalArgumentException(
			"an image with a " + "channel axis needs axes X, Y, C, not " + image
				.numDimensions() + " axes");
		return first;
	}
}
