
package sc.fiji.cenet.predict;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.Test;

public class DihedralTest {

	/** Two 2 x 3 tiles with 2 channels, every value distinct. */
	private static float[] tiles() {
		float[] t = new float[2 * 2 * 3 * 2];
		for (int i = 0; i < t.length; i++)
			t[i] = i;
		return t;
	}

	@Test
	public void inverseUndoesEveryTransform() {
		float[] tiles = tiles();
		for (Dihedral d : Dihedral.values()) {
			float[] sum = new float[tiles.length];
			d.addInverse(d.apply(tiles, 2, 2, 3, 2), sum, 2, 2, 3, 2);
			assertArrayEquals(d.name(), tiles, sum, 0f);
		}
	}

	@Test
	public void theEightTransformsAreDistinct() {
		Set<String> results = new HashSet<>();
		for (Dihedral d : Dihedral.values())
			results.add(Arrays.toString(d.apply(tiles(), 2, 2, 3, 2)));
		assertEquals(8, results.size());
	}

	/** 1 2 / 3 4 (rows, y down) rotated clockwise is 3 1 / 4 2. */
	@Test
	public void rotationsAreClockwise() {
		float[] square = { 1, 2, 3, 4 };
		assertArrayEquals(new float[] { 3, 1, 4, 2 }, Dihedral.ROTATE_90.apply(
			square, 1, 2, 2, 1), 0f);
		assertArrayEquals(new float[] { 4, 3, 2, 1 }, Dihedral.ROTATE_180.apply(
			square, 1, 2, 2, 1), 0f);
		assertArrayEquals(new float[] { 2, 4, 1, 3 }, Dihedral.ROTATE_270.apply(
			square, 1, 2, 2, 1), 0f);
		assertArrayEquals(new float[] { 1, 3, 2, 4 }, Dihedral.TRANSPOSE.apply(
			square, 1, 2, 2, 1), 0f);
		assertArrayEquals(new float[] { 4, 2, 3, 1 }, Dihedral.ANTI_TRANSPOSE.apply(
			square, 1, 2, 2, 1), 0f);
	}

	/** A 1 x 3 row transposed is a 3 x 1 column. */
	@Test
	public void swappingAxesChangesTheShape() {
		float[] row = { 1, 2, 3 };
		assertArrayEquals(new float[] { 1, 2, 3 }, Dihedral.TRANSPOSE.apply(row, 1,
			1, 3, 1), 0f);
		assertArrayEquals(new float[] { 3, 2, 1 }, Dihedral.ROTATE_270.apply(row, 1,
			1, 3, 1), 0f);
		assertEquals(4, Dihedral.FLIPS.size());
		for (Dihedral d : Dihedral.FLIPS)
			assertEquals(false, d.swapsAxes());
	}
}
