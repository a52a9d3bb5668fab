
package sc.fiji.cenet.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.view.Views;

/**
 * The order of colour channels that a model expects. Images are read as R, G,
 * B; the reference CE-Net reads with OpenCV, which gives B, G, R, so a model
 * imported from the reference expects channel 0 = blue.
 */
public enum ChannelOrder {

		RGB, BGR;

	/**
	 * The image (X, Y, C) with C = R, G, B reordered to this order, as a view.
	 * Gray images (X, Y) pass unchanged.
	 */
	public <T> RandomAccessibleInterval<T> fromRgb(
		RandomAccessibleInterval<T> img)
	{
		if (this == RGB || img.numDimensions() == 2) return img;
		requireThreeChannels(img);
		// reversing the channel axis turns R, G, B into B, G, R
		return Views.zeroMin(Views.invertAxis(img, 2));
	}

	/**
	 * The channel of an R, G, B image that lands at {@code channel} in this
	 * order.
	 */
	public int sourceChannel(int channel, int channels) {
		return this == RGB || channels == 1 ? channel : channels - 1 - channel;
	}

	private static void requireThreeChannels(RandomAccessibleInterval<?> img) {
		if (img.numDimensions() != 3 || img.dimension(2) != 3)
			throw new IllegalArgumentException(
				"BGR order needs an image with axes (X, Y, C) and 3 channels, not " +
					Sizes.of(img));
	}

}
