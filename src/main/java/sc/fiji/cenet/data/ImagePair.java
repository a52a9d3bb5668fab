
package sc.fiji.cenet.data;

import java.io.File;
import java.util.Objects;

/** One training image with its mask and, optionally, its field-of-view mask. */
public final class ImagePair {

	private final File image;
	private final File mask;
	private final File fov;

	/** @param fov the field-of-view mask, or null when the whole image counts */
	public ImagePair(File image, File mask, File fov) {
		this.image = Objects.requireNonNull(image, "image");
		this.mask = Objects.requireNonNull(mask, "mask");
		this.fov = fov;
	}

	public ImagePair(File image, File mask) {
		this(image, mask, null);
	}

	public File image() {
		return image;
	}

	public File mask() {
		return mask;
	}

	/** The field-of-view mask, or null. */
	public File fov() {
		return fov;
	}

	public boolean hasFov() {
		return fov != null;
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof ImagePair)) return false;
		ImagePair p = (ImagePair) o;
		return image.equals(p.image) && mask.equals(p.mask) && Objects.equals(fov,
			p.fov);
	}

	@Override
	public int hashCode() {
		return Objects.hash(image, mask, fov);
	}

	@Override
	public String toString() {
		return image.getName() + " <-> " + mask.getName() + (fov == null ? ""
			: " (FOV " + fov.getName() + ")");
	}
}
