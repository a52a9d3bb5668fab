package sc.fiji.cenet.predict;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** What {@link CENetModel#segment} returns: the result image, its axes, and what it holds. */
public final class Segmentation {

	private final RandomAccessibleInterval<? extends RealType<?>> image;
	private final ImageAxes axes;
	private final OutputKind kind;
	private final int classes;

	Segmentation(final RandomAccessibleInterval<? extends RealType<?>> image, final ImageAxes axes,
		final OutputKind kind, final int classes)
	{
		this.image = image;
		this.axes = axes;
		this.kind = kind;
		this.classes = classes;
	}

	/** Probabilities (32-bit), a mask (8-bit 0/255) or labels (8-bit class numbers). */
	public RandomAccessibleInterval<? extends RealType<?>> image() {
		return image;
	}

	/** The axes of {@link #image()}: those of the input, with C = classes only for multi-class probabilities. */
	public ImageAxes axes() {
		return axes;
	}

	public OutputKind kind() {
		return kind;
	}

	/** The display range's upper end: 1 for probabilities, 255 for a mask, K-1 for labels. */
	public double displayMax() {
		return kind.displayMax(classes);
	}
}
