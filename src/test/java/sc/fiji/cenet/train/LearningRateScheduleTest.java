
package sc.fiji.cenet.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Properties;

import org.junit.Test;

import sc.fiji.cenet.train.LearningRateSchedule.Decision;

/**
 * The plateau schedule as README "Training" states it: more than 10 epochs
 * without improvement reload the best weights and halve the rate, the halving
 * counter restarting at each halving (the difference from the reference); more
 * than 20 epochs since the best stop; so does a halving below 5e-7.
 */
public class LearningRateScheduleTest {

	private static final double LR = 2e-4;

	/**
	 * Epoch 1 sets the best; epochs 2..11 are 10 without improvement; the 11th
	 * (epoch 12) halves.
	 */
	@Test
	public void halvesAfterMoreThanPatienceEpochsWithoutImprovement() {
		LearningRateSchedule s = new LearningRateSchedule(LR);
		assertEquals(Decision.IMPROVED, s.update(1, 1.0));
		for (int epoch = 2; epoch <= 11; epoch++)
			assertEquals("epoch " + epoch, Decision.CONTINUE, s.update(epoch, 1.0));
		assertEquals(LR, s.learningRate(), 0);
		assertEquals(Decision.HALVE_AND_RELOAD_BEST, s.update(12, 1.5));
		assertEquals(LR / 2, s.learningRate(), 0);
		assertEquals("the weights to reload are those of the best epoch", 1, s
			.bestEpoch());
		assertEquals(1.0, s.bestLoss(), 0);
	}

	/**
	 * After a halving the halving counter restarts, the stop counter does not:
	 * with the defaults epochs 13..21 continue at the halved rate (the reference
	 * would halve again every epoch) and epoch 22, the 21st since the best,
	 * stops.
	 */
	@Test
	public void halvingCounterRestartsStopCounterDoesNot() {
		LearningRateSchedule s = new LearningRateSchedule(LR);
		s.update(1, 1.0);
		for (int epoch = 2; epoch <= 11; epoch++)
			s.update(epoch, 2.0);
		assertEquals(Decision.HALVE_AND_RELOAD_BEST, s.update(12, 2.0));
		for (int epoch = 13; epoch <= 21; epoch++)
			assertEquals("epoch " + epoch, Decision.CONTINUE, s.update(epoch, 2.0));
		assertEquals(LR / 2, s.learningRate(), 0);
		assertEquals(Decision.STOP, s.update(22, 2.0));
		assertEquals("no improvement for 21 epochs (best: epoch 1)", s
			.stopReason());
	}

	/**
	 * With a stop patience far away the halvings come every patience + 1 epochs.
	 */
	@Test
	public void halvesEveryPatiencePlusOneEpochs() {
		LearningRateSchedule s = new LearningRateSchedule(1.0, 2, 100, 1e-9);
		s.update(1, 1.0);
		StringBuilder decisions = new StringBuilder();
		for (int epoch = 2; epoch <= 10; epoch++)
			decisions.append(s.update(epoch, 1.0) == Decision.HALVE_AND_RELOAD_BEST
				? 'H' : '.');
		assertEquals("..H..H..H", decisions.toString());
		assertEquals(1.0 / 8, s.learningRate(), 0);
	}

	/**
	 * An improvement resets both counters; a NaN loss counts as no improvement.
	 */
	@Test
	public void improvementResetsBothCountersAndNaNIsNoImprovement() {
		LearningRateSchedule s = new LearningRateSchedule(LR);
		s.update(1, 1.0);
		for (int epoch = 2; epoch <= 11; epoch++)
			s.update(epoch, Double.NaN);
		assertEquals(Decision.IMPROVED, s.update(12, 0.5));
		assertEquals(12, s.bestEpoch());
		for (int epoch = 13; epoch <= 22; epoch++)
			assertEquals("epoch " + epoch, Decision.CONTINUE, s.update(epoch,
				Double.NaN));
		assertEquals(Decision.HALVE_AND_RELOAD_BEST, s.update(23, Double.NaN));
		assertEquals(0.5, s.bestLoss(), 0);
	}

	/**
	 * 1e-6 halves to 5e-7 (not below the minimum); the next halving would fall
	 * below it and stops.
	 */
	@Test
	public void stopsWhenTheRateWouldFallBelowTheMinimum() {
		LearningRateSchedule s = new LearningRateSchedule(1e-6, 1, 100, 5e-7);
		s.update(1, 1.0);
		assertEquals(Decision.CONTINUE, s.update(2, 1.0));
		assertEquals(Decision.HALVE_AND_RELOAD_BEST, s.update(3, 1.0));
		assertEquals(5e-7, s.learningRate(), 0);
		assertEquals(Decision.CONTINUE, s.update(4, 1.0));
		assertEquals(Decision.STOP, s.update(5, 1.0));
		assertEquals("learning rate would fall below 5.0E-7", s.stopReason());
		assertEquals("a refused halving leaves the rate", 5e-7, s.learningRate(),
			0);
	}

	/**
	 * A schedule restored from a checkpoint (through the text of a properties
	 * file) takes the same decisions as the one that went on, also before any
	 * epoch (best loss infinite).
	 */
	@Test
	public void saveRestoreRoundTrip() throws Exception {
		double[] losses = { 1.0, 0.9, 0.95, 0.95, 0.97, 0.8, 0.9, 0.9, 0.9, 0.9,
			0.9, 0.9, 0.9, 0.9, 0.9, 0.9 };
		for (int cut = 0; cut <= 9; cut++) {
			LearningRateSchedule original = new LearningRateSchedule(1e-3, 2, 6,
				1e-4);
			for (int e = 0; e < cut; e++)
				original.update(e + 1, losses[e]);
			LearningRateSchedule restored = new LearningRateSchedule(0.5, 2, 6, 1e-4);
			restored.restore(throughText(original));
			assertEquals(original.learningRate(), restored.learningRate(), 0);
			assertEquals(original.bestLoss(), restored.bestLoss(), 0);
			assertEquals(original.bestEpoch(), restored.bestEpoch());
			for (int e = cut; e < losses.length; e++) {
				Decision expected = original.update(e + 1, losses[e]);
				assertEquals("cut " + cut + ", epoch " + (e + 1), expected, restored
					.update(e + 1, losses[e]));
				assertEquals(original.learningRate(), restored.learningRate(), 0);
				assertEquals(original.stopReason(), restored.stopReason());
				if (expected == Decision.STOP) break;
			}
		}
	}

	@Test
	public void runWithTheseLossesHalvesAndStops() {
		// what saveRestoreRoundTrip replays: a halving and a stop, so its
		// comparisons cover both
		LearningRateSchedule s = new LearningRateSchedule(1e-3, 2, 6, 1e-4);
		double[] losses = { 1.0, 0.9, 0.95, 0.95, 0.97, 0.8, 0.9, 0.9, 0.9, 0.9,
			0.9, 0.9, 0.9, 0.9, 0.9, 0.9 };
		StringBuilder d = new StringBuilder();
		for (int e = 0; e < losses.length; e++) {
			Decision x = s.update(e + 1, losses[e]);
			d.append(x.name().charAt(0));
			if (x == Decision.STOP) break;
		}
		assertEquals("IICCHICCHCCHS", d.toString());
		assertTrue(s.stopReason().startsWith("no improvement for 7 epochs"));
	}

	private static Properties throughText(LearningRateSchedule s)
		throws Exception
	{
		Properties p = new Properties();
		s.save(p);
		StringWriter w = new StringWriter();
		p.store(w, null);
		Properties back = new Properties();
		back.load(new StringReader(w.toString()));
		return back;
	}
}
