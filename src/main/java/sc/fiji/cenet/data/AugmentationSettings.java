
package sc.fiji.cenet.data;

import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * Which random augmentations {@link Augmentation} applies and their ranges.
 * Each one, when switched on, happens with probability 0.5 per sample, as in
 * the reference's {@code data.py}. Immutable: the {@code with...} methods
 * return changed copies.
 */
public final class AugmentationSettings {

	/** Chance of each switched-on augmentation, as in the reference. */
	public static final double PROBABILITY = 0.5;

	private final boolean hsv;
	private final boolean shiftScaleRotate;
	private final boolean horizontalFlip;
	private final boolean verticalFlip;
	private final boolean rotate90;
	private final int hueShift;
	private final double saturationShift;
	private final double valueShift;
	private final double shift;
	private final double scale;
	private final double aspect;
	private final double rotation;

	private AugmentationSettings(boolean hsv, boolean shiftScaleRotate,
		boolean horizontalFlip, boolean verticalFlip, boolean rotate90,
		int hueShift, double saturationShift, double valueShift, double shift,
		double scale, double aspect, double rotation)
	{
		requireRange("hueShift", hueShift, 90);
		requireRange("saturationShift", saturationShift, 255);
		requireRange("valueShift", valueShift, 255);
		requireRange("shift", shift, 1);
		requireRange("scale", scale, 0.9);
		requireRange("aspect", aspect, 0.9);
		requireRange("rotation", rotation, 180);
		this.hsv = hsv;
		this.shiftScaleRotate = shiftScaleRotate;
		this.horizontalFlip = horizontalFlip;
		this.verticalFlip = verticalFlip;
		this.rotate90 = rotate90;
		this.hueShift = hueShift;
		this.saturationShift = saturationShift;
		this.valueShift = valueShift;
		this.shift = shift;
		this.scale = scale;
		this.aspect = aspect;
		this.rotation = rotation;
	}

	/**
	 * The reference's CE-Net training: all five on; hue +-30 (OpenCV 8-bit units,
	 * i.e. +-60 degrees), saturation +-5, value +-15 (of 255); shift +-10% of the
	 * size, scale and aspect 1 +- 0.1, no rotation.
	 */
	public static AugmentationSettings reference() {
		return new AugmentationSettings(true, true, true, true, true, 30, 5, 15,
			0.1, 0.1, 0.1, 0);
	}

	/**
	 * Flips and quarter turns only: exact pixel moves, no resampling or colour
	 * change. On a short CPU budget this converges faster than
	 * {@link #reference()} (DRIVE, 30 minutes on 2 cores: validation Dice 0.767
	 * against 0.744); the reference's set suits long runs on few images.
	 */
	public static AugmentationSettings geometric() {
		return none().withHorizontalFlip(true).withVerticalFlip(true).withRotate90(
			true);
	}

	/** The names {@link #named} knows, as the Train command offers them. */
	public static final String[] NAMES = { "reference", "geometric", "none" };

	/** {@link #reference()}, {@link #geometric()} or {@link #none()} by name. */
	public static AugmentationSettings named(String name) {
		switch (name) {
			case "reference":
				return reference();
			case "geometric":
				return geometric();
			case "none":
				return none();
			default:
				throw new IllegalArgumentException(
					"augmentation must be reference, geometric or none, not '" + name +
						"'");
		}
	}

	/**
	 * The name of {@link #NAMES} whose settings these are, else their
	 * {@link #toString()}.
	 */
	public static String nameOf(AugmentationSettings settings) {
		for (String n : NAMES)
			if (named(n).equals(settings)) return n;
		return settings.toString();
	}

	/**
	 * Nothing switched on (the reference's ranges kept for when one is switched
	 * on).
	 */
	public static AugmentationSettings none() {
		return reference().withHsv(false).withShiftScaleRotate(false)
			.withHorizontalFlip(false).withVerticalFlip(false).withRotate90(false);
	}

	/**
	 * Random hue, saturation and value shifts on 8-bit and RGB images (value only
	 * for gray).
	 */
	public boolean hsv() {
		return hsv;
	}

	public boolean shiftScaleRotate() {
		return shiftScaleRotate;
	}

	public boolean horizontalFlip() {
		return horizontalFlip;
	}

	public boolean verticalFlip() {
		return verticalFlip;
	}

	/** A quarter turn; applied to square images only. */
	public boolean rotate90() {
		return rotate90;
	}

	/** Hue shift limit in OpenCV 8-bit hue units (degrees / 2). */
	public int hueShift() {
		return hueShift;
	}

	/** Saturation shift limit, in 0..255 saturation units. */
	public double saturationShift() {
		return saturationShift;
	}

	/** Value (brightness) shift limit, in 0..255 units. */
	public double valueShift() {
		return valueShift;
	}

	/** Shift limit as a fraction of the width and height. */
	public double shift() {
		return shift;
	}

	/** Scale factor is 1 +- this. */
	public double scale() {
		return scale;
	}

	/** Aspect ratio is 1 +- this. */
	public double aspect() {
		return aspect;
	}

	/** Rotation limit in degrees. */
	public double rotation() {
		return rotation;
	}

	public boolean isNone() {
		return !hsv && !shiftScaleRotate && !horizontalFlip && !verticalFlip &&
			!rotate90;
	}

	public AugmentationSettings withHsv(boolean on) {
		return new AugmentationSettings(on, shiftScaleRotate, horizontalFlip,
			verticalFlip, rotate90, hueShift, saturationShift, valueShift, shift,
			scale, aspect, rotation);
	}

	public AugmentationSettings withShiftScaleRotate(boolean on) {
		return new AugmentationSettings(hsv, on, horizontalFlip, verticalFlip,
			rotate90, hueShift, saturationShift, valueShift, shift, scale, aspect,
			rotation);
	}

	public AugmentationSettings withHorizontalFlip(boolean on) {
		return new AugmentationSettings(hsv, shiftScaleRotate, on, verticalFlip,
			rotate90, hueShift, saturationShift, valueShift, shift, scale, aspect,
			rotation);
	}

	public AugmentationSettings withVerticalFlip(boolean on) {
		return new AugmentationSettings(hsv, shiftScaleRotate, horizontalFlip, on,
			rotate90, hueShift, saturationShift, valueShift, shift, scale, aspect,
			rotation);
	}

	public AugmentationSettings withRotate90(boolean on) {
		return new AugmentationSettings(hsv, shiftScaleRotate, horizontalFlip,
			verticalFlip, on, hueShift, saturationShift, valueShift, shift, scale,
			aspect, rotation);
	}

	/**
	 * @param hue hue limit in OpenCV units (0..90); @param saturation and @param
	 *          value limits in 0..255 units
	 */
	public AugmentationSettings withHsvRanges(int hue, double saturation,
		double value)
	{
		return new AugmentationSettings(hsv, shiftScaleRotate, horizontalFlip,
			verticalFlip, rotate90, hue, saturation, value, shift, scale, aspect,
			rotation);
	}

	/**
	 * @param shiftLimit fraction of the size; @param scaleLimit and @param
	 *          aspectLimit around 1; @param degrees rotation limit
	 */
	public AugmentationSettings withShiftScaleRotateRanges(double shiftLimit,
		double scaleLimit, double aspectLimit, double degrees)
	{
		return new AugmentationSettings(hsv, shiftScaleRotate, horizontalFlip,
			verticalFlip, rotate90, hueShift, saturationShift, valueShift, shiftLimit,
			scaleLimit, aspectLimit, degrees);
	}

	/** Writes every setting under {@code prefix} (e.g. "augmentation."). */
	public void toProperties(Properties props, String prefix) {
		props.setProperty(prefix + "hsv", Boolean.toString(hsv));
		props.setProperty(prefix + "shiftScaleRotate", Boolean.toString(
			shiftScaleRotate));
		props.setProperty(prefix + "horizontalFlip", Boolean.toString(
			horizontalFlip));
		props.setProperty(prefix + "verticalFlip", Boolean.toString(verticalFlip));
		props.setProperty(prefix + "rotate90", Boolean.toString(rotate90));
		props.setProperty(prefix + "hueShift", Integer.toString(hueShift));
		props.setProperty(prefix + "saturationShift", Double.toString(
			saturationShift));
		props.setProperty(prefix + "valueShift", Double.toString(valueShift));
		props.setProperty(prefix + "shift", Double.toString(shift));
		props.setProperty(prefix + "scale", Double.toString(scale));
		props.setProperty(prefix + "aspect", Double.toString(aspect));
		props.setProperty(prefix + "rotation", Double.toString(rotation));
	}

	/**
	 * Reads what {@link #toProperties} wrote; a missing key keeps the reference's
	 * value.
	 */
	public static AugmentationSettings fromProperties(Properties props,
		String prefix)
	{
		AugmentationSettings r = reference();
		return new AugmentationSettings(bool(props, prefix + "hsv", r.hsv), bool(
			props, prefix + "shiftScaleRotate", r.shiftScaleRotate), bool(props,
				prefix + "horizontalFlip", r.horizontalFlip), bool(props, prefix +
					"verticalFlip", r.verticalFlip), bool(props, prefix + "rotate90",
						r.rotate90), integer(props, prefix + "hueShift", r.hueShift),
			number(props, prefix + "saturationShift", r.saturationShift), number(
				props, prefix + "valueShift", r.valueShift), number(props, prefix +
					"shift", r.shift), number(props, prefix + "scale", r.scale), number(
						props, prefix + "aspect", r.aspect), number(props, prefix +
							"rotation", r.rotation));
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof AugmentationSettings)) return false;
		AugmentationSettings a = (AugmentationSettings) o;
		return hsv == a.hsv && shiftScaleRotate == a.shiftScaleRotate &&
			horizontalFlip == a.horizontalFlip && verticalFlip == a.verticalFlip &&
			rotate90 == a.rotate90 && hueShift == a.hueShift &&
			saturationShift == a.saturationShift && valueShift == a.valueShift &&
			shift == a.shift && scale == a.scale && aspect == a.aspect &&
			rotation == a.rotation;
	}

	@Override
	public int hashCode() {
		return Objects.hash(hsv, shiftScaleRotate, horizontalFlip, verticalFlip,
			rotate90, hueShift, saturationShift, valueShift, shift, scale, aspect,
			rotation);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT,
			"augmentation(hsv %b [%d, %s, %s], shiftScaleRotate %b [%s, %s, %s, %s deg], " +
				"flips %b/%b, rot90 %b)", hsv, hueShift, saturationShift, valueShift,
			shiftScaleRotate, shift, scale, aspect, rotation, horizontalFlip,
			verticalFlip, rotate90);
	}

	private static void requireRange(String name, double limit, double max) {
		if (!(limit >= 0 && limit <= max)) throw new IllegalArgumentException(
			"augmentation " + name + " limit must be in [0, " + max + "], not " +
				limit);
	}

	private static boolean bool(Properties props, String key, boolean fallback) {
		String v = props.getProperty(key);
		if (v == null) return fallback;
		if (v.trim().equalsIgnoreCase("true")) return true;
		if (v.trim().equalsIgnoreCase("false")) return false;
		throw new IllegalArgumentException(key + " must be true or false, not '" +
			v + "'");
	}

	private static int integer(Properties props, String key, int fallback) {
		String v = props.getProperty(key);
		if (v == null) return fallback;
		try {
			return Integer.parseInt(v.trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(key +
				" must be a whole number, not '" + v + "'");
		}
	}

	private static double number(Properties props, String key, double fallback) {
		String v = props.getProperty(key);
		if (v == null) return fallback;
		try {
			return Double.parseDouble(v.trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a number, not '" + v +
				"'");
		}
	}
}
