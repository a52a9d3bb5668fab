
package sc.fiji.cenet.data;

import java.io.File;
import java.util.Objects;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * An image read from a file: its pixels as floats with axes (X, Y) for gray or
 * (X, Y, C) for colour (C = R, G, B), plus a last Z axis when read with
 * {@link ImageFileReader#readStack}; and the bit depth of the file, which picks
 * the default {@link Normalization}.
 */
public final class LoadedImage {

	private final Img<FloatType> image;
	private final int bitDepth;
	private final int channels;
	private final int planes;
	private final File file;
	/** Stored with lossy compression (JPEG): its values are approximate. */
	private final boolean lossy;
	private final ImageCalibration calibration;

	/**
	 * @param image axes X, Y, then C when {@code channels > 1}, then Z when
	 *          {@code planes > 1}
	 * @param bitDepth 8, 16 or 32 for gray, 24 for RGB
	 */
	public LoadedImage(Img<FloatType> image, int bitDepth, int channels,
		int planes, File file)
	{
		this(image, bitDepth, channels, planes, file, false);
	}

	/** @param lossy whether the file stores the image with lossy compression */
	public LoadedImage(Img<FloatType> image, int bitDepth, int channels,
		int planes, File file, boolean lossy)
	{
		this(image, bitDepth, channels, planes, file, lossy, ImageCalibration
			.uncalibrated(planes));
	}

	/**
	 * @param calibration the file's slices and frames (their product is
	 *          {@code planes}), pixel size and plane labels
	 */
	public LoadedImage(Img<FloatType> image, int bitDepth, int channels,
		int planes, File file, boolean lossy, ImageCalibration calibration)
	{
		this.lossy = lossy;
		this.calibration = Objects.requireNonNull(calibration, "calibration");
		if (calibration.slices() * calibration.frames() != planes)
			throw new IllegalArgumentException(calibration.slices() + " slices x " +
				calibration.frames() + " frames are not the " + planes + " planes of " +
				file.getName());
		this.image = Objects.requireNonNull(image, "image");
		this.bitDepth = bitDepth;
		this.channels = channels;
		this.planes = planes;
		this.file = Objects.requireNonNull(file, "file");
		int expected = 2 + (channels > 1 ? 1 : 0) + (planes > 1 ? 1 : 0);
		if (image.numDimensions() != expected) throw new IllegalArgumentException(
			"image of " + file.getName() + " has " + image.numDimensions() +
				" axes, expected " + expected + " for " + channels +
				" channel(s) and " + planes + " plane(s)");
	}

	/**
	 * Axes X, Y, then C when {@link #channels()} > 1, then Z when
	 * {@link #planes()} > 1.
	 */
	public Img<FloatType> image() {
		return image;
	}

	/** 8, 16 or 32 for gray, 24 for RGB. */
	public int bitDepth() {
		return bitDepth;
	}

	/**
	 * 3 for RGB (R, G, B), the channel count of a multi-channel file, 1 for gray.
	 */
	public int channels() {
		return channels;
	}

	/**
	 * Number of Z planes (slices times frames); 1 unless read with
	 * {@link ImageFileReader#readStack}.
	 */
	public int planes() {
		return planes;
	}

	public File file() {
		return file;
	}

	/**
	 * How the planes split into slices and frames, the pixel size and the plane
	 * labels, as the file says.
	 */
	public ImageCalibration calibration() {
		return calibration;
	}

	/**
	 * Whether the file stores the image with lossy compression (a JPEG, by its
	 * content whatever its name), so that its values are approximate.
	 */
	public boolean isLossy() {
		return lossy;
	}

	/** The file name, for messages. */
	public String name() {
		return file.getName();
	}

	public long width() {
		return image.dimension(0);
	}

	public long height() {
		return image.dimension(1);
	}

	/**
	 * "565 x 584" for messages; channels and planes are added when there are
	 * several.
	 */
	public String sizeText() {
		return width() + " x " + height() + (channels > 1 ? " x " + channels +
			" channels" : "") + (planes > 1 ? " x " + planes + " planes" : "");
	}

	@Override
	public String toString() {
		return name() + " (" + sizeText() + ", " + bitDepth + "-bit)";
	}
}
