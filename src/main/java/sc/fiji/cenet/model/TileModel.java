
package sc.fiji.cenet.model;

/**
 * A network that maps a batch of normalised tiles to per-pixel class
 * probabilities. The tiling, padding, blending and test-time augmentation of
 * {@code predict} work against this interface, so they are tested without
 * TensorFlow; the CE-Net session implements it in {@code model}.
 */
public interface TileModel extends AutoCloseable {

	int inputChannels();

	/**
	 * 1 = one sigmoid foreground probability per pixel; N > 1 = softmax over N
	 * classes.
	 */
	int outputChannels();

	/**
	 * Whether this model accepts an input of h x w (CE-Net: multiples of 32, at
	 * least 192).
	 */
	boolean acceptsSize(int h, int w);

	/**
	 * @param input n x h x w x inputChannels floats, NHWC, already normalised
	 * @return n x h x w x outputChannels probabilities, NHWC
	 */
	float[] predict(float[] input, int n, int h, int w);

	@Override
	default void close() {}
}
