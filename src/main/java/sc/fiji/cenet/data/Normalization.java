
package sc.fiji.cenet.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * How image intensities become network inputs in [-1.6, 1.6], the range the
 * reference CE-Net trains on. Recorded in a model so that prediction normalises
 * exactly as training did.
 * <ul>
 * <li>{@link Kind#SCALE}: {@code x / inputMax * 3.2 - 1.6}; with inputMax 255
 * exactly the reference's {@code img / 255.0 * 3.2 - 1.6} in float. The default
 * for 8-bit and RGB images.</li>
 * <li>{@link Kind#PERCENTILE}: per image and channel, the low and high
 * percentiles (1 and 99.8 by default) map linearly to -1.6 and 1.6, without
 * clipping. The default for 16- and 32-bit images, whose range says little
 * about their content.</li>
 * </ul>
 * Images have axes (X, Y) or (X, Y, C); each channel is normalised on its own.
 */
public final class Normalization {

	public enum Kind {
			SCALE, PERCENTILE
	}

	public static final float OUTPUT_LOW = -1.6f;
	public static final float OUTPUT_HIGH = 1.6f;
	/**
	 * OUTPUT_HIGH - OUTPUT_LOW, the reference's 3.2 (exact in float: twice 1.6f).
	 */
	static final float OUTPUT_SPAN = OUTPUT_HIGH - OUTPUT_LOW;

	public static final double DEFAULT_LOW_PERCENTILE = 1;
	public static final double DEFAULT_HIGH_PERCENTILE = 99.8;

	private static final String KIND = "kind";
	private static final String INPUT_MAX = "inputMax";
	private static final String LOW_PERCENTILE = "lowPercentile";
	private static final String HIGH_PERCENTILE = "highPercentile";

	private final Kind kind;
	private final double inputMax;
	private final double lowPercentile;
	private final double highPercentile;

	private Normalization(Kind kind, double inputMax, double lowPercentile,
		double highPercentile)
	{
		this.kind = kind;
		this.inputMax = inputMax;
		this.lowPercentile = lowPercentile;
		this.highPercentile = highPercentile;
	}

	/** The reference's scaling of 8-bit values: {@code x / 255 * 3.2 - 1.6}. */
	public static Normalization scale() {
		return scale(255);
	}

	/**
	 * {@code x / inputMax * 3.2 - 1.6}, e.g. inputMax 65535 for 16-bit data with
	 * a fixed range.
	 */
	public static Normalization scale(double inputMax) {
		if (!(inputMax > 0) || Double.isInfinite(inputMax))
			throw new IllegalArgumentException(
				"inputMax must be a positive number, not " + inputMax);
		return new Normalization(Kind.SCALE, inputMax, Double.NaN, Double.NaN);
	}

	/** Percentiles 1 and 99.8 to -1.6 and 1.6. */
	public static Normalization percentile() {
		return percentile(DEFAULT_LOW_PERCENTILE, DEFAULT_HIGH_PERCENTILE);
	}

	public static Normalization percentile(double low, double high) {
		if (!(low >= 0 && low < high && high <= 100))
			throw new IllegalArgumentException(
				"percentiles must satisfy 0 <= low < high <= 100, not low " + low +
					", high " + high);
		return new Normalization(Kind.PERCENTILE, Double.NaN, low, high);
	}

	/**
	 * SCALE for 8-bit and RGB (24) images, PERCENTILE for 16- and 32-bit images.
	 */
	public static Normalization defaultFor(int bitDepth) {
		switch (bitDepth) {
			case 8:
			case 24:
				return scale();
			case 16:
			case 32:
				return percentile();
			default:
				throw new IllegalArgumentException(
					"no default normalisation for bit depth " + bitDepth +
						" (expected 8, 16, 24 or 32)");
		}
	}

	public Kind kind() {
		return kind;
	}

	/** The value mapped to 1.6 by SCALE; NaN for PERCENTILE. */
	public double inputMax() {
		return inputMax;
	}

	/** The percentile mapped to -1.6 by PERCENTILE; NaN for SCALE. */
	public double lowPercentile() {
		return lowPercentile;
	}

	/** The percentile mapped to 1.6 by PERCENTILE; NaN for SCALE. */
	public double highPercentile() {
		return highPercentile;
	}

	/**
	 * The input range of each channel: fixed for SCALE; for PERCENTILE the
	 * image's percentiles, which takes one pass over the pixels.
	 */
	public ChannelRanges fit(
		RandomAccessibleInterval<? extends RealType<?>> img)
	{
		int channels = channels(img);
		if (kind == Kind.SCALE) return ChannelRanges.uniform(channels, 0,
			(float) inputMax);
		float[] low = new float[channels];
		float[] high = new float[channels];
		for (int c = 0; c < channels; c++) {
			float[] p = Percentiles.of(channel(img, c), lowPercentile,
				highPercentile);
			low[c] = p[0];
			high[c] = p[1];
		}
		return new ChannelRanges(low, high);
	}

	/**
	 * Refuses an image that this normalisation would turn into a meaningless
	 * input without a word: the reference's 8-bit scale (x / 255) given a 16- or
	 * 32-bit image with values above 255 squeezes it far outside the training
	 * range, and the model then predicts an empty mask; so does a 32-bit image of
	 * values 0..1, which it squeezes to black. A 16-bit image whose values all
	 * lie in 0..255 passes. One pass over the pixels, only in those cases.
	 *
	 * @param bitDepth of the image: 8, 16, 24 (RGB) or 32
	 * @throws IllegalArgumentException saying what the model expects and how to
	 *           convert the image
	 */
	public void requireSuited(RandomAccessibleInterval<? extends RealType<?>> img,
		int bitDepth)
	{
		if (kind != Kind.SCALE || inputMax != 255 || bitDepth != 16 &&
			bitDepth != 32) return;
		double max = Double.NEGATIVE_INFINITY;
		for (RealType<?> v : Views.iterable(img)) {
			double d = v.getRealDouble();
			if (d > max) max = d; // NaN never is
		}
		if (bitDepth == 32 && max > 0 && max <= 1)
			throw new IllegalArgumentException(
				"the model was trained on 8-bit images (values 0-255) but this 32-bit " +
					"image holds values 0-1 (up to " + max +
					"); multiply it by 255 (Process > Math > Multiply...) first");
		if (max <= inputMax) return;
		String up = max == Math.rint(max) && Math.abs(max) < 1e15 ? Long.toString(
			(long) max) : Double.toString(max);
		throw new IllegalArgumentException(
			"the model was trained on 8-bit images (values 0-255) but this " +
				bitDepth + "-bit image holds values up to " + up +
				"; convert it to 8-bit (Image > Type > 8-bit) first");
	}

	/** The normalised image as a lazy view: fits the ranges, copies nothing. */
	public RandomAccessibleInterval<FloatType> normalize(
		RandomAccessibleInterval<? extends RealType<?>> img)
	{
		return normalize(img, fit(img));
	}

	/**
	 * The image normalised with given ranges (e.g. fitted on the whole image,
	 * applied to a crop), lazily.
	 */
	public static RandomAccessibleInterval<FloatType> normalize(
		RandomAccessibleInterval<? extends RealType<?>> img, ChannelRanges ranges)
	{
		int channels = channels(img);
		if (ranges.channels() != channels) throw new IllegalArgumentException(
			"ranges for " + ranges.channels() +
				" channels cannot normalise an image of " + channels + " channels");
		if (img.numDimensions() == 2) return mapped(img, ranges, 0);
		List<RandomAccessibleInterval<FloatType>> slices = new ArrayList<>();
		for (int c = 0; c < channels; c++)
			slices.add(mapped(channel(img, c), ranges, c));
		return Views.stack(slices);
	}

	/**
	 * Writes this normalisation under {@code prefix} (e.g. "normalization."):
	 * {@code kind=scale, inputMax=255} or
	 * {@code kind=percentile, lowPercentile=1, highPercentile=99.8}.
	 */
	public void toProperties(Properties props, String prefix) {
		props.setProperty(prefix + KIND, kind.name().toLowerCase(Locale.ROOT));
		if (kind == Kind.SCALE) props.setProperty(prefix + INPUT_MAX, Double
			.toString(inputMax));
		else {
			props.setProperty(prefix + LOW_PERCENTILE, Double.toString(
				lowPercentile));
			props.setProperty(prefix + HIGH_PERCENTILE, Double.toString(
				highPercentile));
		}
	}

	/**
	 * Reads what {@link #toProperties} wrote; a missing or malformed key fails
	 * naming the key.
	 */
	public static Normalization fromProperties(Properties props, String prefix) {
		String kindText = required(props, prefix + KIND);
		Kind k;
		try {
			k = Kind.valueOf(kindText.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(prefix + KIND +
				" must be scale or percentile, not '" + kindText + "'");
		}
		if (k == Kind.SCALE) return scale(number(props, prefix + INPUT_MAX));
		return percentile(number(props, prefix + LOW_PERCENTILE), number(props,
			prefix + HIGH_PERCENTILE));
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof Normalization)) return false;
		Normalization n = (Normalization) o;
		return kind == n.kind && Double.compare(inputMax, n.inputMax) == 0 && Double
			.compare(lowPercentile, n.lowPercentile) == 0 && Double.compare(
				highPercentile, n.highPercentile) == 0;
	}

	@Override
	public int hashCode() {
		return Objects.hash(kind, inputMax, lowPercentile, highPercentile);
	}

	@Override
	public String toString() {
		return kind == Kind.SCALE ? "scale (x / " + inputMax + " * 3.2 - 1.6)"
			: "percentile (" + lowPercentile + "% -> -1.6, " + highPercentile +
				"% -> 1.6)";
	}

	private static <T extends RealType<?>> RandomAccessibleInterval<FloatType>
		mapped(RandomAccessibleInterval<T> img, ChannelRanges ranges, int channel)
	{
		return Converters.convert(img, (in, out) -> out.set(ranges.map(channel, in
			.getRealFloat())), new FloatType());
	}

	static int channels(RandomAccessibleInterval<?> img) {
		if (img.numDimensions() == 2) return 1;
		if (img.numDimensions() == 3) return Math.toIntExact(img.dimension(2));
		throw new IllegalArgumentException(
			"expected axes (X, Y) or (X, Y, C), not " + img.numDimensions() +
				" axes");
	}

	private static <T> RandomAccessibleInterval<T> channel(
		RandomAccessibleInterval<T> img, int c)
	{
		return img.numDimensions() == 2 ? img : Views.hyperSlice(img, 2, img.min(
			2) + c);
	}

	private static String required(Properties props, String key) {
		String v = props.getProperty(key);
		if (v == null) throw new IllegalArgumentException("missing key " + key);
		return v;
	}

	private static double number(Properties props, String key) {
		String v = required(props, key);
		try {
			return Double.parseDouble(v.trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a number, not '" + v +
				"'");
		}
	}
}
