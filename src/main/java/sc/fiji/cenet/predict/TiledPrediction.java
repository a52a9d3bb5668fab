
package sc.fiji.cenet.predict;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.cenet.model.TileModel;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Predicts an image in overlapping tiles blended by {@link BlendingWindow}, one
 * row of tiles at a time into a {@link StripAccumulator}, so the working memory
 * is one strip plus one batch of tiles, whatever the image height. Tiles
 * reaching beyond the image read its mirror image ({@link Mirroring}).
 */
final class TiledPrediction {

	private final TileModel model;
	private final int tileHeight;
	private final int tileWidth;
	private final int overlap;
	private final int tilesPerBatch;

	TiledPrediction(TileModel model, int tileHeight, int tileWidth, int overlap,
		int tilesPerBatch)
	{
		this.model = model;
		this.tileHeight = tileHeight;
		this.tileWidth = tileWidth;
		this.overlap = overlap;
		this.tilesPerBatch = tilesPerBatch;
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
		AxisTiling columns = AxisTiling.of(width, tileWidth, overlap), rows =
			AxisTiling.of(height, tileHeight, overlap);
		float[] rowWeights = BlendingWindow.weights(tileHeight), columnWeights =
			BlendingWindow.weights(tileWidth);
		StripAccumulator strip = new StripAccumulator(tileHeight, width, classes);
		RandomAccessible<T> mirrored = Mirroring.extend(image);
		int tileValues = tileHeight * tileWidth;
		int total = rows.count() * columns.count(), done = 0, batches = 0,
				largestBatch = 0;

		for (int r = 0; r < rows.count(); r++) {
			int top = rows.start(r);
			for (int c0 = 0; c0 < columns.count(); c0 += tilesPerBatch) {
				progress.checkCancelled();
				int n = Math.min(tilesPerBatch, columns.count() - c0);
				float[] input = new float[n * tileValues * channels];
				for (int i = 0; i < n; i++)
					copyTile(mirrored, columns.start(c0 + i), top, channels, input, i *
						tileValues * channels);
				float[] probs = model.predict(input, n, tileHeight, tileWidth);
				if (probs.length != n * tileValues * classes)
					throw new IllegalStateException("The model returned " + probs.length +
						" values for " + n + " tiles of " + tileHeight + " x " + tileWidth +
						" x " + classes);
				for (int i = 0; i < n; i++)
					strip.add(probs, i * tileValues * classes, columns.start(c0 + i),
						rowWeights, columnWeights);
				done += n;
				batches++;
				largestBatch = Math.max(largestBatch, n);
				progress.progress((double) done / total, "tile " + done + " of " +
					total);
			}
			boolean lastRow = r == rows.count() - 1;
			int finishedRows = lastRow ? tileHeight : rows.stride();
			strip.write(output, top, finishedRows, height);
			if (!lastRow) strip.shift(finishedRows);
		}
		long batchBytes = 4L * largestBatch * tileValues * (channels + classes);
		return new PredictionStatistics(total, batches, largestBatch, strip
			.bytes() + batchBytes);
	}

	/**
	 * Copies the tile whose top-left pixel is (x0, y0) into {@code tiles} at
	 * {@code offset}, as HWC.
	 */
	private <T extends RealType<?>> void copyTile(RandomAccessible<T> image,
		int x0, int y0, int channels, float[] tiles, int offset)
	{
		Cursor<T> in = Views.flatIterable(Views.interval(image, new long[] { x0, y0,
			0 }, new long[] { x0 + tileWidth - 1, y0 + tileHeight - 1, channels -
				1 })).cursor();
		for (int c = 0; c < channels; c++)
			for (int i = offset + c, end = offset + tileHeight * tileWidth *
				channels; i < end; i += channels)
				tiles[i] = in.next().getRealFloat();
	}
}
