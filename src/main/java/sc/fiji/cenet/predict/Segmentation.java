
package sc.fiji.cenet.predict;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * What {@link CENetModel#segment} returns: the result image, its axes, and what
 * it holds.
 */
public final class Segmentation {

	private final RandomAccessibleInterval<? extends RealType<?>> image;
	private final ImageAxes axes;
	private final OutputKind kind;
	private final int classes;

	Segmentation(final RandomAccessibleInterval<? extends RealType<?>> image,
		final ImageAxes axes, final OutputKind kind, final int classes)
	{
		this.image = image;
		this.axes = axes;
		this.kind = kind;
		this.classes = classes;
	}

	/**
	 * Probabilities (32-bit), a mask (8-bit 0/255) or labels (8-bit class
	 * numbers).
	 */
	public RandomAccessibleInterval<? extends RealType<?>> image() {
		return image;
	}

	/**
	 * The result as an image of its own: a mask or labels are lazy views of the
	 * probabilities until copied here (probabilities are returned as they are).
	 */
	public Img<? extends RealType<?>> img() {
		return copy(image);
	}

	private static <T extends RealType<T> & NativeType<T>> Img<T> copy(
		final RandomAccessibleInterval<? extends RealType<?>> view)
	{
		@SuppressWarnings("unchecked")
		final RandomAccessibleInterval<T> typed =
			(RandomAccessibleInterval<T>) view;
		if (typed instanceof Img) return (Img<T>) typed;
		final Img<T> img = new ArrayImgFactory<>(Util.getTypeFromInterval(typed))
			.create(typed);
		LoopBuilder.setImages(img, Views.zeroMin(typed)).forEachPixel((out,
			in) -> out.set(in));
		return img;
	}

	/**
	 * The axes of {@link #image()}: those of the input, with C = classes only for
	 * multi-class probabilities.
	 */
	public ImageAxes axes() {
		return axes;
	}

	public OutputKind kind() {
		return kind;
	}

	/**
	 * The display range's upper end: 1 for probabilities, 255 for a mask, K-1 for
	 * labels.
	 */
	public double displayMax() {
		return kind.displayMax(classes);
	}
}
