
package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;

public class RocAucTest {

	/**
	 * y = [0,0,1,1,1,0], s = [0.1,0.4,0.35,0.8,0.4,0.4]. Average ranks: 0.1 -> 1,
	 * 0.35 -> 2, the three 0.4 -> 4, 0.8 -> 6. Positives' rank sum = 2 + 6 + 4 =
	 * 12, U = 12 - 3*4/2 = 6, AUC = 6 / (3*3) = 2/3. sklearn's ROC: (fpr, tpr) =
	 * (0,0), (0,1/3) at 0.8, (2/3,2/3) at 0.4, (2/3,1) at 0.35, (1,1) at 0.1;
	 * trapezoids 0 + 1/3 + 0 + 1/3 = 2/3, so roc_auc_score gives
	 * 0.6666666666666666.
	 */
	@Test
	public void workedExampleWithTies() {
		boolean[] y = { false, false, true, true, true, false };
		float[] s = { 0.1f, 0.4f, 0.35f, 0.8f, 0.4f, 0.4f };
		assertEquals(2.0 / 3, RocAuc.auc(s, y, null), 1e-15);
	}

	@Test
	public void separatedScores() {
		boolean[] y = { false, true, false, true };
		assertEquals(1, RocAuc.auc(new float[] { 0.1f, 0.9f, 0.2f, 0.8f }, y, null),
			0);
		assertEquals(0, RocAuc.auc(new float[] { 0.9f, 0.1f, 0.8f, 0.2f }, y, null),
			0);
		assertEquals(0.5, RocAuc.auc(new float[] { 0.3f, 0.3f, 0.3f, 0.3f }, y,
			null), 0);
	}

	@Test
	public void includeMaskSelectsPixels() {
		boolean[] y = { false, true, false, true };
		float[] s = { 0.1f, 0.9f, 0.95f, 0.8f };
		assertEquals(0.5, RocAuc.auc(s, y, null), 0);
		assertEquals(1, RocAuc.auc(s, y, new boolean[] { true, true, false, true }),
			0);
	}

	@Test
	public void oneClassGivesNaN() {
		assertTrue(Double.isNaN(RocAuc.auc(new float[] { 0.2f, 0.7f },
			new boolean[] { true, true }, null)));
		assertTrue(Double.isNaN(RocAuc.auc(new float[] { 0.2f, 0.7f },
			new boolean[] { false, false }, null)));
		assertTrue(Double.isNaN(RocAuc.auc(new float[0], new boolean[0], null)));
	}

	@Test(expected = IllegalArgumentException.class)
	public void nanScoreIsAnError() {
		RocAuc.auc(new float[] { 0.2f, Float.NaN }, new boolean[] { true, false },
			null);
	}

	/**
	 * Many ties (scores on a coarse grid): the merge count equals the O(n^2) pair
	 * count.
	 */
	@Test
	public void matchesPairCountOnRandomData() {
		Random random = new Random(42);
		for (int trial = 0; trial < 20; trial++) {
			int n = 1 + random.nextInt(400);
			float[] s = new float[n];
			boolean[] y = new boolean[n];
			for (int i = 0; i < n; i++) {
				s[i] = random.nextInt(trial % 2 == 0 ? 5 : 50) / 10f;
				y[i] = random.nextDouble() < 0.3;
			}
			double pairs = 0, wins = 0;
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++)
					if (y[i] && !y[j]) {
						pairs++;
						wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
					}
			double expected = pairs == 0 ? Double.NaN : wins / pairs;
			assertEquals("trial " + trial, expected, RocAuc.auc(s, y, null), 1e-12);
		}
	}
}
