
package sc.fiji.cenet.predict;

import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import sc.fiji.cenet.data.ChannelConversion;
import sc.fiji.cenet.data.ChannelOrder;
import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.io.TrainedModel;

/**
 * Prepares one image plane for a trained model exactly as its training images
 * were prepared: channel conversion, then the model's {@link Normalization},
 * then its {@link ChannelOrder}.
 */
public final class NetworkInput {

	private final int modelChannels;
	private final Normalization normalization;
	private final ChannelOrder channelOrder;
	private final boolean convertChannels;

	/**
	 * @param convertChannels whether an image with another channel count is
	 *          turned to gray (mean) or replicated to colour
	 * @throws IllegalArgumentException when the model's metadata are malformed
	 */
	NetworkInput(final TrainedModel model, final boolean convertChannels) {
		this.modelChannels = model.config().inputChannels();
		this.normalization = normalizationOf(model);
		this.channelOrder = channelOrderOf(model);
		this.convertChannels = convertChannels;
	}

	/**
	 * The normalisation a model records; null when it records none (a model file
	 * written by another tool), in which case the image's bit depth decides, as
	 * in training.
	 */
	public static Normalization normalizationOf(final TrainedModel model) {
		if (model.metadata(TrainedModel.NORMALIZATION_PREFIX + "kind") == null)
			return null;
		try {
			return Normalization.fromProperties(model.metadata(),
				TrainedModel.NORMALIZATION_PREFIX);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(
				"the model file has an invalid normalization: " + e.getMessage(), e);
		}
	}

	/** The channel order a model records (RGB or BGR); the one reader of it. */
	public static ChannelOrder channelOrderOf(final TrainedModel model) {
		final String order = model.channelOrder();
		try {
			return ChannelOrder.valueOf(order.toUpperCase(Locale.ROOT));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("the model file has channel_order '" +
				order + "'; expected RGB or BGR", e);
		}
	}

	/**
	 * Checks that an image with {@code channels} channels can be fed to the
	 * model; call before the work starts, for a clear message.
	 */
	void requireCompatible(final int channels) {
		if (channels == modelChannels) return;
		if (!convertChannels) throw new IllegalArgumentException(
			"the model expects " + plural(modelChannels) + ", the image has " +
				channels + "; tick convert_channels");
		if (!ChannelConversion.canConvert(channels, modelChannels))
			throw new IllegalArgumentException("the model expects " + plural(
				modelChannels) + ", the image has " + channels +
				", which cannot be converted (only gray <-> colour): make the image " +
				(modelChannels == 3 ? "RGB (Image > Color > Stack to RGB)"
					: "gray (Image > Type > 8-bit)") + " or pick its channels " +
				"(Image > Duplicate... with the channels wanted)");
	}

	/**
	 * @param plane (X, Y) or (X, Y, C), C = R, G, B for colour
	 * @param bitDepth of the image (8, 16, 24 or 32), used when the model records
	 *          no normalisation
	 * @return the normalised plane, (X, Y) for a 1-channel model, else (X, Y, C);
	 *         a lazy view
	 * @throws IllegalArgumentException for a plane the model's normalisation does
	 *           not suit ({@link Normalization#requireSuited})
	 */
	RandomAccessibleInterval<FloatType> prepare(
		final RandomAccessibleInterval<? extends RealType<?>> plane,
		final int bitDepth)
	{
		requireCompatible(plane.numDimensions() == 2 ? 1 : Math.toIntExact(plane
			.dimension(2)));
		final RandomAccessibleInterval<FloatType> converted = ChannelConversion
			.toChannels(plane, modelChannels);
		final Normalization n = normalization != null ? normalization
			: Normalization.defaultFor(bitDepth);
		n.requireSuited(plane, bitDepth);
		return channelOrder.fromRgb(n.normalize(converted));
	}

	private static String plural(final int channels) {
		return channels + (channels == 1 ? " channel" : " channels");
	}
}
