package sc.fiji.cenet.predict;

/** How a whole image is fed to a network that only sees tiles of one size. */
public enum PredictionMode {
	/**
	 * As the reference CE-Net test code: bilinearly resize the image to one
	 * tile, predict once, resize the probabilities back. Loses detail on large
	 * images but gives the network the whole field of view.
	 */
	RESIZE,
	/** Overlapping tiles of exactly the tile size, blended; the image is mirrored beyond its border. */
	TILED,
	/**
	 * Tiles of the tile size along an axis where the image is larger than the
	 * tile; along an axis where it is not, one tile of the smallest size the
	 * model accepts that covers the image (mirror-padded, then cropped back).
	 */
	AUTO
}
