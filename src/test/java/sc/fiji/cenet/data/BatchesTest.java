
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;

public class BatchesTest {

	@Test
	public void everySampleOnceInBatchesOfTheSize() {
		List<int[]> batches = Batches.forEpoch(10, 4, 1, 0);
		assertEquals(3, batches.size());
		assertEquals(Batches.count(10, 4), batches.size());
		assertEquals(4, batches.get(0).length);
		assertEquals(2, batches.get(2).length);
		Set<Integer> seen = new HashSet<>();
		for (int[] b : batches)
			for (int i : b)
				assertTrue(seen.add(i));
		assertEquals(10, seen.size());
	}

	@Test
	public void orderDependsOnlyOnSeedAndEpoch() {
		int[] epoch3 = flatten(Batches.forEpoch(50, 8, 7, 3));
		assertArrayEquals(epoch3, flatten(Batches.forEpoch(50, 8, 7, 3)));
		assertNotEquals(Arrays.toString(epoch3), Arrays.toString(flatten(Batches
			.forEpoch(50, 8, 7, 4))));
		assertNotEquals(Arrays.toString(epoch3), Arrays.toString(flatten(Batches
			.forEpoch(50, 8, 8, 3))));
		assertEquals(Batches.sampleSeed(1, 2, 3), Batches.sampleSeed(1, 2, 3));
		assertNotEquals(Batches.sampleSeed(1, 2, 3), Batches.sampleSeed(1, 3, 2));
	}

	@Test
	public void neighbouringSeedsGiveIndependentFirstDraws() {
		int below = 0;
		for (long seed = 0; seed < 200; seed++)
			if (Batches.random(seed).nextDouble() < 0.5) below++;
		assertTrue("" + below, below > 70 && below < 130);
	}

	private static int[] flatten(List<int[]> batches) {
		return batches.stream().flatMapToInt(Arrays::stream).toArray();
	}
}
