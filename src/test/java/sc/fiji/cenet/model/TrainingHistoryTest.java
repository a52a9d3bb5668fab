
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;

import org.junit.Test;

import sc.fiji.cenet.model.TrainingHistory.Epoch;

public class TrainingHistoryTest {

	private static final double NaN = Double.NaN;

	@Test
	public void roundTripsThroughCsvIncludingNaN() throws IOException {
		TrainingHistory h = new TrainingHistory();
		h.add(new Epoch(1, 0.6931471805599453, NaN, NaN, NaN, 2e-4, 12.5));
		h.add(new Epoch(2, 0.41, 0.45, 0.8123456789012345, NaN, 1e-4, 11.0));
		h.add(new Epoch(5, 0.1f, 0.2, 0.9, 0.97, 1.5e-7, 1e9).withValDiceCalibrated(
			0.925));
		StringWriter csv = new StringWriter();
		h.writeCsv(csv);
		String text = csv.toString();
		assertTrue(text, text.startsWith(
			"epoch,train_loss,val_loss,val_dice,val_auc,lr,seconds,val_dice_calibrated\n" +
				"1,0.6931471805599453,NaN,NaN,NaN,"));
		assertTrue(text, text.endsWith(",1.0E9,0.925\n"));
		TrainingHistory back = TrainingHistory.readCsv(new StringReader(text));
		assertEquals(h.epochs(), back.epochs());
		assertEquals(h, back);
		assertTrue(Double.isNaN(back.epochs().get(0).valDice()));
		assertTrue(Double.isNaN(back.epochs().get(1).valDiceCalibrated()));
		assertEquals(0.925, back.epochs().get(2).valDiceCalibrated(), 0);
		assertEquals(0.9, back.epochs().get(2).valDice(), 0);
	}

	/**
	 * Histories (CSV files, model files, checkpoints) written before the
	 * calibrated Dice still read.
	 */
	@Test
	public void readsHistoriesWithoutTheCalibratedDice() throws IOException {
		TrainingHistory h = TrainingHistory.readCsv(new StringReader(
			"epoch,train_loss,val_loss,val_dice,val_auc,lr,seconds\n1,0.7,0.6,0.5,NaN,2.0E-4,30.0\n2,0.5,0.4,0.6,0.9,2.0E-4,29.5\n"));
		assertEquals(2, h.size());
		Epoch e = h.epochs().get(1);
		assertEquals(0.6, e.valDice(), 0);
		assertEquals(0.9, e.valAuc(), 0);
		assertEquals(29.5, e.seconds(), 0);
		assertTrue(Double.isNaN(e.valDiceCalibrated()));
		assertFails("line 2: expected 7 fields, found 8",
			"epoch,train_loss,val_loss,val_dice,val_auc,lr,seconds\n1,1,1,1,1,1,1,1\n");
	}

	@Test
	public void readsPandasStyleEmptyFieldsAsNaN() throws IOException {
		TrainingHistory h = TrainingHistory.readCsv(new StringReader(
			TrainingHistory.CSV_HEADER + "\r\n3,0.5,,,,0.001,2,\r\n\r\n"));
		assertEquals(1, h.size());
		Epoch e = h.epochs().get(0);
		assertEquals(3, e.number());
		assertTrue(Double.isNaN(e.valLoss()) && Double.isNaN(e.valAuc()) && Double
			.isNaN(e.valDiceCalibrated()));
		assertEquals(0.001, e.learningRate(), 0);
	}

	@Test
	public void reportsMalformedCsvWithItsLine() {
		assertFails("expected the header", "epoch,loss\n1,2\n");
		assertFails("line 3: expected 8 fields, found 2",
			TrainingHistory.CSV_HEADER + "\n1,1,1,1,1,1,1,1\n2,3\n");
		assertFails("line 2", TrainingHistory.CSV_HEADER + "\n1,abc,1,1,1,1,1,1\n");
		assertFails("line 3: epoch 1 cannot follow epoch 1",
			TrainingHistory.CSV_HEADER + "\n1,1,1,1,1,1,1,1\n1,1,1,1,1,1,1,1\n");
	}

	private static void assertFails(String expected, String csv) {
		try {
			TrainingHistory.readCsv(new StringReader(csv));
			fail();
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(expected));
		}
	}

	@Test
	public void epochsMustIncrease() {
		TrainingHistory h = new TrainingHistory();
		h.add(new Epoch(4, 1, NaN, NaN, NaN, 1e-3, 1));
		try {
			h.add(new Epoch(4, 1, NaN, NaN, NaN, 1e-3, 1));
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("epoch 4 cannot follow epoch 4", e.getMessage());
		}
		try {
			new Epoch(0, 1, 1, 1, 1, 1, 1);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("epoch numbers start at 1, not 0", e.getMessage());
		}
	}

	@Test
	public void bestEpochPrefersDiceThenValidationLossThenTrainingLoss() {
		TrainingHistory h = new TrainingHistory();
		assertFalse(h.bestEpoch().isPresent());
		h.add(new Epoch(1, 0.9, NaN, NaN, NaN, 1, 1));
		h.add(new Epoch(2, 0.5, NaN, NaN, NaN, 1, 1));
		h.add(new Epoch(3, 0.7, NaN, NaN, NaN, 1, 1));
		assertEquals(2, h.bestEpoch().get().number());
		h.add(new Epoch(4, 0.8, 0.3, NaN, NaN, 1, 1));
		h.add(new Epoch(5, 0.8, 0.2, NaN, NaN, 1, 1));
		assertEquals(5, h.bestEpoch().get().number());
		h.add(new Epoch(6, 0.8, 0.9, 0.7, NaN, 1, 1));
		h.add(new Epoch(7, 0.8, 0.1, 0.6, NaN, 1, 1));
		h.add(new Epoch(8, 0.8, 0.1, 0.7, NaN, 1, 1));
		assertEquals("highest Dice, earliest on ties", 6, h.bestEpoch().get()
			.number());
	}

	@Test
	public void copiesAreIndependent() {
		TrainingHistory h = new TrainingHistory();
		h.add(new Epoch(1, 1, NaN, NaN, NaN, 1, 1));
		TrainingHistory c = h.copy();
		h.add(new Epoch(2, 1, NaN, NaN, NaN, 1, 1));
		assertEquals(1, c.size());
		assertEquals(2, h.last().get().number());
	}

	/** A quote left open is named by its line, in one line of text. */
	@Test
	public void anUnclosedQuoteIsNamedByItsLine() {
		try {
			TrainingHistory.readCsv(new StringReader(TrainingHistory.CSV_HEADER +
				"\n1,0.5,0.4,0.7,0.9,0.001,10,0.72\n\"2,0.4\n"));
			fail("read");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(
				"training history line "));
			assertFalse(e.getMessage(), e.getMessage().contains("\n"));
		}
	}
}
