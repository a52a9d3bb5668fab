
package sc.fiji.cenet.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Lazy views that give an image the channel count a model expects. Colour to
 * gray is the plain mean of the channels, not a luminance weighting: it keeps
 * the 0..255 range and favours no colour, which suits microscopy stains as much
 * as photographs. Gray to colour replicates the gray channel.
 */
public final class ChannelConversion {

	private ChannelConversion() {}

	/**
	 * The mean over the channel axis of (X, Y, C); (X, Y) images come back as
	 * float views of themselves.
	 */
	public static RandomAccessibleInterval<FloatType> toGray(
		RandomAccessibleInterval<? extends RealType<?>> img)
	{
		if (img.numDimensions() == 2) return asFloat(img);
		if (img.numDimensions() != 3) throw new IllegalArgumentException(
			"expected axes (X, Y) or (X, Y, C), not " + img.numDimensions() +
				" axes");
		return meanOfChannels(img);
	}

	/**
	 * (X, Y) replicated into (X, Y, C) with {@code channels} identical channels.
	 */
	public static <T> RandomAccessibleInterval<T> replicate(
		RandomAccessibleInterval<T> gray, int channels)
	{
		if (gray.numDimensions() != 2) throw new IllegalArgumentException(
			"only a gray (X, Y) image can be replicated, not one of " + gray
				.numDimensions() + " axes");
		return Views.addDimension(gray, 0, channels - 1);
	}

	/**
	 * Whether an image of {@code have} channels can be given {@code channels}:
	 * the same count, colour to gray or gray to colour.
	 */
	public static boolean canConvert(int have, int channels) {
		return have == channels || channels == 1 || have == 1;
	}

	/**
	 * The image with {@code channels} channels (1 = (X, Y), else (X, Y, C)):
	 * unchanged when it has them, averaged to gray, or gray replicated.
	 *
	 * @throws IllegalArgumentException when neither applies (e.g. 2 channels to
	 *           3)
	 */
	public static RandomAccessibleInterval<FloatType> toChannels(
		RandomAccessibleInterval<? extends RealType<?>> img, int channels)
	{
		int have = Normalization.channels(img);
		if (!canConvert(have, channels)) throw new IllegalArgumentException(
			"cannot turn an image of " + have + " channels into " + channels +
				" channels");
		if (have == channels) return asFloat(img);
		if (channels == 1) return toGray(img);
		return replicate(firstChannel(img), channels);
	}

	private static <T extends RealType<?>> RandomAccessibleInterval<FloatType>
		asFloat(RandomAccessibleInterval<T> img)
	{
		return Converters.convert(img, (in, out) -> out.set(in.getRealFloat()),
			new FloatType());
	}

	/**
	 * The (X, Y) plane of a one-channel image, whether or not it has a channel
	 * axis.
	 */
	private static <T extends RealType<?>> RandomAccessibleInterval<FloatType>
		firstChannel(RandomAccessibleInterval<T> img)
	{
		return asFloat(img.numDimensions() == 3 ? Views.hyperSlice(img, 2, img.min(
			2)) : img);
	}

	private static <T extends RealType<?>> RandomAccessibleInterval<FloatType>
		meanOfChannels(RandomAccessibleInterval<T> img)
	{
		int channels = Math.toIntExact(img.dimension(2));
		// a composite indexes its channels from 0: move the channel axis there
		RandomAccessibleInterval<T> zeroChannel = Views.translate(img, 0, 0, -img
			.min(2));
		return Converters.convert(Views.collapse(zeroChannel), (in, out) -> {
			float sum = 0;
			for (int c = 0; c < channels; c++)
				sum += in.get(c).getRealFloat();
			out.set(sum / channels);
		}, new FloatType());
	}
}
