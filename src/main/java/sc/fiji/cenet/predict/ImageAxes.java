
package sc.fiji.cenet.predict;

import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;

/**
 * The axis order of an image given to or returned by CE-Net, as letters:
 * {@code X} and {@code Y} first, then {@code C} (channels: R, G, B for colour;
 * classes in a result) when there is a channel axis, then the plane axes
 * {@code Z} and/or {@code T}, each at most once. Planes are predicted one by
 * one, the first plane axis running fastest, as in ImageJ's stacks. Examples:
 * {@code XY} (a gray image), {@code XYC} (colour), {@code XYZ} (a gray stack),
 * {@code XYCZT} (a colour time-lapse of stacks).
 * <p>
 * ImgLib2 images carry no axis names, and a third axis of size 3 may be colour
 * or three slices: only a 2-D image needs no axes given.
 * </p>
 */
public final class ImageAxes {

	/** A 2-D gray image. */
	public static final ImageAxes XY = new ImageAxes("XY");

	private final String letters;

	private ImageAxes(final String letters) {
		this.letters = letters;
	}

	/**
	 * @param letters e.g. "XYC" or "xyzt"
	 * @throws IllegalArgumentException for anything but X, Y, optional C, then Z
	 *           and/or T
	 */
	public static ImageAxes of(final String letters) {
		final String l = letters == null ? "" : letters.trim().toUpperCase(
			Locale.ROOT);
		if (!l.matches("XYC?(Z|T|ZT|TZ)?")) throw new IllegalArgumentException(
			"axes must be X, Y, " +
				"then C for channels if any, then Z and/or T (e.g. XY, XYC, XYZ, XYCZT), not '" +
				letters + "'");
		return new ImageAxes(l);
	}

	/**
	 * The axes of an image: {@link #XY} for a 2-D image; any other must be
	 * described, since its third axis may be channels or planes.
	 *
	 * @throws IllegalArgumentException for 3 or more dimensions
	 */
	public static ImageAxes ofPlain(final RandomAccessibleInterval<?> image) {
		if (image.numDimensions() == 2) return XY;
		throw new IllegalArgumentException("an image of " + image.numDimensions() +
			" dimensions " + "needs its axes: e.g. XYC for colour, XYZ for a stack");
	}

	/**
	 * @throws IllegalArgumentException when the image has another number of
	 *           dimensions
	 */
	public void requireFits(final RandomAccessibleInterval<?> image) {
		if (image.numDimensions() != letters.length())
			throw new IllegalArgumentException("axes " + letters + " name " + letters
				.length() + " dimensions, the image has " + image.numDimensions());
	}

	/** Whether axis 2 holds channels. */
	public boolean hasChannelAxis() {
		return letters.length() > 2 && letters.charAt(2) == 'C';
	}

	/** The plane axes, e.g. "ZT"; empty for a single plane. */
	public String planeAxes() {
		return letters.substring(hasChannelAxis() ? 3 : 2);
	}

	/**
	 * The axes of a result of these planes, with or without a channel (class)
	 * axis.
	 */
	public ImageAxes withChannelAxis(final boolean channels) {
		return new ImageAxes("XY" + (channels ? "C" : "") + planeAxes());
	}

	/**
	 * Dimensions of a result: each plane axis's size taken from {@code image}.
	 */
	long[] planeDimensions(final RandomAccessibleInterval<?> image) {
		final int first = hasChannelAxis() ? 3 : 2;
		final long[] dims = new long[letters.length() - first];
		for (int d = 0; d < dims.length; d++)
			dims[d] = image.dimension(first + d);
		return dims;
	}

	@Override
	public String toString() {
		return letters;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof ImageAxes && ((ImageAxes) o).letters.equals(letters);
	}

	@Override
	public int hashCode() {
		return letters.hashCode();
	}
}
