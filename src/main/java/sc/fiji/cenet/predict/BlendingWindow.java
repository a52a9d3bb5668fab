
package sc.fiji.cenet.predict;

/**
 * 1-D weights of a tile's pixels when overlapping tiles are averaged: a Hann
 * (raised cosine) window, so each tile fades out toward its own edges, where
 * the network lacks context, and neighbouring tiles cross-fade without a seam.
 * Outputs are divided by the sum of weights, so the window need not sum to one;
 * the floor keeps every weight positive so a pixel seen by a single tile near
 * its edge (small images, image corners) is still defined.
 */
final class BlendingWindow {

	static final float FLOOR = 1e-6f;

	private BlendingWindow() {}

	static float[] weights(int length) {
		float[] w = new float[length];
		for (int i = 0; i < length; i++) {
			double s = Math.sin(Math.PI * (i + 0.5) / length);
			w[i] = (float) (FLOOR + (1 - FLOOR) * s * s);
		}
		return w;
	}
}
