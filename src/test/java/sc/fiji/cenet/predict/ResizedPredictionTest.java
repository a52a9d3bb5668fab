
package sc.fiji.cenet.predict;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

import org.junit.Test;

import sc.fiji.cenet.model.TileModel;
import sc.fiji.cenet.progress.ProgressListener;

public class ResizedPredictionTest {

	private static PredictionSettings resize(int tile) {
		return PredictionSettings.builder().mode(PredictionMode.RESIZE).tileSize(
			tile).build();
	}

	@Test
	public void constantImageKeepsItsSizeAndValue() {
		Img<FloatType> image = ArrayImgs.floats(300, 500);
		image.forEach(t -> t.set(0.3f));
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(2, -0.1);
		Img<FloatType> p = new Predictor(model, resize(448)).probabilities(image,
			ProgressListener.NONE);
		assertArrayEquals(new long[] { 300, 500 }, Intervals.dimensionsAsLongArray(
			p));
		for (FloatType v : p)
			assertEquals(model.expected(0.3), v.get(), 1e-6);
		assertEquals(1, model.calls.size());
		assertArrayEquals(new int[] { 1, 448, 448 }, model.calls.get(0));
	}

	/**
	 * A linear ramp survives down- and upsampling away from the clamped edge
	 * pixels.
	 */
	@Test
	public void rampThroughIdentityModel() {
		int width = 384, height = 200;
		Img<FloatType> image = ArrayImgs.floats(width, height);
		net.imglib2.Cursor<FloatType> c = image.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().setReal(c.getDoublePosition(0) / width);
		}
		TileModel identity = new FakeModels.Recording(1, 1) {

			@Override
			float value(float[] in, int i, int y, int x, int h, int w, int k) {
				return in(in, i, y, x, h, w, 0);
			}
		};
		float[] out = FakeModels.pixels(new Predictor(identity, resize(192))
			.probabilities(image, ProgressListener.NONE));
		for (int y = 0; y < height; y++)
			for (int x = 2; x < width - 2; x++)
				assertEquals(x / (double) width, out[y * width + x], 1e-5);
	}

	/**
	 * cv2.resize(np.array([[0, 1]], np.float32), (4, 1)) == [[0, 0.25, 0.75, 1]].
	 */
	@Test
	public void resamplingMatchesOpenCv() {
		LinearResampling up = LinearResampling.of(2, 4);
		float[] src = { 0, 1 };
		float[] expected = { 0, 0.25f, 0.75f, 1 };
		for (int i = 0; i < 4; i++)
			assertEquals(expected[i], (1 - up.upperWeight(i)) * src[up.lower(i)] + up
				.upperWeight(i) * src[up.upper(i)], 1e-7);
		// Halving averages pixel pairs: source position 2i + 0.5.
		LinearResampling down = LinearResampling.of(8, 4);
		for (int i = 0; i < 4; i++) {
			assertEquals(2 * i, down.lower(i));
			assertEquals(0.5f, down.upperWeight(i), 0f);
		}
	}
}
