package sc.fiji.cenet.commands;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.predict.Predictor;
import sc.fiji.cenet.predict.SlicewisePrediction;
import sc.fiji.cenet.predict.TileModel;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Segments images of any size and plane count with a trained model: each
 * plane is prepared as in training ({@link NetworkInput}) and predicted on
 * its own. Does not own the network.
 */
final class Segmenter {

	private final TrainedModel model;
	private final NetworkInput input;
	private final Predictor predictor;

	/**
	 * @param network the model's network, e.g. a {@link sc.fiji.cenet.model.CENetInference}
	 * @throws IllegalArgumentException for a tile size the model does not
	 *           accept or malformed model metadata
	 */
	Segmenter(final TrainedModel model, final TileModel network, final PredictionSettings settings,
		final boolean convertChannels)
	{
		this.model = model;
		this.input = new NetworkInput(model, convertChannels);
		this.predictor = new Predictor(network, settings);
	}

	/** 1 for a sigmoid foreground probability, K > 1 for softmax classes. */
	int classes() {
		return model.config().classes();
	}

	/** Fails early, with the message a user needs, when the image's channels do not fit. */
	void requireCompatible(final int channels) {
		input.requireCompatible(channels);
	}

	/**
	 * @param image axes X, Y, [C,] then plane axes (Z, T, ...); C = R, G, B for colour
	 * @param hasChannelAxis whether axis 2 is C
	 * @param bitDepth 8, 16, 24 (RGB) or 32: picks the normalisation when the model records none
	 * @return probabilities (X, Y, P) for one class or (X, Y, K, P) for K
	 *         classes; P runs over the planes in flat order (1 for a 2-D image)
	 */
	Img<FloatType> probabilities(final RandomAccessibleInterval<? extends RealType<?>> image,
		final boolean hasChannelAxis, final int bitDepth, final ProgressListener progress)
	{
		requireCompatible(ImagePlanes.channels(image, hasChannelAxis));
		final List<RandomAccessibleInterval<FloatType>> prepared = new ArrayList<>();
		for (final RandomAccessibleInterval<? extends RealType<?>> plane : ImagePlanes.of(
			withoutSingletonChannel(image, hasChannelAxis), hasChannelAxis && image.dimension(2) > 1))
			prepared.add(input.prepare(plane, bitDepth));
		final RandomAccessibleInterval<FloatType> stack = Views.stack(prepared);
		final int channelAxis = model.config().inputChannels() > 1 ? 2
			: SlicewisePrediction.NO_CHANNEL_AXIS;
		return SlicewisePrediction.probabilities(predictor, stack, channelAxis, progress);
	}

	private static <T> RandomAccessibleInterval<T> withoutSingletonChannel(
		final RandomAccessibleInterval<T> image, final boolean hasChannelAxis)
	{
		return hasChannelAxis && image.dimension(2) == 1 ? Views.hyperSlice(image, 2, image.min(2))
			: image;
	}
}
