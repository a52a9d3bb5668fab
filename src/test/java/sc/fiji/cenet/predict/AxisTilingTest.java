
package sc.fiji.cenet.predict;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class AxisTilingTest {

	/**
	 * Every pixel lies at least overlap / 2 inside some tile; the slack is
	 * centred.
	 */
	@Test
	public void tilesCoverEveryPixelWithMargin() {
		int tile = 64, overlap = 16;
		for (int length = 65; length < 600; length++) {
			AxisTiling t = AxisTiling.of(length, tile, overlap);
			assertEquals(tile - overlap, t.stride());
			for (int x = 0; x < length; x++) {
				boolean inside = false;
				for (int i = 0; i < t.count(); i++)
					inside |= x >= t.start(i) + overlap / 2 && x < t.start(i) + tile -
						overlap / 2;
				assertTrue("pixel " + x + " of " + length, inside);
			}
			int before = -t.start(0), after = t.start(t.count() - 1) + tile - length;
			assertTrue(Math.abs(before - after) <= 1);
		}
	}

	@Test
	public void oneCentredTileWhenTheAxisFits() {
		AxisTiling t = AxisTiling.of(100, 192, 48);
		assertEquals(1, t.count());
		assertEquals(-46, t.start(0));
		assertEquals(0, AxisTiling.of(192, 192, 48).start(0));
	}

	@Test
	public void blendingWeightsArePositiveSymmetricAndPeakInTheMiddle() {
		float[] w = BlendingWindow.weights(10);
		for (int i = 0; i < 10; i++) {
			assertTrue(w[i] >= BlendingWindow.FLOOR);
			assertEquals(w[i], w[9 - i], 1e-7);
		}
		assertTrue(w[4] > 0.97f && w[0] < 0.03f);
	}
}
