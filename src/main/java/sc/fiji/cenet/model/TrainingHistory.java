
package sc.fiji.cenet.model;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

import com.opencsv.CSVReader;
import com.opencsv.ICSVWriter;

import sc.fiji.cenet.csv.CsvFormat;

/**
 * What happened in each training epoch: losses, validation scores, learning
 * rate and time. Stored with a model as CSV, so that it can be plotted in any
 * spreadsheet or with pandas.
 * <p>
 * Safe to read (e.g. to plot) while the trainer thread appends.
 */
public final class TrainingHistory implements Iterable<TrainingHistory.Epoch> {

	/** The CSV header; the column order of {@link #writeCsv}. */
	public static final String CSV_HEADER =
		"epoch,train_loss,val_loss,val_dice,val_auc,lr,seconds,val_dice_calibrated";
	/**
	 * The header of histories written before the calibrated Dice; they still
	 * read, without it.
	 */
	static final String CSV_HEADER_WITHOUT_CALIBRATION =
		"epoch,train_loss,val_loss,val_dice,val_auc,lr,seconds";

	/**
	 * One epoch's record. Missing values (no validation set, no AUC, no
	 * calibrated Dice) are NaN.
	 */
	public static final class Epoch {

		private final int number;
		private final double trainLoss, valLoss, valDice, valAuc, learningRate,
				seconds, valDiceCalibrated;

		/**
		 * An epoch without a calibrated Dice; see {@link #withValDiceCalibrated}.
		 *
		 * @param number 1-based; continues across resumed training
		 */
		public Epoch(int number, double trainLoss, double valLoss, double valDice,
			double valAuc, double learningRate, double seconds)
		{
			this(number, trainLoss, valLoss, valDice, valAuc, learningRate, seconds,
				Double.NaN);
		}

		private Epoch(int number, double trainLoss, double valLoss, double valDice,
			double valAuc, double learningRate, double seconds,
			double valDiceCalibrated)
		{
			if (number < 1) throw new IllegalArgumentException(
				"epoch numbers start at 1, not " + number);
			this.number = number;
			this.trainLoss = trainLoss;
			this.valLoss = valLoss;
			this.valDice = valDice;
			this.valAuc = valAuc;
			this.learningRate = learningRate;
			this.seconds = seconds;
			this.valDiceCalibrated = valDiceCalibrated;
		}

		/**
		 * This epoch with the validation Dice at the calibrated threshold (NaN:
		 * none).
		 */
		public Epoch withValDiceCalibrated(double dice) {
			return new Epoch(number, trainLoss, valLoss, valDice, valAuc,
				learningRate, seconds, dice);
		}

		public int number() {
			return number;
		}

		public double trainLoss() {
			return trainLoss;
		}

		/** NaN without validation data. */
		public double valLoss() {
			return valLoss;
		}

		/** Validation Dice at the threshold 0.5; NaN without validation data. */
		public double valDice() {
			return valDice;
		}

		/**
		 * Validation Dice at the threshold that maximises it (binary models); NaN
		 * without validation data, for several classes, and in histories written
		 * before it was recorded.
		 */
		public double valDiceCalibrated() {
			return valDiceCalibrated;
		}

		/** NaN when not computed. */
		public double valAuc() {
			return valAuc;
		}

		public double learningRate() {
			return learningRate;
		}

		/** Wall-clock duration of the epoch. */
		public double seconds() {
			return seconds;
		}

		@Override
		public boolean equals(Object o) {
			if (!(o instanceof Epoch)) return false;
			Epoch e = (Epoch) o; // Double.compare: NaN equals NaN, as a record would
														// have it
			return number == e.number && Double.compare(trainLoss,
				e.trainLoss) == 0 && Double.compare(valLoss, e.valLoss) == 0 && Double
					.compare(valDice, e.valDice) == 0 && Double.compare(valAuc,
						e.valAuc) == 0 && Double.compare(learningRate,
							e.learningRate) == 0 && Double.compare(seconds, e.seconds) == 0 &&
				Double.compare(valDiceCalibrated, e.valDiceCalibrated) == 0;
		}

		@Override
		public int hashCode() {
			return Integer.hashCode(number) * 31 + Double.hashCode(trainLoss);
		}

		@Override
		public String toString() {
			return String.join(",", fields(this));
		}
	}

	private final List<Epoch> epochs = new CopyOnWriteArrayList<>();

	public TrainingHistory() {}

	/** A copy with the same epochs. */
	public TrainingHistory copy() {
		TrainingHistory h = new TrainingHistory();
		h.epochs.addAll(epochs);
		return h;
	}

	/**
	 * Appends an epoch.
	 *
	 * @throws IllegalArgumentException unless its number is above the last one
	 */
	public void add(Epoch epoch) {
		Optional<Epoch> last = last();
		if (last.isPresent() && epoch.number() <= last.get().number())
			throw new IllegalArgumentException("epoch " + epoch.number() +
				" cannot follow epoch " + last.get().number());
		epochs.add(epoch);
	}

	/** All epochs in order; an unmodifiable snapshot. */
	public List<Epoch> epochs() {
		return Collections.unmodifiableList(new ArrayList<>(epochs));
	}

	@Override
	public Iterator<Epoch> iterator() {
		return epochs().iterator();
	}

	public int size() {
		return epochs.size();
	}

	public boolean isEmpty() {
		return epochs.isEmpty();
	}

	public Optional<Epoch> last() {
		List<Epoch> snapshot = epochs();
		return snapshot.isEmpty() ? Optional.empty() : Optional.of(snapshot.get(
			snapshot.size() - 1));
	}

	/**
	 * The epoch whose weights are best: highest validation Dice; without any
	 * validation Dice the lowest validation loss; without that the lowest
	 * training loss. Ties go to the earlier epoch. Empty for an empty history.
	 */
	public Optional<Epoch> bestEpoch() {
		List<Epoch> all = epochs();
		ToDoubleFunction<Epoch> score = anyNumber(all, Epoch::valDice)
			? Epoch::valDice : anyNumber(all, Epoch::valLoss) ? e -> -e.valLoss()
				: e -> -e.trainLoss();
		Epoch best = null;
		for (Epoch e : all)
			if (best == null || isAbove(score.applyAsDouble(e), score.applyAsDouble(
				best))) best = e;
		return Optional.ofNullable(best);
	}

	private static boolean anyNumber(List<Epoch> epochs,
		ToDoubleFunction<Epoch> value)
	{
		for (Epoch e : epochs)
			if (!Double.isNaN(value.applyAsDouble(e))) return true;
		return false;
	}

	/** Strictly greater, a number beating NaN. */
	private static boolean isAbove(double a, double b) {
		return !Double.isNaN(a) && (Double.isNaN(b) || a > b);
	}

	/**
	 * Writes {@link #CSV_HEADER} and one line per epoch; NaN as {@code NaN},
	 * numbers round-trip exactly.
	 */
	public void writeCsv(Writer out) throws IOException {
		ICSVWriter csv = CsvFormat.writer(out);
		CsvFormat.write(csv, CSV_HEADER.split(","));
		for (Epoch e : epochs())
			CsvFormat.write(csv, fields(e));
		csv.flush();
		if (csv.checkError()) throw new IOException(
			"writing the training history failed", csv.getException());
	}

	/**
	 * Reads what {@link #writeCsv} wrote, and the histories of earlier versions
	 * without the column {@code val_dice_calibrated} (read as NaN). Empty fields
	 * read as NaN (as pandas writes missing values).
	 *
	 * @throws IOException naming the line of a malformed row or header
	 */
	public static TrainingHistory readCsv(Reader in) throws IOException {
		CSVReader csv = CsvFormat.reader(in);
		String[] header = next(csv);
		String found = header == null ? null : String.join(",", header).trim();
		boolean calibrated = CSV_HEADER.equals(found);
		if (!calibrated && !CSV_HEADER_WITHOUT_CALIBRATION.equals(found))
			throw new IOException("training history: expected the header " +
				CSV_HEADER + ", found " + (found == null ? "nothing" : found));
		int columns = calibrated ? 8 : 7;
		TrainingHistory history = new TrainingHistory();
		for (String[] f; (f = next(csv)) != null;) {
			long lineNumber = csv.getLinesRead();
			if (f.length == 1 && f[0].trim().isEmpty()) continue;
			if (f.length != columns) throw new IOException("training history line " +
				lineNumber + ": expected " + columns + " fields, found " + f.length);
			try {
				history.add(new Epoch(Integer.parseInt(f[0].trim()), number(f[1]),
					number(f[2]), number(f[3]), number(f[4]), number(f[5]), number(f[6]),
					calibrated ? number(f[7]) : Double.NaN));
			}
			catch (IllegalArgumentException e) { // also NumberFormatException
				throw new IOException("training history line " + lineNumber + ": " + e
					.getMessage(), e);
			}
		}
		return history;
	}

	private static String[] next(CSVReader csv) throws IOException {
		return CsvFormat.next(csv, "training history");
	}

	private static double number(String field) {
		String f = field.trim();
		return f.isEmpty() ? Double.NaN : Double.parseDouble(f);
	}

	private static String[] fields(Epoch e) {
		// Double.toString: locale-independent, shortest exact representation, "NaN"
		return new String[] { Integer.toString(e.number), Double.toString(
			e.trainLoss), Double.toString(e.valLoss), Double.toString(e.valDice),
			Double.toString(e.valAuc), Double.toString(e.learningRate), Double
				.toString(e.seconds), Double.toString(e.valDiceCalibrated) };
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TrainingHistory && ((TrainingHistory) o).epochs()
			.equals(epochs());
	}

	@Override
	public int hashCode() {
		return epochs().hashCode();
	}
}
