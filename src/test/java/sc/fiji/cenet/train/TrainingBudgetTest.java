
package sc.fiji.cenet.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * The budget a schedule fits: epochs, minutes by the clock, and the last epoch
 * nearest to the limit.
 */
public class TrainingBudgetTest {

	/** A clock the test sets, in seconds. */
	private static final class Clock {

		double seconds;

		long nanos() {
			return Math.round(seconds * 1e9);
		}
	}

	@Test
	public void progressIsTheShareOfEpochsOrOfTimeWhicheverIsFurther() {
		Clock clock = new Clock();
		TrainingBudget epochsOnly = new TrainingBudget(10, 0, clock::nanos, 0);
		assertEquals(0.25, epochsOnly.progress(2, 0.5), 1e-12);
		clock.seconds = 1e6;
		assertEquals("no time limit: the clock does not count", 0.25, epochsOnly
			.progress(2, 0.5), 1e-12);

		clock.seconds = 0;
		TrainingBudget timed = new TrainingBudget(300, 30, clock::nanos, 0);
		clock.seconds = 900;
		assertEquals(0.5, timed.progress(2, 0), 1e-12);
		clock.seconds = 4000;
		assertEquals("clamped", 1, timed.progress(2, 0), 0);
	}

	@Test
	public void aResumedRunContinuesTheClockOfItsCheckpoint() {
		Clock clock = new Clock();
		clock.seconds = 50;
		TrainingBudget resumed = new TrainingBudget(300, 30, clock::nanos, 600);
		clock.seconds = 350;
		assertEquals(900, resumed.elapsedSeconds(), 1e-9);
		assertEquals(0.5, resumed.progress(0, 0), 1e-12);
	}

	/**
	 * The run ends at the epoch end nearest to the limit, its final validation
	 * included.
	 */
	@Test
	public void theLastEpochEndsNearestToTheLimit() {
		Clock clock = new Clock();
		TrainingBudget b = new TrainingBudget(300, 30, clock::nanos, 0);
		clock.seconds = 1800 - 100;
		assertFalse("100 s before the limit, epochs of 60 s: one more ends nearer",
			b.isLastEpoch(5, 60, 10));
		clock.seconds = 1800 - 30;
		assertTrue(
			"30 s before the limit with 10 s of validation: stopping ends 20 s early, one more 40 s late",
			b.isLastEpoch(6, 60, 10));
		clock.seconds = 1800 - 45;
		assertFalse(b.isLastEpoch(6, 60, 10));
		assertTrue("the epochs are done", new TrainingBudget(6, 30, clock::nanos, 0)
			.isLastEpoch(6, 60, 10));
		clock.seconds = 1e6;
		assertFalse("no time limit", new TrainingBudget(300, 0, clock::nanos, 0)
			.isLastEpoch(6, 60, 10));
	}

	@Test
	public void cosineWarmsUpThenDecaysToZero() {
		CosineSchedule c = new CosineSchedule(1e-3);
		assertTrue("warm-up starts low", c.learningRate(0) < 1e-4);
		assertEquals("half-way through the warm-up", 0.5e-3, c.learningRate(
			CosineSchedule.WARMUP / 2), 1e-5);
		assertEquals("peak after the warm-up", 1e-3, c.learningRate(
			CosineSchedule.WARMUP), 1e-6);
		assertEquals("half the peak at the middle", 0.5e-3, c.learningRate(0.5),
			1e-12);
		assertEquals("zero at the end", 0, c.learningRate(1), 1e-18);
		assertEquals("and beyond", 0, c.learningRate(1.5), 1e-18);
		for (double p = CosineSchedule.WARMUP; p < 1; p += 0.01)
			assertTrue("decays monotonically after the warm-up", c.learningRate(p +
				0.01) <= c.learningRate(p));
	}
}
