
package sc.fiji.cenet.train;

/**
 * The training loss. Every loss averages over the pixels inside the field of
 * view only.
 */
public enum LossKind {

		/** 1 - soft Dice over the whole batch (the paper's loss). */
		DICE("dice"),
		/**
		 * Binary cross-entropy (what the reference code's dice_bce_loss actually
		 * returns).
		 */
		BCE("bce"),
		/**
		 * BCE + (1 - soft Dice): what the reference's dice_bce_loss was meant to
		 * be; the default.
		 */
		DICE_BCE("dice_bce"),
		/**
		 * For N > 1 classes: softmax cross-entropy + (1 - mean soft Dice over
		 * classes).
		 */
		CROSS_ENTROPY_DICE("ce_dice");

	private final String key;

	LossKind(String key) {
		this.key = key;
	}

	/** The name used in macros and model files. */
	public String key() {
		return key;
	}

	public static LossKind fromKey(String key) {
		for (LossKind k : values())
			if (k.key.equalsIgnoreCase(key) || k.name().equalsIgnoreCase(key))
				return k;
		throw new IllegalArgumentException("unknown loss '" + key +
			"': use dice_bce, dice, bce or ce_dice");
	}
}
