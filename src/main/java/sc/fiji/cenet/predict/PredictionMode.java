
package sc.fiji.cenet.predict;

import java.util.Locale;

import sc.fiji.cenet.io.TrainedModel;

/** How a whole image is fed to a network that only sees tiles of one size. */
public enum PredictionMode {

		/**
		 * As the reference CE-Net test code: bilinearly resize the image to one
		 * tile, predict once, resize the probabilities back. Loses detail on large
		 * images but gives the network the whole field of view.
		 */
		RESIZE,
		/**
		 * Overlapping tiles of exactly the tile size, blended; the image is
		 * mirrored beyond its border.
		 */
		TILED,
		/**
		 * Tiles of the tile size along an axis where the image is larger than the
		 * tile; along an axis where it is not, one tile of the smallest size the
		 * model accepts that covers the image (mirror-padded, then cropped back).
		 */
		AUTO;

	/**
	 * What {@code auto} means for a model: the mode it records
	 * ({@value TrainedModel#PREDICTION_MODE}: the way its validation predicted),
	 * {@link #AUTO} for models without one.
	 *
	 * @throws IllegalArgumentException for a recorded value that is neither
	 *           {@code auto} nor {@code resize}
	 */
	public static PredictionMode recordedBy(TrainedModel model) {
		String v = model.metadata(TrainedModel.PREDICTION_MODE);
		if (v == null || v.trim().equalsIgnoreCase("auto")) return AUTO;
		if (v.trim().equalsIgnoreCase("resize")) return RESIZE;
		throw new IllegalArgumentException("metadata " +
			TrainedModel.PREDICTION_MODE + " must be auto or resize, not '" + v +
			"'");
	}

	/**
	 * The value for {@value TrainedModel#PREDICTION_MODE} and the {@code mode}
	 * key.
	 */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
