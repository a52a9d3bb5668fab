
package sc.fiji.cenet.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/**
 * PyTorch [a,b,kh,kw] and TF [kh,kw,b,a] hold the same weight at each index.
 */
public class TfLayoutTest {

	/**
	 * Shapes whose a and b are not multiples of the block toTorch works in, and
	 * 1x1, 3x3, 7x7 kernels.
	 */
	private static final long[][] SHAPES = { { 37, 20, 3, 3 }, { 5, 70, 1, 1 }, {
		33, 17, 7, 7 }, { 16, 16, 3, 3 }, { 1, 1, 3, 3 } };

	@Test
	public void eachWeightKeepsItsIndicesBothWays() {
		for (long[] s : SHAPES) {
			int a = (int) s[0], b = (int) s[1], kh = (int) s[2], kw = (int) s[3];
			float[] torch = new float[a * b * kh * kw];
			for (int k = 0; k < torch.length; k++)
				torch[k] = k;
			float[] tf = TfLayout.toTf(s, torch);
			for (int i = 0; i < a; i++)
				for (int j = 0; j < b; j++)
					for (int y = 0; y < kh; y++)
						for (int x = 0; x < kw; x++)
							assertEquals(torch[((i * b + j) * kh + y) * kw + x], tf[((y * kw +
								x) * b + j) * a + i], 0);
			assertArrayEquals(torch, TfLayout.toTorch(s, tf), 0);
			float[] into = new float[torch.length];
			TfLayout.toTorch(s, tf, into);
			assertArrayEquals(torch, into, 0);
		}
	}
}
