
package sc.fiji.cenet.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetGraph;
import sc.fiji.cenet.model.CENetInference;
import sc.fiji.cenet.model.JavaHeap;
import sc.fiji.cenet.model.TileModel;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * A trained CE-Net, open in TensorFlow: "load a model, segment this image". The
 * one segmentation API of the plugin, used by its commands, its headless runner
 * and scripts:
 *
 * <pre>
 * try (CENetModel model = CENetModel.open(Paths.get("vessels.cenet"), false)) {
 * 	Segmentation s = model.segment(image, ImageAxes.of("XYC"),
 * 		PredictionSettings.builder().output("mask").build(),
 * 		ProgressListener.NONE);
 * 	RandomAccessibleInterval&lt;? extends RealType&lt;?&gt;&gt; mask = s.image();
 * }
 * </pre>
 *
 * Every plane is prepared as the model's training images were (channel
 * conversion, normalisation, channel order, all recorded in the model) and
 * predicted on its own. In Fiji, the {@code CENetModelService} keeps models
 * open between calls.
 */
public final class CENetModel implements AutoCloseable {

	private final TrainedModel model;
	private final TileModel network;
	private final AutoCloseable owned;
	private volatile boolean closed;

	private CENetModel(final TrainedModel model, final TileModel network,
		final AutoCloseable owned)
	{
		this.model = model;
		this.network = network;
		this.owned = owned;
	}

	/**
	 * Reads a model file and opens it in TensorFlow; close it when done.
	 *
	 * @param useGpu run on an NVIDIA GPU when one is usable
	 * @throws IOException when the file is not a readable model
	 */
	public static CENetModel open(final Path modelFile, final boolean useGpu)
		throws IOException
	{
		// the weights go from the file into TensorFlow a few at a time: no copy of
		// them all on the heap,
		// neither while loading nor while the model stays open (the model service)
		final CENetModel opened;
		try (ModelFile.WeightReader file = ModelFile.openWeights(modelFile)) {
			final TrainedModel model = file.description();
			final CENetInference network = new CENetInference(model.config(), file
				.weightsInReusedArrays(), CENetGraph.Mode.FOLDED_INFERENCE, useGpu);
			opened = new CENetModel(model, network, network);
		}
		catch (final UncheckedIOException e) { // a damaged weight, found while
																						// loading
			throw e.getCause();
		}
		// after the reader is closed: its reused weight arrays are garbage too
		JavaHeap.releaseLoadingGarbage();
		return opened;
	}

	/**
	 * A model on a network the caller owns (closing this model leaves it open).
	 */
	public static CENetModel of(final TrainedModel model,
		final TileModel network)
	{
		return new CENetModel(model, network, null);
	}

	/**
	 * The model file's configuration, metadata and history; for a model
	 * {@link #open}ed from a file without its weights, which live in TensorFlow
	 * only ({@link TrainedModel#withoutWeights}).
	 */
	public TrainedModel trainedModel() {
		return model;
	}

	/**
	 * The network, for callers that prepare and tile images themselves (the
	 * plugin's benchmarks and tests).
	 */
	public TileModel network() {
		return network;
	}

	/** 1 for a sigmoid foreground probability, K &gt; 1 for softmax classes. */
	public int classes() {
		return model.config().classes();
	}

	/** 1 (gray) or 3 (colour). */
	public int inputChannels() {
		return model.config().inputChannels();
	}

	/**
	 * Checks early, with the message a user needs, that an image of
	 * {@code channels} channels can be fed to the model.
	 */
	public void requireCompatible(final int channels,
		final PredictionSettings settings)
	{
		new NetworkInput(model, settings.convertChannels()).requireCompatible(
			channels);
	}

	/**
	 * Probabilities of an image of any size and plane count.
	 *
	 * @param image any real pixel type; its bit depth (8 for bytes, 16 for
	 *          shorts, 32 otherwise) picks the normalisation when the model
	 *          records none, as in training
	 * @param axes the image's axes ({@link ImageAxes#ofPlain} for a 2-D image)
	 * @return (X, Y, [C,] planes...) with C = classes only for K &gt; 1 classes:
	 *         the result's axes are {@code axes.withChannelAxis(classes() > 1)}
	 */
	public Img<FloatType> probabilities(
		final RandomAccessibleInterval<? extends RealType<?>> image,
		final ImageAxes axes, final PredictionSettings settings,
		final ProgressListener progress)
	{
		return probabilities(image, axes, bitDepth(image), settings, progress);
	}

	/**
	 * As
	 * {@link #probabilities(RandomAccessibleInterval, ImageAxes, PredictionSettings, ProgressListener)},
	 * with the bit depth given.
	 */
	public Img<FloatType> probabilities(
		final RandomAccessibleInterval<? extends RealType<?>> image,
		final ImageAxes axes, final int bitDepth, final PredictionSettings settings,
		final ProgressListener progress)
	{
		axes.requireFits(image);
		final NetworkInput input = new NetworkInput(model, settings
			.convertChannels());
		final boolean channelAxis = axes.hasChannelAxis();
		input.requireCompatible(ImagePlanes.channels(image, channelAxis));
		final List<RandomAccessibleInterval<FloatType>> prepared =
			new ArrayList<>();
		for (final RandomAccessibleInterval<? extends RealType<?>> plane : ImagePlanes
			.of(withoutSingletonChannel(image, channelAxis), channelAxis && image
				.dimension(2) > 1))
			prepared.add(input.prepare(plane, bitDepth));
		final RandomAccessibleInterval<FloatType> stack = Views.stack(prepared);
		final int networkChannelAxis = inputChannels() > 1 ? 2
			: SlicewisePrediction.NO_CHANNEL_AXIS;
		final Img<FloatType> flat = SlicewisePrediction.probabilities(new Predictor(
			network, settings), stack, networkChannelAxis, progress == null
				? ProgressListener.NONE : progress);
		return unflattened(flat, axes.planeDimensions(image));
	}

	/**
	 * The image segmented as {@code settings.output()} asks: probabilities, a
	 * mask at {@code settings.threshold()} or labels.
	 */
	public Segmentation segment(
		final RandomAccessibleInterval<? extends RealType<?>> image,
		final ImageAxes axes, final PredictionSettings settings,
		final ProgressListener progress)
	{
		return segment(image, axes, bitDepth(image), settings, progress);
	}

	/**
	 * As
	 * {@link #segment(RandomAccessibleInterval, ImageAxes, PredictionSettings, ProgressListener)},
	 * with the bit depth given.
	 */
	public Segmentation segment(
		final RandomAccessibleInterval<? extends RealType<?>> image,
		final ImageAxes axes, final int bitDepth, final PredictionSettings settings,
		final ProgressListener progress)
	{
		final OutputKind kind = OutputKind.of(settings.output(), classes());
		final Img<FloatType> p = probabilities(image, axes, bitDepth, settings,
			progress);
		return new Segmentation(kind.from(p, classes(), settings.threshold()), axes
			.withChannelAxis(kind.hasClassAxis(classes())), kind, classes());
	}

	/** 8 for byte pixels, 16 for short pixels, 32 for anything else. */
	static int bitDepth(
		final RandomAccessibleInterval<? extends RealType<?>> image)
	{
		final RealType<?> t = image.getType();
		if (t instanceof IntegerType && t.getBitsPerPixel() <= 8) return 8;
		if (t instanceof IntegerType && t.getBitsPerPixel() <= 16) return 16;
		return 32;
	}

	private static <T> RandomAccessibleInterval<T> withoutSingletonChannel(
		final RandomAccessibleInterval<T> image, final boolean hasChannelAxis)
	{
		return hasChannelAxis && image.dimension(2) == 1 ? Views.hyperSlice(image,
			2, image.min(2)) : image;
	}

	/**
	 * (X, Y, [K,] P) with P flat, reshaped to the image's own plane axes (Z, T,
	 * or none): the flat order is the same, so the pixels stay where they are.
	 */
	private static Img<FloatType> unflattened(final Img<FloatType> flat,
		final long[] planes)
	{
		final int lead = flat.numDimensions() - 1;
		final long[] dims = new long[lead + planes.length];
		for (int d = 0; d < lead; d++)
			dims[d] = flat.dimension(d);
		System.arraycopy(planes, 0, dims, lead, planes.length);
		@SuppressWarnings("unchecked")
		final float[] data = ((ArrayImg<FloatType, FloatArray>) flat).update(null)
			.getCurrentStorageArray();
		return ArrayImgs.floats(data, dims);
	}

	/** Whether {@link #close()} was called: the TensorFlow session is gone. */
	public boolean isClosed() {
		return closed;
	}

	@Override
	public void close() {
		closed = true;
		if (owned == null) return;
		try {
			owned.close();
		}
		catch (final Exception e) {
			throw new IllegalStateException(
				"could not close the TensorFlow session: " + e.getMessage(), e);
		}
	}
}
