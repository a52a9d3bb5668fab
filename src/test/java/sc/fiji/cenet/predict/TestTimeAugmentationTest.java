
package sc.fiji.cenet.predict;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static sc.fiji.cenet.predict.FakeModels.pixels;
import static sc.fiji.cenet.predict.FakeModels.randomImage;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;

import sc.fiji.cenet.progress.ProgressListener;

public class TestTimeAugmentationTest {

	private static PredictionSettings settings(PredictionMode mode, int tile,
		boolean tta)
	{
		return PredictionSettings.builder().mode(mode).tileSize(tile).overlap(48)
			.testTimeAugmentation(tta).build();
	}

	/**
	 * A model that commutes with rotations and flips gains nothing from
	 * augmenting a symmetric image.
	 */
	@Test
	public void equivariantModelOnSymmetricImageIsUnchanged() {
		int size = 400;
		Img<FloatType> image = ArrayImgs.floats(size, size);
		Cursor<FloatType> c = image.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			double dx = c.getDoublePosition(0) - (size - 1) / 2.0, dy = c
				.getDoublePosition(1) - (size - 1) / 2.0;
			c.get().setReal(Math.cos(Math.sqrt(dx * dx + dy * dy) / 9));
		}
		FakeModels.BoxFilter plainModel = new FakeModels.BoxFilter(),
				augmentedModel = new FakeModels.BoxFilter();
		float[] plain = pixels(new Predictor(plainModel, settings(
			PredictionMode.TILED, 192, false)).probabilities(image,
				ProgressListener.NONE));
		float[] augmented = pixels(new Predictor(augmentedModel, settings(
			PredictionMode.TILED, 192, true)).probabilities(image,
				ProgressListener.NONE));
		assertArrayEquals(plain, augmented, 1e-6f);
		assertEquals(8 * plainModel.calls.size(), augmentedModel.calls.size());
	}

	/**
	 * The column-dependent model adds (u / 191)^2 where u is the column in the
	 * model's view of the tile: x, 191 - x for the flips, y or 191 - y for the
	 * rotations and transposes, each twice. Channel 0 passes through, which
	 * checks that every output is turned back to the right orientation.
	 */
	@Test
	public void nonEquivariantModelAveragesTheEightOrientations() {
		Img<FloatType> image = randomImage(11, 192, 192);
		FakeModels.ColumnDependent model = new FakeModels.ColumnDependent();
		Img<FloatType> p = new Predictor(model, settings(PredictionMode.AUTO, 192,
			true)).probabilities(image, ProgressListener.NONE);
		int x = 3, y = 10;
		double byHand = (2 * sq(3 / 191.0) + 2 * sq(188 / 191.0) + 2 * sq(10 /
			191.0) + 2 * sq(181 / 191.0)) / 8;
		assertEquals(FakeModels.get(image, x, y) + byHand, FakeModels.get(p, x, y),
			1e-6);
		float[] in = pixels(image), out = pixels(p);
		for (int py = 0; py < 192; py++)
			for (int px = 0; px < 192; px++) {
				double f = (2 * sq(px / 191.0) + 2 * sq((191 - px) / 191.0) + 2 * sq(
					py / 191.0) + 2 * sq((191 - py) / 191.0)) / 8;
				assertEquals(in[py * 192 + px] + f, out[py * 192 + px], 1e-6);
			}
		assertEquals(8, model.calls.size());
	}

	/**
	 * A 192 x 256 tile rotated is 256 x 192; a model that rejects that gets the 4
	 * flips only.
	 */
	@Test
	public void nonSquareTileFallsBackToFlipsWhenTransposedSizeIsRejected() {
		FakeModels.ColumnDependent model = new FakeModels.ColumnDependent() {

			@Override
			public boolean acceptsSize(int h, int w) {
				return h <= w && super.acceptsSize(h, w);
			}
		};
		Img<FloatType> image = randomImage(12, 256, 192);
		float[] in = pixels(image), out = pixels(new Predictor(model, settings(
			PredictionMode.AUTO, 256, true)).probabilities(image,
				ProgressListener.NONE));
		for (int y = 0; y < 192; y++)
			for (int x = 0; x < 256; x++)
				assertEquals(in[y * 256 + x] + (sq(x / 255.0) + sq((255 - x) / 255.0)) /
					2, out[y * 256 + x], 1e-6);
		assertEquals(4, model.calls.size());
		for (int[] call : model.calls)
			assertArrayEquals(new int[] { 1, 192, 256 }, call);
	}

	@Test
	public void nonSquareTileUsesAllEightWhenTransposedSizeIsAccepted() {
		FakeModels.ColumnDependent model = new FakeModels.ColumnDependent();
		Img<FloatType> image = randomImage(13, 256, 192);
		float[] in = pixels(image), out = pixels(new Predictor(model, settings(
			PredictionMode.AUTO, 256, true)).probabilities(image,
				ProgressListener.NONE));
		int y = 5, x = 200;
		double byHand = (2 * sq(x / 255.0) + 2 * sq((255 - x) / 255.0) + 2 * sq(y /
			191.0) + 2 * sq((191 - y) / 191.0)) / 8;
		assertEquals(in[y * 256 + x] + byHand, out[y * 256 + x], 1e-6);
		assertEquals(8, model.calls.size());
		assertEquals(4, model.calls.stream().filter(c -> c[1] == 256 && c[2] == 192)
			.count());
	}

	@Test
	public void orientationsCount() {
		TestTimeAugmentation tta = new TestTimeAugmentation(
			new FakeModels.Pixelwise(1, 0));
		assertEquals(8, tta.orientations(192, 192));
		assertEquals(8, tta.orientations(192, 256));
		TestTimeAugmentation rejecting = new TestTimeAugmentation(
			new FakeModels.Pixelwise(1, 0)
			{

				@Override
				public boolean acceptsSize(int h, int w) {
					return h <= w;
				}
			});
		assertEquals(4, rejecting.orientations(192, 256));
	}

	private static double sq(double v) {
		return v * v;
	}
}
