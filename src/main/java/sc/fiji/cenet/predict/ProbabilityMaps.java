
package sc.fiji.cenet.predict;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;
import net.imglib2.view.composite.Composite;

/**
 * Segmentations from probability maps: a thresholded mask for one class, the
 * most probable class for several.
 */
public final class ProbabilityMaps {

	/** The class axis of (X, Y, K) probabilities. */
	public static final int CLASS_AXIS = 2;

	private ProbabilityMaps() {}

	/**
	 * 255 where probability >= threshold, else 0, for every pixel of a map of any
	 * dimensions.
	 */
	public static Img<UnsignedByteType> mask(
		RandomAccessibleInterval<? extends RealType<?>> probabilities,
		double threshold)
	{
		Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(Intervals
			.dimensionsAsLongArray(probabilities));
		LoopBuilder.setImages(Views.zeroMin(probabilities), mask).forEachPixel((p,
			m) -> m.set(p.getRealDouble() >= threshold ? 255 : 0));
		return mask;
	}

	/**
	 * The index of the most probable class (the lowest on ties) along axis 2 of
	 * (X, Y, K, ...) probabilities; the result has axis 2 removed.
	 *
	 * @throws IllegalArgumentException for more than 256 classes: use
	 *           {@link #wideLabels}
	 */
	public static Img<UnsignedByteType> labels(
		RandomAccessibleInterval<? extends RealType<?>> probabilities)
	{
		if (classes(probabilities) > 256) throw new IllegalArgumentException(
			classes(probabilities) +
				" classes do not fit 8-bit labels; use wideLabels for 16-bit labels");
		return argmax(probabilities, new UnsignedByteType());
	}

	/** As {@link #labels} with 16-bit labels, for up to 65536 classes. */
	public static Img<UnsignedShortType> wideLabels(
		RandomAccessibleInterval<? extends RealType<?>> probabilities)
	{
		if (classes(probabilities) > 65536) throw new IllegalArgumentException(
			classes(probabilities) + " classes do not fit 16-bit labels");
		return argmax(probabilities, new UnsignedShortType());
	}

	private static long classes(RandomAccessibleInterval<?> probabilities) {
		if (probabilities.numDimensions() <= CLASS_AXIS)
			throw new IllegalArgumentException(
				"Labels need class probabilities along axis " + CLASS_AXIS +
					" (X, Y, class); for a one-class (X, Y) map use mask");
		return probabilities.dimension(CLASS_AXIS);
	}

	private static <P extends RealType<?>, L extends IntegerType<L> & NativeType<L>>
		Img<L> argmax(RandomAccessibleInterval<P> probabilities, L type)
	{
		int n = probabilities.numDimensions();
		int classes = (int) probabilities.dimension(CLASS_AXIS);
		// Class axis last, then collapsed: each pixel becomes the vector of its
		// class probabilities.
		RandomAccessibleInterval<? extends Composite<P>> vectors = Views.collapse(
			Views.moveAxis(Views.zeroMin(probabilities), CLASS_AXIS, n - 1));
		Img<L> labels = new ArrayImgFactory<>(type).create(Intervals
			.dimensionsAsLongArray(vectors));
		LoopBuilder.setImages(vectors, labels).forEachPixel((v, label) -> {
			int best = 0;
			double max = v.get(0).getRealDouble();
			for (int k = 1; k < classes; k++) {
				double p = v.get(k).getRealDouble();
				if (p > max) {
					max = p;
					best = k;
				}
			}
			label.setInteger(best);
		});
		return labels;
	}
}
