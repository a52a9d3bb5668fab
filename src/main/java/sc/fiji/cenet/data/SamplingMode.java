package sc.fiji.cenet.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import sc.fiji.cenet.model.CENetConfig;

/** How a training image of any size becomes a square network input of the training size. */
public enum SamplingMode {
	/**
	 * The whole image resized to size x size, as the reference (448 x 448):
	 * bilinear for the image; masks bilinear then thresholded at 0.5, as the reference
	 * ({@link Rasters#resizeLabels}). Draws no random numbers.
	 */
	RESIZE {
		@Override
		public TrainingSample toSize(TrainingSample s, int size, Random random) {
			requireValidSize(size);
			if (s.width() == size && s.height() == size) return s;
			return s.with(size, size,
				Rasters.resizeBilinear(s.pixelArray(), s.width(), s.height(), s.channels(), size, size),
				Rasters.resizeLabels(s.labelArray(), s.width(), s.height(), size, size),
				Rasters.resizeLabels(s.fovArray(), s.width(), s.height(), size, size));
		}

		/** The whole image resized, as in training. */
		@Override
		public List<TrainingSample> validationTiles(TrainingSample s, int size) {
			return Collections.singletonList(toSize(s, size, null));
		}

		@Override
		public int validationSize(int trainingSize, List<TrainingSample> samples) {
			return trainingSize;
		}
	},
	/**
	 * A random size x size window at full resolution; an image smaller than
	 * the size is first mirrored out (reflection padding, centred) to it.
	 * Draws two random numbers (x, then y).
	 */
	CROP {
		@Override
		public TrainingSample toSize(TrainingSample s, int size, Random random) {
			requireValidSize(size);
			int paddedW = Math.max(s.width(), size);
			int paddedH = Math.max(s.height(), size);
			int x0 = random.nextInt(paddedW - size + 1);
			int y0 = random.nextInt(paddedH - size + 1);
			int[] map = Rasters.cropMap(s.width(), s.height(), x0, y0, size, size, (paddedW - s.width()) / 2,
				(paddedH - s.height()) / 2);
			return s.with(size, size, Rasters.gather(s.pixelArray(), s.width() * s.height(), s.channels(), map),
				Rasters.gather(s.labelArray(), map), Rasters.gather(s.fovArray(), map));
		}

		/**
		 * Tiles at the image's own scale, as prediction sees it: a grid of
		 * size x size windows that covers the image (mirrored beyond it when
		 * it is smaller), each pixel inside the FOV of exactly one tile, the
		 * one whose centre is nearest along each axis; the mirrored border
		 * is outside every FOV. So each image pixel counts once.
		 */
		@Override
		public List<TrainingSample> validationTiles(TrainingSample s, int size) {
			requireValidSize(size);
			int[][] xs = tileSpans(s.width(), size), ys = tileSpans(s.height(), size);
			int padLeft = Math.max(0, size - s.width()) / 2, padTop = Math.max(0, size - s.height()) / 2;
			byte[] fov = s.fovArray();
			List<TrainingSample> tiles = new ArrayList<>();
			for (int[] y : ys)
				for (int[] x : xs) {
					int[] map = Rasters.cropMap(s.width(), s.height(), x[0], y[0], size, size, padLeft, padTop);
					byte[] counted = new byte[size * size];
					for (int ty = 0; ty < size; ty++) {
						int iy = y[0] + ty - padTop; // row in the image; outside [0, h) = mirrored border
						if (iy < y[1] || iy >= y[2]) continue;
						for (int tx = 0; tx < size; tx++) {
							int ix = x[0] + tx - padLeft;
							if (ix < x[1] || ix >= x[2]) continue;
							counted[ty * size + tx] = (byte) (fov == null || fov[iy * s.width() + ix] != 0 ? 1 : 0);
						}
					}
					tiles.add(s.with(size, size, Rasters.gather(s.pixelArray(), s.width() * s.height(), s.channels(), map),
						Rasters.gather(s.labelArray(), map), counted));
				}
			return tiles;
		}

		/**
		 * The smallest valid size that holds the largest validation image in
		 * one tile, but at most the larger of the training size and
		 * {@value #MAX_VALIDATION_TILE}: a forward pass of that size needs no
		 * more memory than a training step.
		 */
		@Override
		public int validationSize(int trainingSize, List<TrainingSample> samples) {
			int largest = 0;
			for (TrainingSample s : samples) largest = Math.max(largest, Math.max(s.width(), s.height()));
			return Math.min(CENetConfig.validSizeAtLeast(largest), Math.max(trainingSize, MAX_VALIDATION_TILE));
		}
	};

	/** The largest validation tile of {@link #CROP} when the training size is smaller. */
	public static final int MAX_VALIDATION_TILE = 1024;

	/** The reference's training size. */
	public static final int REFERENCE_SIZE = 448;

	/** The sample cut or resized to {@code size x size}. */
	public abstract TrainingSample toSize(TrainingSample sample, int size, Random random);

	/**
	 * A validation image as the network sees it in prediction after training
	 * in this mode, as {@code size x size} tiles whose FOVs together count
	 * every image pixel once; no random draws.
	 */
	public abstract List<TrainingSample> validationTiles(TrainingSample sample, int size);

	/** The tile size of {@link #validationTiles} for these validation samples. */
	public abstract int validationSize(int trainingSize, List<TrainingSample> samples);

	/**
	 * Along an axis of {@code length} pixels: per tile, its start (in the
	 * image, or 0 when one padded tile covers it) and the image range
	 * [from, to) whose pixels it counts. Tiles are spread evenly from edge
	 * to edge; overlaps are split at their middle.
	 */
	static int[][] tileSpans(int length, int size) {
		if (length <= size) return new int[][] { { 0, 0, length } };
		int n = (length + size - 1) / size;
		int[] start = new int[n];
		for (int i = 0; i < n; i++) start[i] = (int) Math.round((double) i * (length - size) / (n - 1));
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
		if (problem != null) throw new IllegalArgumentException(problem + " (e.g. " + CENetConfig.validSizeAtLeast(size)
			+ ")");
	}
}
