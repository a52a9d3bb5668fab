
package sc.fiji.cenet.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import sc.fiji.cenet.data.Sizes;
import sc.fiji.cenet.progress.PartProgress;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Predicts a stack (X, Y, [C,] Z, T, ...) one 2-D (X, Y[, C]) slice at a time.
 * Axes 0 and 1 are X and Y; the caller names the channel axis, if any, and
 * every other axis is a slice axis. The probabilities have axes (X, Y, [K,]
 * slice axes in their order), K only for more than one class.
 */
public final class SlicewisePrediction {

	/** Channel axis value for images without one. */
	public static final int NO_CHANNEL_AXIS = -1;

	private SlicewisePrediction() {}

	/**
	 * The dimensions of the probabilities of {@code image}: X, Y, [K,] then the
	 * slice axes.
	 */
	public static long[] outputDimensions(RandomAccessibleInterval<?> image,
		int channelAxis, int classes)
	{
		List<Integer> sliceAxes = sliceAxes(image, channelAxis);
		int first = classes == 1 ? 2 : 3;
		long[] dims = new long[first + sliceAxes.size()];
		dims[0] = image.dimension(0);
		dims[1] = image.dimension(1);
		if (classes > 1) dims[2] = classes;
		for (int j = 0; j < sliceAxes.size(); j++)
			dims[first + j] = image.dimension(sliceAxes.get(j));
		return dims;
	}

	/**
	 * Predicts into a new {@code ArrayImg}; see {@link #outputDimensions} for its
	 * axes.
	 */
	public static Img<FloatType> probabilities(Predictor predictor,
		RandomAccessibleInterval<? extends RealType<?>> image, int channelAxis,
		ProgressListener progress)
	{
		long[] dims = outputDimensions(image, channelAxis, predictor
			.outputChannels());
		if (Intervals.numElements(dims) > Integer.MAX_VALUE)
			throw new IllegalArgumentException(
				"The probabilities of this stack are too large for one array; pass a " +
					"CellImg as output instead");
		Img<FloatType> output = ArrayImgs.floats(dims);
		probabilities(predictor, image, channelAxis, output, progress);
		return output;
	}

	/**
	 * Predicts every slice into {@code output}, whose dimensions must be
	 * {@link #outputDimensions}.
	 */
	public static void probabilities(Predictor predictor,
		RandomAccessibleInterval<? extends RealType<?>> image, int channelAxis,
		RandomAccessibleInterval<FloatType> output, ProgressListener progress)
	{
		long[] expected = outputDimensions(image, channelAxis, predictor
			.outputChannels());
		if (!Arrays.equals(expected, Intervals.dimensionsAsLongArray(output)))
			throw new IllegalArgumentException("The output must be " + Sizes.of(
				expected) + ", not " + Sizes.of(Intervals.dimensionsAsLongArray(
					output)));
		predictSlices(predictor, Views.zeroMin(image), sliceAxes(image,
			channelAxis), Views.zeroMin(output), progress);
	}

	private static <T extends RealType<?>> void predictSlices(Predictor predictor,
		RandomAccessibleInterval<T> image, List<Integer> sliceAxes,
		RandomAccessibleInterval<FloatType> output, ProgressListener progress)
	{
		int firstOutputSliceAxis = output.numDimensions() - sliceAxes.size();
		long[] position = new long[sliceAxes.size()];
		long slices = 1;
		for (int axis : sliceAxes)
			slices *= image.dimension(axis);
		for (long s = 0; s < slices; s++) {
			RandomAccessibleInterval<T> in = image;
			RandomAccessibleInterval<FloatType> out = output;
			// Highest axis first, so the lower axis indices stay valid.
			for (int j = sliceAxes.size() - 1; j >= 0; j--) {
				in = Views.hyperSlice(in, sliceAxes.get(j), position[j]);
				out = Views.hyperSlice(out, firstOutputSliceAxis + j, position[j]);
			}
			predictor.probabilities(in, out, PartProgress.numbered(progress, "slice",
				s, slices));
			for (int j = 0; j < position.length && ++position[j] == image.dimension(
				sliceAxes.get(j)); j++)
				position[j] = 0;
		}
	}

	private static List<Integer> sliceAxes(RandomAccessibleInterval<?> image,
		int channelAxis)
	{
		int n = image.numDimensions();
		if (n < 2) throw new IllegalArgumentException(
			"A stack needs X and Y axes, this image has " + n + " axes");
		if (channelAxis != NO_CHANNEL_AXIS && (channelAxis < 2 || channelAxis >= n))
			throw new IllegalArgumentException(
				"The channel axis must be one of 2 .. " + (n - 1) + " or " +
					NO_CHANNEL_AXIS + " for none, not " + channelAxis);
		List<Integer> axes = new ArrayList<>();
		for (int d = 2; d < n; d++)
			if (d != channelAxis) axes.add(d);
		return axes;
	}
}
