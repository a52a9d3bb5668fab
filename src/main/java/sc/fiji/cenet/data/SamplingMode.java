
package sc.fiji.cenet.data;

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
		};

	/** The reference's training size. */
	public static final int REFERENCE_SIZE = 448;

	/** The sample cut or resized to {@code size x size}. */
	public abstract TrainingSample toSize(TrainingSample sample, int size,
		Random random);

	/** @throws IllegalArgumentException unless CE-Net accepts size x size */
	public static void requireValidSize(int size) {
		String problem = CENetConfig.sizeProblem("training size", size);
		if (problem != null) throw new IllegalArgumentException(problem +
			" (e.g. " + CENetConfig.validSizeAtLeast(size) + ")");
	}
}
