
package sc.fiji.cenet.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.TileModel;

/** Tile models with exactly known outputs, and test images. */
final class FakeModels {

	private FakeModels() {}

	/** Records every call; accepts CE-Net sizes unless told otherwise. */
	abstract static class Recording implements TileModel {

		final int inputChannels;
		final int classes;
		/** {n, h, w} of every call. */
		final List<int[]> calls = new ArrayList<>();

		Recording(int inputChannels, int classes) {
			this.inputChannels = inputChannels;
			this.classes = classes;
		}

		@Override
		public int inputChannels() {
			return inputChannels;
		}

		@Override
		public int outputChannels() {
			return classes;
		}

		@Override
		public boolean acceptsSize(int h, int w) {
			return CENetConfig.isValidSize(h, w);
		}

		@Override
		public float[] predict(float[] input, int n, int h, int w) {
			if (input.length != n * h * w * inputChannels) throw new AssertionError(
				"bad input length");
			if (!acceptsSize(h, w)) throw new AssertionError(
				"called with a size it rejects: " + h + " x " + w);
			calls.add(new int[] { n, h, w });
			float[] out = new float[n * h * w * classes];
			for (int i = 0; i < n; i++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						int pixel = (i * h + y) * w + x;
						for (int k = 0; k < classes; k++)
							out[pixel * classes + k] = value(input, i, y, x, h, w, k);
					}
			return out;
		}

		abstract float value(float[] input, int i, int y, int x, int h, int w,
			int k);

		float in(float[] input, int i, int y, int x, int h, int w, int c) {
			return input[((i * h + y) * w + x) * inputChannels + c];
		}
	}

	static float sigmoid(double v) {
		return (float) (1 / (1 + Math.exp(-v)));
	}

	/** sigmoid(a * channel 0 + b): no context at all. */
	static class Pixelwise extends Recording {

		final double a, b;

		Pixelwise(double a, double b) {
			super(1, 1);
			this.a = a;
			this.b = b;
		}

		float expected(double v) {
			return sigmoid(a * v + b);
		}

		@Override
		float value(float[] input, int i, int y, int x, int h, int w, int k) {
			return expected(in(input, i, y, x, h, w, 0));
		}
	}

	/**
	 * sigmoid(c0 + 2 c1 + 3 c2) and its complement: two classes from three
	 * channels.
	 */
	static class ThreeChannelsTwoClasses extends Recording {

		ThreeChannelsTwoClasses() {
			super(3, 2);
		}

		static float foreground(double c0, double c1, double c2) {
			return sigmoid(c0 + 2 * c1 + 3 * c2);
		}

		@Override
		float value(float[] input, int i, int y, int x, int h, int w, int k) {
			float p = foreground(in(input, i, y, x, h, w, 0), in(input, i, y, x, h, w,
				1), in(input, i, y, x, h, w, 2));
			return k == 0 ? 1 - p : p;
		}
	}

	/**
	 * The 3x3 mean, mirroring at the tile edge as a network pads: correct inside
	 * a tile, but wrong one pixel in from a tile edge that is not the image edge.
	 * Equivariant under rotations and flips.
	 */
	static class BoxFilter extends Recording {

		BoxFilter() {
			super(1, 1);
		}

		@Override
		float value(float[] input, int i, int y, int x, int h, int w, int k) {
			float sum = 0;
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++)
					sum += in(input, i, mirror(y + dy, h), mirror(x + dx, w), h, w, 0);
			return sum / 9;
		}
	}

	/**
	 * Channel 0 plus (x / (w - 1))^2: depends on where in the tile a pixel lies,
	 * so not equivariant.
	 */
	static class ColumnDependent extends Recording {

		ColumnDependent() {
			super(1, 1);
		}

		static double f(int x, int w) {
			return Math.pow(x / (double) (w - 1), 2);
		}

		@Override
		float value(float[] input, int i, int y, int x, int h, int w, int k) {
			return (float) (in(input, i, y, x, h, w, 0) + f(x, w));
		}
	}

	/**
	 * The mean of the whole tile everywhere: each tile a different constant, the
	 * worst case for seams.
	 */
	static class TileMean extends Recording {

		TileMean() {
			super(1, 1);
		}

		@Override
		public float[] predict(float[] input, int n, int h, int w) {
			float[] out = super.predict(input, n, h, w);
			for (int i = 0; i < n; i++) {
				double sum = 0;
				for (int p = i * h * w; p < (i + 1) * h * w; p++)
					sum += input[p];
				Arrays.fill(out, i * h * w, (i + 1) * h * w, (float) (sum / (h * w)));
			}
			return out;
		}

		@Override
		float value(float[] input, int i, int y, int x, int h, int w, int k) {
			return 0;
		}
	}

	/**
	 * Mirror without repeating the edge pixel, as
	 * {@code Views.extendMirrorSingle}.
	 */
	static int mirror(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * n - 2;
		int m = Math.floorMod(i, period);
		return m < n ? m : period - m;
	}

	static Img<FloatType> randomImage(long seed, long... dims) {
		Img<FloatType> img = ArrayImgs.floats(dims);
		Random random = new Random(seed);
		for (FloatType t : img)
			t.set(random.nextFloat() * 2 - 1);
		return img;
	}

	/** The pixels of an image in flat iteration order (X fastest). */
	static float[] pixels(RandomAccessibleInterval<FloatType> img) {
		float[] values = new float[(int) Intervals.numElements(img)];
		int i = 0;
		for (FloatType t : Views.flatIterable(img))
			values[i++] = t.get();
		return values;
	}

	static float get(Img<FloatType> img, long... position) {
		RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(position);
		return ra.get().get();
	}
}
