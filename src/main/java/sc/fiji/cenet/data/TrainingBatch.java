
package sc.fiji.cenet.data;

/**
 * One batch for a training step, NHWC in flat float arrays: normalised images
 * {@code n x h x w x c}; targets {@code n x h x w} (0/1 for binary, the class
 * index for N classes); weights {@code n x h x w} (1 inside the field of view,
 * 0 outside, all 1 without a field-of-view mask).
 */
public final class TrainingBatch {

	private final int size;
	private final int height;
	private final int width;
	private final int channels;
	private final float[] images;
	private final float[] targets;
	private final float[] weights;

	public TrainingBatch(int size, int height, int width, int channels,
		float[] images, float[] targets, float[] weights)
	{
		long pixels = (long) size * height * width;
		if (size < 1 || height < 1 || width < 1 || channels < 1 ||
			images.length != pixels * channels || targets.length != pixels ||
			weights.length != pixels) throw new IllegalArgumentException(
				"batch arrays (" + images.length + ", " + targets.length + ", " +
					weights.length + ") do not match " + size + " x " + height + " x " +
					width + " x " + channels);
		this.size = size;
		this.height = height;
		this.width = width;
		this.channels = channels;
		this.images = images;
		this.targets = targets;
		this.weights = weights;
	}

	/** Number of samples, N. */
	public int size() {
		return size;
	}

	public int height() {
		return height;
	}

	public int width() {
		return width;
	}

	public int channels() {
		return channels;
	}

	/** n x h x w x c, NHWC; the batch's own array, not a copy. */
	public float[] images() {
		return images;
	}

	/** n x h x w; the batch's own array, not a copy. */
	public float[] targets() {
		return targets;
	}

	/** n x h x w; the batch's own array, not a copy. */
	public float[] weights() {
		return weights;
	}

	/** {n, h, w, c}. */
	public long[] imageShape() {
		return new long[] { size, height, width, channels };
	}

	/** {n, h, w, 1}, the shape of targets and weights as a network output. */
	public long[] targetShape() {
		return new long[] { size, height, width, 1 };
	}

	@Override
	public String toString() {
		return "TrainingBatch(" + size + " x " + height + " x " + width + " x " +
			channels + ")";
	}
}
