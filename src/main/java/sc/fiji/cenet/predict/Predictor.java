
package sc.fiji.cenet.predict;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.cenet.model.TileModel;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Whole-image prediction with a {@link TileModel}: turns a normalised (X, Y) or
 * (X, Y, C) image of any size into class probabilities (X, Y) for one class or
 * (X, Y, K) for K classes, by tiling, padding or resizing as the
 * {@link PredictionSettings} say. The predictor does not own the model and does
 * not close it; it keeps no state between calls, so it is as thread-safe as the
 * model.
 */
public final class Predictor {

	private final TileModel model;
	private final TileModel tileModel;
	private final PredictionSettings settings;

	/**
	 * @throws IllegalArgumentException if the model does not accept the tile size
	 */
	public Predictor(TileModel model, PredictionSettings settings) {
		AcceptedSizes.requireAccepted(model, settings.tileSize());
		this.model = model;
		this.tileModel = settings.testTimeAugmentation() ? new TestTimeAugmentation(
			model) : model;
		this.settings = settings;
	}

	public PredictionSettings settings() {
		return settings;
	}

	public int inputChannels() {
		return model.inputChannels();
	}

	/** 1 for a sigmoid foreground probability, K > 1 for softmax classes. */
	public int outputChannels() {
		return model.outputChannels();
	}

	/**
	 * Predicts into a new {@code ArrayImg}.
	 *
	 * @param normalisedImage (X, Y) or (X, Y, C), already normalised as the model
	 *          was trained; a lazy view is fine
	 * @return (X, Y) probabilities for one class, (X, Y, K) for K classes
	 */
	public Img<FloatType> probabilities(
		RandomAccessibleInterval<? extends RealType<?>> normalisedImage,
		ProgressListener progress)
	{
		RandomAccessibleInterval<?> image = withChannelAxis(normalisedImage);
		long width = image.dimension(0), height = image.dimension(1);
		int classes = outputChannels();
		if (width * height * classes > Integer.MAX_VALUE)
			throw new IllegalArgumentException("The " + width + " x " + height +
				" x " + classes +
				" probability map is too large for one array; pass a CellImg as output instead");
		Img<FloatType> output = classes == 1 ? ArrayImgs.floats(width, height)
			: ArrayImgs.floats(width, height, classes);
		probabilities(normalisedImage, output, progress);
		return output;
	}

	/**
	 * Predicts into a caller's image, e.g. a {@code CellImg} for images too large
	 * for one array.
	 *
	 * @param output (X, Y) for one class or (X, Y, K) for K classes, as large as
	 *          the image
	 * @throws sc.fiji.cenet.progress.CancelledException when the progress
	 *           listener cancels (checked between tiles)
	 * @throws IllegalArgumentException when the probabilities hold NaN or
	 *           infinite values
	 */
	public PredictionStatistics probabilities(
		RandomAccessibleInterval<? extends RealType<?>> normalisedImage,
		RandomAccessibleInterval<FloatType> output, ProgressListener progress)
	{
		return predict(withChannelAxis(normalisedImage), output, progress);
	}

	private <T extends RealType<?>> PredictionStatistics predict(
		RandomAccessibleInterval<T> image,
		RandomAccessibleInterval<FloatType> output, ProgressListener progress)
	{
		int width = (int) image.dimension(0), height = (int) image.dimension(1);
		RandomAccessibleInterval<FloatType> out = Views.zeroMin(withClassAxis(
			output, width, height));
		int tile = settings.tileSize();
		PredictionStatistics statistics;
		switch (settings.mode()) {
			case RESIZE:
				statistics = new ResizedPrediction(tileModel, tile).run(image, out,
					progress);
				break;
			case TILED:
				statistics = tiled(tile, tile).run(image, out, progress);
				break;
			case AUTO:
				statistics = autoTiled(width, height).run(image, out, progress);
				break;
			default:
				throw new AssertionError(settings.mode());
		}
		requireFinite(out);
		return statistics;
	}

	/**
	 * Every prediction ends here: NaN or infinite probabilities (from damaged
	 * weights or NaN pixels) would otherwise become an empty mask or a NaN map
	 * without a word. One pass over the output.
	 */
	private static void requireFinite(
		RandomAccessibleInterval<FloatType> probabilities)
	{
		for (FloatType p : Views.iterable(probabilities)) {
			float v = p.get();
			if (!Float.isFinite(v)) throw new IllegalArgumentException(
				"the prediction holds " + (Float.isNaN(v) ? "NaN" : "infinite") +
					" values (damaged model or input: check the model file and the image for NaN pixels)");
		}
	}

	/**
	 * Along an axis the image fits in, the smallest accepted tile that covers it;
	 * else the tile size.
	 */
	private TiledPrediction autoTiled(int width, int height) {
		int tile = settings.tileSize();
		int[] hw = AcceptedSizes.smallest(model, Math.min(height, tile), tile, Math
			.min(width, tile), tile);
		return tiled(hw[0], hw[1]);
	}

	/**
	 * The overlap only matters along axes with several tiles, which have the full
	 * tile size.
	 */
	private TiledPrediction tiled(int tileHeight, int tileWidth) {
		return new TiledPrediction(tileModel, tileHeight, tileWidth, settings
			.overlap(), settings.tilesPerBatch());
	}

	/**
	 * The image as zero-min (X, Y, C), checked against the model's input
	 * channels.
	 */
	private RandomAccessibleInterval<? extends RealType<?>> withChannelAxis(
		RandomAccessibleInterval<? extends RealType<?>> image)
	{
		int n = image.numDimensions();
		if (n != 2 && n != 3) throw new IllegalArgumentException(
			"Prediction needs an (X, Y) or (X, Y, C) image, not one with " + n +
				" dimensions; predict stacks slice by slice with SlicewisePrediction");
		long channels = n == 2 ? 1 : image.dimension(2);
		if (channels != model.inputChannels()) throw new IllegalArgumentException(
			"The model expects " + model.inputChannels() + " channel" + (model
				.inputChannels() == 1 ? "" : "s") + ", the image has " + channels);
		if (image.dimension(0) > Integer.MAX_VALUE || image.dimension(
			1) > Integer.MAX_VALUE) throw new IllegalArgumentException(
				"Image too large: " + image.dimension(0) + " x " + image.dimension(1));
		return n == 2 ? Views.addDimension(Views.zeroMin(image), 0, 0) : Views
			.zeroMin(image);
	}

	/**
	 * The output as (X, Y, K), checked to match the image and the model's
	 * classes.
	 */
	private RandomAccessibleInterval<FloatType> withClassAxis(
		RandomAccessibleInterval<FloatType> output, int width, int height)
	{
		int classes = outputChannels(), n = output.numDimensions();
		boolean fits = (n == 2 || n == 3) && output.dimension(0) == width && output
			.dimension(1) == height && (n == 3 && output.dimension(2) == classes ||
				n == 2 && classes == 1);
		if (!fits) throw new IllegalArgumentException("The output must be " +
			width + " x " + height + (classes == 1 ? "" : " x " + classes) +
			" (X, Y" + (classes == 1 ? "" : ", class") +
			") for this image and model, not " + dimensions(output));
		return n == 2 ? Views.addDimension(output, 0, 0) : output;
	}

	private static String dimensions(RandomAccessibleInterval<?> image) {
		StringBuilder s = new StringBuilder();
		for (int d = 0; d < image.numDimensions(); d++)
			s.append(d == 0 ? "" : " x ").append(image.dimension(d));
		return s.toString();
	}

	/**
	 * 255 where probability >= threshold, else 0; see
	 * {@link ProbabilityMaps#mask}.
	 */
	public static Img<UnsignedByteType> mask(
		RandomAccessibleInterval<? extends RealType<?>> probabilities,
		double threshold)
	{
		return ProbabilityMaps.mask(probabilities, threshold);
	}

	/**
	 * The most probable class (0 .. K-1, K <= 256) of (X, Y, K) probabilities;
	 * see {@link ProbabilityMaps#labels}.
	 */
	public static Img<UnsignedByteType> labels(
		RandomAccessibleInterval<? extends RealType<?>> probabilities)
	{
		return ProbabilityMaps.labels(probabilities);
	}

	/** As {@link #labels}, for more than 256 classes. */
	public static Img<UnsignedShortType> wideLabels(
		RandomAccessibleInterval<? extends RealType<?>> probabilities)
	{
		return ProbabilityMaps.wideLabels(probabilities);
	}
}
