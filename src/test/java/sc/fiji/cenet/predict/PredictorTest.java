
package sc.fiji.cenet.predict;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static sc.fiji.cenet.predict.FakeModels.randomImage;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;

import sc.fiji.cenet.model.TileModel;
import sc.fiji.cenet.progress.CancelledException;
import sc.fiji.cenet.progress.ProgressListener;

public class PredictorTest {

	private static final PredictionSettings TILED_192 = PredictionSettings
		.builder().mode(PredictionMode.TILED).tileSize(192).overlap(48).build();

	@Test
	public void channelMismatchIsExplained() {
		Predictor predictor = new Predictor(
			new FakeModels.ThreeChannelsTwoClasses(), TILED_192);
		try {
			predictor.probabilities(randomImage(1, 200, 200), ProgressListener.NONE);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("The model expects 3 channels, the image has 1", e
				.getMessage());
		}
		try {
			new Predictor(new FakeModels.Pixelwise(1, 0), TILED_192).probabilities(
				randomImage(1, 200, 200, 3), ProgressListener.NONE);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("The model expects 1 channel, the image has 3", e
				.getMessage());
		}
	}

	@Test
	public void rejectedTileSizeNamesTheNearestAcceptedOnes() {
		try {
			new Predictor(new FakeModels.Pixelwise(1, 0), PredictionSettings.builder()
				.tileSize(300).build());
			fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(
				"The model does not accept tiles of 300 x 300 pixels; " +
					"the nearest accepted sizes are 288 and 320"));
		}
		try {
			new Predictor(new FakeModels.Pixelwise(1, 0), PredictionSettings.builder()
				.tileSize(160).build());
			fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(
				"the nearest accepted size is 192"));
		}
	}

	@Test
	public void wrongOutputSizeIsExplained() {
		Predictor predictor = new Predictor(
			new FakeModels.ThreeChannelsTwoClasses(), TILED_192);
		try {
			predictor.probabilities(randomImage(1, 200, 100, 3), ArrayImgs.floats(200,
				100), ProgressListener.NONE);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals(
				"The output must be 200 x 100 x 2 (X, Y, class) for this image and model, not 200 x 100",
				e.getMessage());
		}
	}

	@Test
	public void stacksAreRejectedWithAPointerToSlicewisePrediction() {
		try {
			new Predictor(new FakeModels.Pixelwise(1, 0), TILED_192).probabilities(
				randomImage(1, 20, 20, 1, 4), ProgressListener.NONE);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(
				"SlicewisePrediction"));
		}
	}

	/**
	 * 500 x 400 in 192 tiles of stride 144: 4 x 3 tiles, reported one by one,
	 * ending at 1.
	 */
	@Test
	public void progressCountsTiles() {
		List<String> messages = new ArrayList<>();
		List<Double> fractions = new ArrayList<>();
		new Predictor(new FakeModels.Pixelwise(1, 0), TILED_192).probabilities(
			randomImage(1, 500, 400), (f, m) -> {
				fractions.add(f);
				messages.add(m);
			});
		assertEquals(12, messages.size());
		assertEquals("tile 1 of 12", messages.get(0));
		assertEquals("tile 12 of 12", messages.get(11));
		assertEquals(1.0, fractions.get(11), 0);
		for (int i = 1; i < fractions.size(); i++)
			assertTrue(fractions.get(i) > fractions.get(i - 1));
	}

	@Test
	public void cancelStopsBetweenTiles() {
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(1, 0);
		ProgressListener cancelAfterTwoTiles = new ProgressListener() {

			int tiles;

			@Override
			public void progress(double fraction, String message) {
				tiles++;
			}

			@Override
			public boolean isCancelled() {
				return tiles >= 2;
			}
		};
		try {
			new Predictor(model, TILED_192).probabilities(randomImage(1, 500, 400),
				cancelAfterTwoTiles);
			fail();
		}
		catch (CancelledException e) {
			assertEquals(2, model.calls.size());
		}
	}

	@Test
	public void cancelStopsResizeModeBeforeTheModelRuns() {
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(1, 0);
		PredictionSettings resize = PredictionSettings.builder().mode(
			PredictionMode.RESIZE).tileSize(192).build();
		try {
			new Predictor(model, resize).probabilities(randomImage(1, 50, 40),
				new ProgressListener()
				{

					@Override
					public void progress(double fraction, String message) {}

					@Override
					public boolean isCancelled() {
						return true;
					}
				});
			fail();
		}
		catch (CancelledException e) {
			assertEquals(0, model.calls.size());
		}
	}

	@Test
	public void modelReturningTheWrongSizeIsReported() {
		TileModel broken = new FakeModels.Pixelwise(1, 0) {

			@Override
			public float[] predict(float[] input, int n, int h, int w) {
				return new float[3];
			}
		};
		try {
			new Predictor(broken, TILED_192).probabilities(randomImage(1, 100, 100),
				ProgressListener.NONE);
			fail();
		}
		catch (IllegalStateException e) {
			assertEquals("The model returned 3 values for 1 tiles of 192 x 192 x 1", e
				.getMessage());
		}
	}

	@Test
	public void nonFiniteProbabilitiesAreRefusedInEveryMode() {
		for (float bad : new float[] { Float.NaN, Float.POSITIVE_INFINITY }) {
			TileModel damaged = new FakeModels.Pixelwise(1, 0) {

				@Override
				public float[] predict(float[] input, int n, int h, int w) {
					float[] out = super.predict(input, n, h, w);
					out[out.length / 2] = bad;
					return out;
				}
			};
			for (PredictionMode mode : PredictionMode.values()) {
				PredictionSettings settings = PredictionSettings.builder().mode(mode)
					.tileSize(192).overlap(0).build();
				try {
					new Predictor(damaged, settings).probabilities(randomImage(1, 192,
						192), ProgressListener.NONE);
					fail(mode + " gave " + bad + " without a word");
				}
				catch (IllegalArgumentException e) {
					// blending may turn an infinity into NaN
					assertTrue(e.getMessage(), e.getMessage().matches(
						"the prediction holds (NaN|infinite) values \\(damaged model or " +
							"input: check the model file and the image for NaN pixels\\)"));
				}
			}
			try { // stacks go through the same check
				SlicewisePrediction.probabilities(new Predictor(damaged, TILED_192),
					randomImage(2, 192, 192, 2), SlicewisePrediction.NO_CHANNEL_AXIS,
					ProgressListener.NONE);
				fail("stack");
			}
			catch (IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith(
					"the prediction holds"));
			}
		}
	}

	@Test
	public void outputMayBeThreeDimensionalForOneClass() {
		FloatType zero = new FloatType();
		net.imglib2.img.Img<FloatType> out = ArrayImgs.floats(30, 20, 1);
		new Predictor(new FakeModels.Pixelwise(1, 0), TILED_192).probabilities(
			ArrayImgs.floats(30, 20), out, ProgressListener.NONE);
		for (FloatType v : out)
			assertEquals(FakeModels.sigmoid(zero.get()), v.get(), 1e-7);
	}
}
