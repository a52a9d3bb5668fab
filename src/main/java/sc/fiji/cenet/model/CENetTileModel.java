
package sc.fiji.cenet.model;

/**
 * A CE-Net as a {@link TileModel}: its channels are those of its configuration,
 * and it accepts the sizes every CE-Net accepts. The inference session and the
 * network being trained (validated as CE-Net Predict predicts) both are one.
 */
public interface CENetTileModel extends TileModel {

	CENetConfig config();

	@Override
	default int inputChannels() {
		return config().inputChannels();
	}

	@Override
	default int outputChannels() {
		return config().outputChannels();
	}

	@Override
	default boolean acceptsSize(int h, int w) {
		return CENetConfig.isValidSize(h, w);
	}
}
