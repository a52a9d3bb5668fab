
package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.SplittableRandom;

import org.junit.Test;

public class ThresholdCalibrationTest {

	/**
	 * By construction: 10 foreground pixels at 0.9 and 10 at 0.4; 5 background
	 * pixels at 0.6 and 100 at 0.1. Dice at each distinct score: 0.9: 20/30, 0.6:
	 * 20/35, 0.4: 40/45, 0.1: 40/145. The optimum takes the 0.4 group, so the
	 * threshold lies in (0.1, 0.4]: the midpoint 0.25, rounded to one decimal
	 * inside the gap.
	 */
	@Test
	public void findsTheOptimumKnownByConstruction() {
		float[] scores = new float[125];
		boolean[] truth = new boolean[125];
		for (int i = 0; i < 125; i++) {
			scores[i] = i < 10 ? 0.9f : i < 20 ? 0.4f : i < 25 ? 0.6f : 0.1f;
			truth[i] = i < 20;
		}
		ThresholdCalibration c = ThresholdCalibration.maximisingDice(scores, truth,
			null);
		assertTrue(c.isDefined());
		assertEquals(40.0 / 45, c.dice(), 1e-15);
		assertEquals(new ConfusionCounts(20, 5, 100, 0), c.counts());
		assertEquals(0.3, c.threshold(), 0);
		// 0.5 would give 20/35: the calibration is what makes the difference
		assertEquals(20.0 / 35, diceAt(scores, truth, null, 0.5), 1e-15);
	}

	@Test
	public void separableScoresGiveDiceOneAndAThresholdInTheGap() {
		ThresholdCalibration c = ThresholdCalibration.maximisingDice(new float[] {
			0.9f, 0.1f, 0.8f, 0.2f, 0.7f }, new boolean[] { true, false, true, false,
				true }, null);
		assertEquals(1, c.dice(), 0);
		assertEquals(0.4, c.threshold(), 0); // midpoint of (0.2f, 0.7f],
																					// 0.44999999, to one decimal
	}

	/**
	 * Equal scores are one group: they become foreground together, whatever their
	 * truth.
	 */
	@Test
	public void tiedScoresAreNeverSplit() {
		// 0.6 group: TP 2, FP 1 -> 4/5; adding the 0.1 group: TP 2, FP 2 -> 4/6
		ThresholdCalibration c = ThresholdCalibration.maximisingDice(new float[] {
			0.6f, 0.6f, 0.6f, 0.1f }, new boolean[] { true, true, false, false },
			null);
		assertEquals(new ConfusionCounts(2, 1, 1, 0), c.counts());
		assertTrue(c.threshold() > 0.1 && c.threshold() <= 0.6f);
		// all scores equal: one group, everything foreground; the threshold lies in
		// (0, score]
		ThresholdCalibration all = ThresholdCalibration.maximisingDice(new float[] {
			0.5f, 0.5f, 0.5f }, new boolean[] { true, false, false }, null);
		assertEquals(new ConfusionCounts(1, 2, 0, 0), all.counts());
		assertEquals(0.5, all.dice(), 0);
		assertTrue(all.threshold() > 0 && all.threshold() <= 0.5);
		// -0 and 0 are the same score: 0.5 alone gives 2/3, with the zeros 4/5
		ThresholdCalibration zeros = ThresholdCalibration.maximisingDice(
			new float[] { -0f, 0f, 0.5f }, new boolean[] { true, false, true }, null);
		assertEquals(new ConfusionCounts(2, 1, 0, 0), zeros.counts());
		assertEquals(0, zeros.threshold(), 0);
	}

	/**
	 * Foreground 0.9 and 0.4, background 0.6 and 0.5: 0.9 and 0.4 both give Dice
	 * 2/3; the higher threshold wins.
	 */
	@Test
	public void equalDiceGoesToTheHigherThreshold() {
		ThresholdCalibration c = ThresholdCalibration.maximisingDice(new float[] {
			0.9f, 0.4f, 0.6f, 0.5f }, new boolean[] { true, true, false, false },
			null);
		assertEquals(2.0 / 3, c.dice(), 1e-15);
		assertEquals(new ConfusionCounts(1, 0, 2, 1), c.counts());
		assertTrue(c.threshold() > 0.6f && c.threshold() <= 0.9f);
	}

	@Test
	public void onlyIncludedPixelsCount() {
		// outside: a foreground pixel at 0.05 that would pull the threshold down
		float[] scores = { 0.9f, 0.8f, 0.3f, 0.05f };
		boolean[] truth = { true, false, false, true };
		ThresholdCalibration c = ThresholdCalibration.maximisingDice(scores, truth,
			new boolean[] { true, true, true, false });
		assertEquals(new ConfusionCounts(1, 0, 2, 0), c.counts());
		assertTrue(c.threshold() > 0.8f && c.threshold() <= 0.9f);
	}

	@Test
	public void withoutForegroundThereIsNothingToCalibrate() {
		ThresholdCalibration c = ThresholdCalibration.maximisingDice(new float[] {
			0.2f, 0.7f }, new boolean[2], null);
		assertFalse(c.isDefined());
		assertTrue(Double.isNaN(c.threshold()) && Double.isNaN(c.dice()));
		assertFalse(ThresholdCalibration.maximisingDice(new float[] { 0.2f },
			new boolean[] { true }, new boolean[] { false }).isDefined());
	}

	@Test
	public void refusesNaNScoresAndMismatchedArrays() {
		try {
			ThresholdCalibration.maximisingDice(new float[] { Float.NaN, 0.5f },
				new boolean[] { false, true }, null);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("cannot calibrate a threshold on NaN scores", e
				.getMessage());
		}
		// a NaN outside the included pixels does not matter
		ThresholdCalibration.maximisingDice(new float[] { Float.NaN, 0.5f },
			new boolean[] { false, true }, new boolean[] { false, true });
		try {
			ThresholdCalibration.maximisingDice(new float[2], new boolean[3], null);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("differ in length"));
		}
	}

	/**
	 * Random scores on a coarse grid (many ties) against a brute force over every
	 * distinct score: the same best Dice, and the returned threshold gives that
	 * Dice compared in double (prediction) and in float precision (evaluation).
	 */
	@Test
	public void agreesWithABruteForceSearch() {
		SplittableRandom random = new SplittableRandom(3);
		for (int round = 0; round < 300; round++) {
			int n = 1 + random.nextInt(60);
			int levels = 1 + random.nextInt(round % 2 == 0 ? 8 : 100000);
			float[] scores = new float[n];
			boolean[] truth = new boolean[n], include = new boolean[n];
			for (int i = 0; i < n; i++) {
				truth[i] = random.nextInt(3) == 0;
				scores[i] = (float) Math.min(1, random.nextInt(levels + 1) /
					(double) levels + (truth[i] ? 0.2 : 0));
				include[i] = random.nextInt(5) != 0;
			}
			ThresholdCalibration c = ThresholdCalibration.maximisingDice(scores,
				truth, include);
			double best = Double.NaN;
			for (float s : scores) {
				double d = diceAt(scores, truth, include, s);
				if (!(d <= best)) best = d;
			}
			boolean anyForeground = false;
			for (int i = 0; i < n; i++)
				anyForeground |= truth[i] && include[i];
			assertEquals("round " + round, anyForeground, c.isDefined());
			if (!anyForeground) continue;
			assertEquals("round " + round, best, c.dice(), 1e-12);
			assertEquals("round " + round, best, diceAt(scores, truth, include, c
				.threshold()), 1e-12);
			assertEquals("round " + round, best, new BinaryEvaluatorDice(c
				.threshold()).dice(scores, truth, include), 1e-12);
			assertTrue(c.threshold() >= 0 && c.threshold() <= 1);
		}
	}

	@Test
	public void theGapBetweenAdjacentFloatsStillSeparatesThem() {
		float u = 0.5f, v = Math.nextUp(u);
		double t = ThresholdCalibration.inGap(u, v);
		assertTrue(t > u && t <= v && (float) t > u && (float) t <= v);
		assertEquals(0.3, ThresholdCalibration.inGap(0.1f, 0.4f), 0);
	}

	@Test
	public void comparesDiceExactlyBeyondSixtyFourBits() {
		long big = 3_000_000_000L;
		assertTrue(ThresholdCalibration.isAbove(big + 1, big * 2, big, big * 2));
		assertFalse(ThresholdCalibration.isAbove(big, big * 2, big, big * 2));
		assertFalse(ThresholdCalibration.isAbove(big, big * 2, big + 1, big * 2));
	}

	/** Dice where score &ge; threshold, compared in double. */
	private static double diceAt(float[] scores, boolean[] truth,
		boolean[] include, double threshold)
	{
		boolean[] predicted = new boolean[scores.length];
		for (int i = 0; i < scores.length; i++)
			predicted[i] = scores[i] >= threshold;
		return ConfusionCounts.count(truth, predicted, include).dice();
	}

	/** Dice as {@link BinaryEvaluator} thresholds: in float precision. */
	private static final class BinaryEvaluatorDice {

		private final float threshold;

		BinaryEvaluatorDice(double threshold) {
			this.threshold = (float) threshold;
		}

		double dice(float[] scores, boolean[] truth, boolean[] include) {
			boolean[] predicted = new boolean[scores.length];
			for (int i = 0; i < scores.length; i++)
				predicted[i] = scores[i] >= threshold;
			return ConfusionCounts.count(truth, predicted, include).dice();
		}
	}
}
