
package sc.fiji.cenet.predict;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static sc.fiji.cenet.predict.FakeModels.get;
import static sc.fiji.cenet.predict.FakeModels.randomImage;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

import org.junit.Test;

import sc.fiji.cenet.progress.ProgressListener;

public class SlicewisePredictionTest {

	private static final PredictionSettings TILED_192 = PredictionSettings
		.builder().mode(PredictionMode.TILED).tileSize(192).overlap(48).build();

	@Test
	public void grayStackWithoutChannelAxis() {
		Img<FloatType> stack = randomImage(21, 70, 60, 3);
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(2, 0);
		List<String> messages = new ArrayList<>();
		Img<FloatType> p = SlicewisePrediction.probabilities(new Predictor(model,
			TILED_192), stack, SlicewisePrediction.NO_CHANNEL_AXIS, (f, m) -> messages
				.add(f + " " + m));
		assertArrayEquals(new long[] { 70, 60, 3 }, Intervals.dimensionsAsLongArray(
			p));
		for (int z = 0; z < 3; z++)
			for (int y = 0; y < 60; y += 3)
				for (int x = 0; x < 70; x += 3)
					assertEquals(model.expected(get(stack, x, y, z)), get(p, x, y, z),
						1e-6);
		assertEquals(3, model.calls.size());
		assertEquals("1.0 slice 3 of 3, tile 1 of 1", messages.get(2));
		assertTrue(messages.get(0), messages.get(0).startsWith("0.333"));
	}

	/**
	 * (X, Y, Z, C) in, (X, Y, class, Z) out: the channel axis is found wherever
	 * it is.
	 */
	@Test
	public void channelAxisAfterSliceAxis() {
		Img<FloatType> stack = randomImage(22, 40, 30, 2, 3);
		FakeModels.ThreeChannelsTwoClasses model =
			new FakeModels.ThreeChannelsTwoClasses();
		Img<FloatType> p = SlicewisePrediction.probabilities(new Predictor(model,
			TILED_192), stack, 3, ProgressListener.NONE);
		assertArrayEquals(new long[] { 40, 30, 2, 2 }, Intervals
			.dimensionsAsLongArray(p));
		for (int z = 0; z < 2; z++)
			for (int y = 0; y < 30; y += 2)
				for (int x = 0; x < 40; x += 2) {
					float fg = FakeModels.ThreeChannelsTwoClasses.foreground(get(stack, x,
						y, z, 0), get(stack, x, y, z, 1), get(stack, x, y, z, 2));
					assertEquals(fg, get(p, x, y, 1, z), 1e-6);
					assertEquals(1 - fg, get(p, x, y, 0, z), 1e-6);
				}
	}

	@Test(expected = IllegalArgumentException.class)
	public void channelAxisMustNotBeXOrY() {
		SlicewisePrediction.outputDimensions(randomImage(1, 4, 4, 3), 1, 1);
	}
}
