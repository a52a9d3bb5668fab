
package sc.fiji.cenet.predict;

/**
 * Sample positions for bilinear resizing along one axis, with the convention of
 * OpenCV's {@code cv2.resize(..., INTER_LINEAR)} that the reference CE-Net code
 * uses: pixel centres are aligned, {@code src = (dst + 0.5) * srcLength /
 * dstLength - 0.5}, clamped to the edge pixels.
 */
final class LinearResampling {

	private final int[] lower;
	private final int[] upper;
	private final float[] upperWeight;

	private LinearResampling(int length) {
		lower = new int[length];
		upper = new int[length];
		upperWeight = new float[length];
	}

	static LinearResampling of(int sourceLength, int targetLength) {
		LinearResampling r = new LinearResampling(targetLength);
		double scale = (double) sourceLength / targetLength;
		for (int i = 0; i < targetLength; i++) {
			double s = (i + 0.5) * scale - 0.5;
			int i0 = (int) Math.floor(s);
			double f = s - i0;
			if (i0 < 0) {
				i0 = 0;
				f = 0;
			}
			if (i0 >= sourceLength - 1) {
				i0 = sourceLength - 1;
				f = 0;
			}
			r.lower[i] = i0;
			r.upper[i] = Math.min(i0 + 1, sourceLength - 1);
			r.upperWeight[i] = (float) f;
		}
		return r;
	}

	/** Source index below target index i. */
	int lower(int i) {
		return lower[i];
	}

	/**
	 * Source index above target index i (equal to the lower one at the edges).
	 */
	int upper(int i) {
		return upper[i];
	}

	/** Weight of the upper source index; the lower one gets 1 minus this. */
	float upperWeight(int i) {
		return upperWeight[i];
	}
}
