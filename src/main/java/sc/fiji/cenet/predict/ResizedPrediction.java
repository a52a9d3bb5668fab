
package sc.fiji.cenet.predict;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.cenet.model.TileModel;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * The reference CE-Net test procedure: bilinearly resize the image to one tile,
 * predict it, resize the probabilities back to the image size. Both resizes
 * sample on the fly (no antialiasing, as {@code cv2.resize}), so only the tile
 * is held in memory, however large the image.
 */
final class ResizedPrediction {

	private final TileModel model;
	private final int size;

	ResizedPrediction(TileModel model, int size) {
		this.model = model;
		this.size = size;
	}

	/**
	 * @param image zero-min (X, Y, C) input with C = the model's input channels
	 * @param output zero-min (X, Y, K) probabilities of the same width and height
	 */
	<T extends RealType<?>> PredictionStatistics run(
		RandomAccessibleInterval<T> image,
		RandomAccessibleInterval<FloatType> output, ProgressListener progress)
	{
		int width = (int) image.dimension(0), height = (int) image.dimension(1);
		int channels = (int) image.dimension(2), classes = model.outputChannels();
		progress.checkCancelled();
		float[] tile = downsample(image, channels);
		float[] probs = model.predict(tile, 1, size, size);
		if (probs.length != size * size * classes) throw new IllegalStateException(
			"The model returned " + probs.length + " values for one tile of " + size +
				" x " + size + " x " + classes);
		upsample(probs, classes, output, width, height);
		progress.progress(1, "tile 1 of 1");
		return new PredictionStatistics(1, 1, 1, 4L * size * size * (channels +
			classes));
	}

	/** The image resized to size x size, HWC. */
	private <T extends RealType<?>> float[] downsample(
		RandomAccessibleInterval<T> image, int channels)
	{
		LinearResampling xs = LinearResampling.of((int) image.dimension(0), size);
		LinearResampling ys = LinearResampling.of((int) image.dimension(1), size);
		RandomAccess<T> in = image.randomAccess();
		float[] tile = new float[size * size * channels];
		for (int y = 0, i = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				for (int c = 0; c < channels; c++, i++) {
					in.setPosition(c, 2);
					float fy = ys.upperWeight(y), fx = xs.upperWeight(x);
					float top = (1 - fx) * value(in, xs.lower(x), ys.lower(y)) + fx *
						value(in, xs.upper(x), ys.lower(y));
					float bottom = (1 - fx) * value(in, xs.lower(x), ys.upper(y)) + fx *
						value(in, xs.upper(x), ys.upper(y));
					tile[i] = (1 - fy) * top + fy * bottom;
				}
		return tile;
	}

	private static float value(RandomAccess<? extends RealType<?>> in, int x,
		int y)
	{
		in.setPosition(x, 0);
		in.setPosition(y, 1);
		return in.get().getRealFloat();
	}

	/**
	 * Writes the size x size x classes probabilities resized to width x height
	 * into output.
	 */
	private void upsample(float[] probs, int classes,
		RandomAccessibleInterval<FloatType> output, int width, int height)
	{
		LinearResampling xs = LinearResampling.of(size, width), ys =
			LinearResampling.of(size, height);
		Cursor<FloatType> out = Views.flatIterable(output).cursor();
		for (int k = 0; k < classes; k++)
			for (int y = 0; y < height; y++) {
				int top = ys.lower(y) * size, bottom = ys.upper(y) * size;
				float fy = ys.upperWeight(y);
				for (int x = 0; x < width; x++) {
					int left = xs.lower(x), right = xs.upper(x);
					float fx = xs.upperWeight(x);
					float t = (1 - fx) * probs[(top + left) * classes + k] + fx *
						probs[(top + right) * classes + k];
					float b = (1 - fx) * probs[(bottom + left) * classes + k] + fx *
						probs[(bottom + right) * classes + k];
					out.next().setReal((1 - fy) * t + fy * b);
				}
			}
	}
}
