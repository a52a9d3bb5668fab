
package sc.fiji.cenet.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import sc.fiji.cenet.data.ChannelRanges;
import sc.fiji.cenet.data.Normalization;

/**
 * The model's {@link Normalization} as BioImage.IO preprocessing steps that
 * JDLL implements in Java, and the same steps applied here to make the test
 * output:
 * <ul>
 * <li>scale: {@code scale_linear} with gain {@code 3.2 / inputMax} and offset
 * {@code -1.6};</li>
 * <li>percentile: {@code scale_range} per sample and channel (axes y, x) with
 * the model's percentiles, then {@code scale_linear} with gain 3.2 and offset
 * -1.6.</li>
 * </ul>
 */
final class Preprocessing {

	/** scale_range's eps, the spec's default. */
	static final double SCALE_RANGE_EPS = 1e-6;

	private final Normalization normalization;

	Preprocessing(Normalization normalization) {
		this.normalization = normalization;
	}

	/**
	 * 3.2 / inputMax for scale, 3.2 after scale_range; as decimals (the plugin's
	 * constants are floats).
	 */
	double gain() {
		double span = decimal(Normalization.OUTPUT_HIGH) - decimal(
			Normalization.OUTPUT_LOW);
		return normalization.kind() == Normalization.Kind.SCALE ? span /
			normalization.inputMax() : span;
	}

	/** -1.6. */
	double offset() {
		return decimal(Normalization.OUTPUT_LOW);
	}

	/**
	 * The decimal a float constant was written as: 1.6f to 1.6, not
	 * 1.600000023841858.
	 */
	private static double decimal(float f) {
		return Double.parseDouble(Float.toString(f));
	}

	/** The rdf.yaml {@code preprocessing} list. */
	List<Map<String, Object>> steps() {
		List<Map<String, Object>> steps = new ArrayList<>();
		if (normalization.kind() == Normalization.Kind.PERCENTILE) {
			Map<String, Object> kwargs = new LinkedHashMap<>();
			kwargs.put("axes", Arrays.asList("y", "x"));
			kwargs.put("min_percentile", normalization.lowPercentile());
			kwargs.put("max_percentile", normalization.highPercentile());
			kwargs.put("eps", SCALE_RANGE_EPS);
			steps.add(step("scale_range", kwargs));
		}
		Map<String, Object> kwargs = new LinkedHashMap<>();
		kwargs.put("gain", gain());
		kwargs.put("offset", offset());
		steps.add(step("scale_linear", kwargs));
		return steps;
	}

	private static Map<String, Object> step(String id,
		Map<String, Object> kwargs)
	{
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("id", id);
		m.put("kwargs", kwargs);
		return m;
	}

	/**
	 * The steps applied to one sample, {@code (channel, y, x)} in C order, in
	 * float as a Java consumer would. Percentiles come from the plugin's own
	 * {@link Normalization#fit}.
	 */
	float[] apply(float[] chw, int channels, int height, int width) {
		float[] out = new float[chw.length];
		int plane = height * width;
		float gain = (float) gain(), offset = (float) offset();
		for (int c = 0; c < channels; c++) {
			float low = 0, range = 1;
			if (normalization.kind() == Normalization.Kind.PERCENTILE) {
				float[] channel = Arrays.copyOfRange(chw, c * plane, (c + 1) * plane);
				ChannelRanges r = normalization.fit(ArrayImgs.floats(channel, width,
					height));
				low = r.low(0);
				range = (float) (r.high(0) - r.low(0) + SCALE_RANGE_EPS);
			}
			for (int i = c * plane; i < (c + 1) * plane; i++) {
				float v = normalization.kind() == Normalization.Kind.PERCENTILE
					? (chw[i] - low) / range : chw[i];
				out[i] = v * gain + offset;
			}
		}
		return out;
	}
}
