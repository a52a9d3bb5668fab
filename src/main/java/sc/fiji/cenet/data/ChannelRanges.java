
package sc.fiji.cenet.data;

import java.util.Arrays;

/**
 * The input intensities that {@link Normalization} maps to its output range,
 * per channel: {@code low} goes to -1.6 and {@code high} to 1.6, linearly.
 */
public final class ChannelRanges {

	private final float[] low;
	private final float[] high;
	/**
	 * high - low, or 1 where the channel is constant (avoids a division by zero).
	 */
	private final float[] width;

	public ChannelRanges(float[] low, float[] high) {
		if (low.length != high.length || low.length == 0)
			throw new IllegalArgumentException(
				"need one low and one high value per channel, got " + low.length +
					" and " + high.length);
		this.low = low.clone();
		this.high = high.clone();
		this.width = new float[low.length];
		for (int c = 0; c < low.length; c++) {
			float w = high[c] - low[c];
			width[c] = w > 0 ? w : 1;
		}
	}

	/** The same range for every one of {@code channels}. */
	public static ChannelRanges uniform(int channels, float low, float high) {
		float[] l = new float[channels];
		float[] h = new float[channels];
		Arrays.fill(l, low);
		Arrays.fill(h, high);
		return new ChannelRanges(l, h);
	}

	public int channels() {
		return low.length;
	}

	public float low(int channel) {
		return low[channel];
	}

	public float high(int channel) {
		return high[channel];
	}

	/**
	 * The normalised value, in float arithmetic and in the reference's order: for
	 * low 0 and high 255 this is bit for bit {@code x / 255 * 3.2 - 1.6}.
	 */
	public float map(int channel, float x) {
		return (x - low[channel]) / width[channel] * Normalization.OUTPUT_SPAN +
			Normalization.OUTPUT_LOW;
	}

	@Override
	public String toString() {
		return "ChannelRanges(low " + Arrays.toString(low) + ", high " + Arrays
			.toString(high) + ")";
	}
}
