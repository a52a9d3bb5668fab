
package sc.fiji.cenet.train;

import java.util.Locale;

/**
 * How the learning rate changes over a training run (the Train key
 * {@value #KEY}).
 */
public enum ScheduleKind {

		/**
		 * A short warm-up, then cosine decay to zero at the end of the budget
		 * ({@code epochs}, or {@code time_limit} as measured by the clock): the
		 * whole budget is used, and the model is the validated epoch with the best
		 * validation Dice. The default, chosen by cross-validation on DRIVE
		 * (docs/benchmarks.md).
		 */
		COSINE,
		/**
		 * The reference's: constant until the validation loss stalls for 10 epochs,
		 * then halved (best weights reloaded); stops after 20 epochs without
		 * improvement. The model is the epoch of the lowest validation loss.
		 */
		PLATEAU;

	/** The macro key that chooses. */
	public static final String KEY = "schedule";

	/** The macro values, default first. */
	public static String[] keys() {
		ScheduleKind[] all = values();
		String[] keys = new String[all.length];
		for (int i = 0; i < all.length; i++)
			keys[i] = all[i].key();
		return keys;
	}

	/** The macro value. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** @throws IllegalArgumentException for anything but the {@link #keys()} */
	public static ScheduleKind fromKey(String key) {
		for (ScheduleKind k : values())
			if (k.key().equals(key)) return k;
		throw new IllegalArgumentException(KEY + " must be one of " + String.join(
			", ", keys()) + ", not '" + key + "'");
	}
}
