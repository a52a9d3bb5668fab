
package sc.fiji.cenet.predict;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import org.junit.Test;

public class PredictionSettingsTest {

	@Test
	public void defaults() {
		PredictionSettings s = PredictionSettings.defaults();
		assertEquals(PredictionMode.AUTO, s.mode());
		assertEquals(448, s.tileSize());
		assertEquals(112, s.overlap());
		assertEquals(1, s.tilesPerBatch());
		assertFalse(s.testTimeAugmentation());
		assertEquals(0.5, s.threshold(), 0);
	}

	@Test
	public void overlapFollowsTheTileUntilSet() {
		assertEquals(48, PredictionSettings.builder().tileSize(192).build()
			.overlap());
		assertEquals(10, PredictionSettings.builder().overlap(10).tileSize(192)
			.build().overlap());
		PredictionSettings s = PredictionSettings.builder().tileSize(256).overlap(0)
			.tilesPerBatch(4).build();
		assertEquals(s, s.toBuilder().build());
	}

	@Test
	public void badValuesAreExplained() {
		expectMessage(() -> PredictionSettings.builder().tileSize(192).overlap(192)
			.build(),
			"The tile overlap (192) must be smaller than the tile size (192)");
		expectMessage(() -> PredictionSettings.builder().threshold(1.5),
			"The threshold must lie in [0, 1], not 1.5");
		expectMessage(() -> PredictionSettings.builder().tilesPerBatch(0),
			"Tiles per batch must be at least 1, not 0");
		expectMessage(() -> PredictionSettings.builder().overlap(-1),
			"The tile overlap must not be negative, not -1");
	}

	private static void expectMessage(Runnable r, String message) {
		try {
			r.run();
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals(message, e.getMessage());
		}
	}
}
