
package sc.fiji.cenet.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import sc.fiji.cenet.model.CENetConfig;

/**
 * How a training image of any size becomes a square network input of the
 * training size.
 */
public enum SamplingMode {

		/**
		 * The whole image resized to size x size, as the reference (448 x 448):
		 * bilinear for the image; masks bilinear then thresholded at 0.5, as the
		 * reference ({@link Rasters#resizeLabels}). Draws no random numbers.
		 */
		RESIZE {

			@Override
			public TrainingSample toSize(TrainingSample s, int size, Random random) {
				requireValidSize(size);
				if (s.width() == size && s.height() == size) return s;
				return s.with(size, size, Rasters.resizeBilinear(s.pixelArray(), s
					.width(), s.height(), s.channels(), size, size), Rasters.resizeLabels(
						s.labelArray(), s.width(), s.height(), size, size), Rasters
							.resizeLabels(s.fovArray(), s.width(), s.height(), size, size));
			}

			/** The whole image resized, as in training. */
			@Override
			public List<TrainingSample> validationTiles(TrainingSample s, int size) {
				return Collections.singletonList(toSize(s, size, null));
			}
		},
		/**
		 * A random size x size window at full resolution; an image smaller than the
		 * size is first mirrored out (reflection padding, centred) to it. Draws two
		 * random numbers (x, then y).
		 */
		CROP {

			@Override
			public TrainingSample toSize(TrainingSample s, int size, Random random) {
				requireValidSize(size);
				int paddedW = Math.max(s.width(), size);
				int paddedH = Math.max(s.height(), size);
				int x0 = random.nextInt(paddedW - size + 1);
				int y0 = random.nextInt(paddedH - size + 1);
				int[] map = Rasters.cropMap(s.width(), s.height(), x0, y0, size, size,
					(paddedW - s.width()) / 2, (paddedH - s.height()) / 2);
				return s.with(size, size, Rasters.gather(s.pixelArray(), s.width() * s
					.height(), s.channels(), map), Rasters.gather(s.labelArray(), map),
					Rasters.gather(s.fovArray(), map));
			}

			/**
			 * Tiles at the image's own scale, as CE-Net Predict tiles it for a model
			 * trained on crops of this size: along an axis longer than the size,
			 * windows of the size spread from edge to edge; along a shorter one, one
			 * window of the smallest accepted length that covers it (mirrored beyond
			 * the image). Instead of blending overlaps, each pixel is inside the FOV
			 * of exactly one tile, the one whose centre is nearest along each axis;
			 * the mirrored border is outside every FOV. So each image pixel counts
			 * once, and no tile is larger than the training crops.
			 */
			@Override
			public List<TrainingSample> validationTiles(TrainingSample s, int size) {
				requireValidSize(size);
				int tw = tileLength(s.width(), size), th = tileLength(s.height(), size);
				int[][] xs = tileSpans(s.width(), tw), ys = tileSpans(s.height(), th);
				int padLeft = Math.max(0, tw - s.width()) / 2, padTop = Math.max(0, th -
					s.height()) / 2;
				byte[] fov = s.fovArray();
				List<TrainingSample> tiles = new ArrayList<>();
				for (int[] y : ys)
					for (int[] x : xs) {
						int[] map = Rasters.cropMap(s.width(), s.height(), x[0], y[0], tw,
							th, padLeft, padTop);
						byte[] counted = new byte[tw * th];
						for (int ty = 0; ty < th; ty++) {
							int iy = y[0] + ty - padTop; // row in the image; outside [0, h) =
																						// mirrored border
							if (iy < y[1] || iy >= y[2]) continue;
							for (int tx = 0; tx < tw; tx++) {
								int ix = x[0] + tx - padLeft;
								if (ix < x[1] || ix >= x[2]) continue;
								counted[ty * tw + tx] = (byte) (fov == null || fov[iy * s
									.width() + ix] != 0 ? 1 : 0);
							}
						}
						tiles.add(s.with(tw, th, Rasters.gather(s.pixelArray(), s.width() *
							s.height(), s.channels(), map), Rasters.gather(s.labelArray(),
								map), counted));
					}
				return tiles;
			}
		};

	/** The reference's training size. */
	public static final int REFERENCE_SIZE = 448;

	/** The sample cut or resized to {@code size x size}. */
	public abstract TrainingSample toSize(TrainingSample sample, int size,
		Random random);

	/**
	 * A validation image as the network sees it in prediction after training in
	 * this mode at this size, as tiles of at most {@code size x size} whose FOVs
	 * together count every image pixel once; no random draws.
	 */
	public abstract List<TrainingSample> validationTiles(TrainingSample sample,
		int size);

	/**
	 * A tile's length along an axis of {@code length} pixels, as prediction's
	 * auto mode picks it: the tile size, or the smallest accepted length that
	 * covers a shorter axis.
	 */
	static int tileLength(int length, int size) {
		return length >= size ? size : CENetConfig.validSizeAtLeast(length);
	}

	/**
	 * Along an axis of {@code length} pixels: per tile, its start (in the image,
	 * or 0 when one padded tile covers it) and the image range [from, to) whose
	 * pixels it counts. Tiles are spread evenly from edge to edge; overlaps are
	 * split at their middle.
	 */
	static int[][] tileSpans(int length, int size) {
		if (length <= size) return new int[][] { { 0, 0, length } };
		int n = (length + size - 1) / size;
		int[] start = new int[n];
		for (int i = 0; i < n; i++)
			start[i] = (int) Math.round((double) i * (length - size) / (n - 1));
		int[][] spans = new int[n][];
		int from = 0;
		for (int i = 0; i < n; i++) {
			int to = i == n - 1 ? length : (start[i + 1] + start[i] + size) / 2;
			spans[i] = new int[] { start[i], from, to };
			from = to;
		}
		return spans;
	}

	/** @throws IllegalArgumentException unless CE-Net accepts size x size */
	public static void requireValidSize(int size) {
		String problem = CENetConfig.sizeProblem("training size", size);
		if (problem != null) throw new IllegalArgumentException(problem +
			" (e.g. " + CENetConfig.validSizeAtLeast(size) + ")");
	}
}
