
package sc.fiji.cenet.ij;

import java.io.File;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

/**
 * Where image inputs come from: open windows in ImageJ, files in the headless
 * runner.
 */
public interface ImageSource {

	/**
	 * @param key the input's macro key, for messages
	 * @param value what the user gave for it, or null when the key was absent
	 * @throws IllegalArgumentException when there is no such image
	 */
	ImagePlus image(String key, String value);

	/**
	 * Open images by title ({@link WindowManager#getImage(String)}); absent key:
	 * the active image.
	 */
	ImageSource OPEN_IMAGES = (key, value) -> {
		if (value == null || value.isEmpty()) {
			final ImagePlus active = WindowManager.getCurrentImage();
			if (active == null) throw new IllegalArgumentException("'" + key +
				"' needs an image, but no image is open");
			return active;
		}
		final ImagePlus imp = WindowManager.getImage(value);
		if (imp == null) throw new IllegalArgumentException(
			"No open image is titled '" + value + "' (for '" + key + "')");
		return imp;
	};

	/** Image files by path, for runs without open windows. */
	ImageSource FILES = (key, value) -> {
		if (value == null || value.isEmpty()) throw new UsageException("'" + key +
			"' needs the path of an image file");
		if (!new File(value).isFile()) throw new IllegalArgumentException(
			"Image file not found: " + value + " (for '" + key + "')");
		final ImagePlus imp = IJ.openImage(value);
		if (imp == null) throw new IllegalArgumentException(
			"Cannot read an image from " + value + " (for '" + key + "')");
		return imp;
	};
}
