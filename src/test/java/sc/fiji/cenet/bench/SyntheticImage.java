
package sc.fiji.cenet.bench;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * A normalised-looking (X, Y, C) test image computed on access, so a 4096 x
 * 4096 input costs no memory and the tiled figures measure the prediction, not
 * the input.
 */
final class SyntheticImage {

	private SyntheticImage() {}

	/** Smooth stripes and rings in about [-1.6, 1.6], different per channel. */
	static RandomAccessibleInterval<FloatType> of(long width, long height,
		int channels)
	{
		FunctionRandomAccessible<FloatType> f = new FunctionRandomAccessible<>(3, (
			pos, value) -> {
			double x = pos.getDoublePosition(0), y = pos.getDoublePosition(1), c = pos
				.getDoublePosition(2);
			value.setReal(1.6 * Math.sin(0.031 * x + 0.017 * y + c) * Math.cos(
				0.0007 * (x * x + y * y) / (1 + c)));
		}, FloatType::new);
		return Views.interval(f, new long[] { 0, 0, 0 }, new long[] { width - 1,
			height - 1, channels - 1 });
	}

	/** n x h x w x channels NHWC values of the same pattern. */
	static float[] nhwc(int n, int h, int w, int channels) {
		float[] v = new float[n * h * w * channels];
		int i = 0;
		for (int b = 0; b < n; b++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					for (int c = 0; c < channels; c++)
						v[i++] = (float) (1.6 * Math.sin(0.031 * (x + 97 * b) + 0.017 * y +
							c) * Math.cos(0.0007 * (x * x + y * y) / (1 + c)));
		return v;
	}
}
