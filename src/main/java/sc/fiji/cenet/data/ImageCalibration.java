
package sc.fiji.cenet.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a file says of its planes and pixels besides their values: how its
 * planes split into Z slices and time frames, the pixel size and its unit, the
 * frame interval, and each plane's label. A prediction saved for the file
 * carries them, so that it lies over the image in Fiji as CE-Net Predict's
 * does.
 */
public final class ImageCalibration {

	private final int slices, frames;
	private final double pixelWidth, pixelHeight, pixelDepth, frameInterval;
	private final String unit, timeUnit;
	private final List<String> planeLabels;

	/**
	 * @param planeLabels one per plane (slices x frames, Z running fastest), an
	 *          entry null where a plane has no label
	 */
	public ImageCalibration(int slices, int frames, double pixelWidth,
		double pixelHeight, double pixelDepth, String unit, double frameInterval,
		String timeUnit, List<String> planeLabels)
	{
		if (slices < 1 || frames < 1 || planeLabels.size() != slices * frames)
			throw new IllegalArgumentException(slices + " slices x " + frames +
				" frames do not fit " + planeLabels.size() + " plane labels");
		this.slices = slices;
		this.frames = frames;
		this.pixelWidth = pixelWidth;
		this.pixelHeight = pixelHeight;
		this.pixelDepth = pixelDepth;
		this.unit = unit;
		this.frameInterval = frameInterval;
		this.timeUnit = timeUnit;
		this.planeLabels = Collections.unmodifiableList(new ArrayList<>(
			planeLabels));
	}

	/** Pixels of size 1 in pixels, the planes as Z slices, no labels. */
	public static ImageCalibration uncalibrated(int planes) {
		return new ImageCalibration(planes, 1, 1, 1, 1, "pixel", 0, "sec",
			Collections.nCopies(planes, null));
	}

	public int slices() {
		return slices;
	}

	public int frames() {
		return frames;
	}

	public double pixelWidth() {
		return pixelWidth;
	}

	public double pixelHeight() {
		return pixelHeight;
	}

	public double pixelDepth() {
		return pixelDepth;
	}

	/** The unit of the pixel sizes, e.g. "micron"; "pixel" when uncalibrated. */
	public String unit() {
		return unit;
	}

	/** Time between frames in {@link #timeUnit()}; 0 when unknown. */
	public double frameInterval() {
		return frameInterval;
	}

	public String timeUnit() {
		return timeUnit;
	}

	/** One per plane, Z running fastest; null entries for planes without one. */
	public List<String> planeLabels() {
		return planeLabels;
	}
}
