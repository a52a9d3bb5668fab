
package sc.fiji.cenet.train;

import java.util.Locale;

/**
 * What a training does when its model file or checkpoint is already there.
 * Whatever the choice, a training never replaces the files of another run
 * without being told to: the safe choice is the default.
 */
public enum ExistingModel {

		/**
		 * Continue from the checkpoint of an interrupted run with the same
		 * settings; start when there is neither model nor checkpoint; stop with a
		 * message otherwise (a finished model, or a checkpoint of other settings).
		 */
		RESUME,
		/** Start over, replacing the model, its history and its checkpoint. */
		OVERWRITE,
		/** Stop with a message when a model or checkpoint exists. */
		STOP;

	/** The macro key that chooses. */
	public static final String KEY = "if_model_exists";

	/** Choices as macro values, default first. */
	public static final String[] NAMES = { "resume", "overwrite", "stop" };

	/** The macro value. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** @throws IllegalArgumentException for anything but the {@link #NAMES} */
	public static ExistingModel fromKey(String key) {
		for (ExistingModel e : values())
			if (e.key().equals(key)) return e;
		throw new IllegalArgumentException(KEY + " must be one of " + String.join(
			", ", NAMES) + ", not '" + key + "'");
	}
}
