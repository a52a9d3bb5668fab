
package sc.fiji.cenet.predict;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** What a segmentation returns: the {@code output} choice. */
public enum OutputKind {

		/**
		 * 32-bit probabilities: (X, Y, P) for one class, (X, Y, K, P) for K
		 * classes.
		 */
		PROBABILITIES("probabilities"),
		/**
		 * 8-bit 0/255 (X, Y, P): probability &ge; threshold for one class; for K
		 * classes, where the most probable class is not 0 (background).
		 */
		MASK("mask"),
		/**
		 * 8-bit labels (X, Y, P): the most probable class 0..K-1; for one class, 1
		 * where probability &ge; threshold, else 0.
		 */
		LABELS("labels");

	/**
	 * The choice that picks probabilities for a 1-class model, labels otherwise.
	 */
	public static final String AUTO = "auto";

	/** The values of the {@code output} key. */
	public static final String[] CHOICES = { AUTO, "probabilities", "mask",
		"labels" };

	private final String key;

	OutputKind(final String key) {
		this.key = key;
	}

	/** The choice value, e.g. "mask"; also the suffix of output names. */
	public String key() {
		return key;
	}

	/** @param choice one of {@link #CHOICES} */
	public static OutputKind of(final String choice, final int classes) {
		if (AUTO.equals(choice)) return classes == 1 ? PROBABILITIES : LABELS;
		for (final OutputKind kind : values())
			if (kind.key.equals(choice)) return kind;
		throw new IllegalArgumentException("output must be one of " + String.join(
			", ", CHOICES) + ", not '" + choice + "'");
	}

	/**
	 * Whether the threshold decides the result: masks and labels of a 1-class
	 * model.
	 */
	public boolean usesThreshold(final int classes) {
		return this != PROBABILITIES && classes == 1;
	}

	/**
	 * Whether the result has a class axis (axis 2): only probabilities of several
	 * classes.
	 */
	public boolean hasClassAxis(final int classes) {
		return this == PROBABILITIES && classes > 1;
	}

	/**
	 * @throws IllegalArgumentException unless {@code choice} is one of
	 *           {@link #CHOICES}
	 */
	static void requireChoice(final String choice) {
		if (AUTO.equals(choice)) return;
		of(choice, 1);
	}

	/**
	 * Probabilities in [0, 1], a mask in [0, 255], labels in [0, K-1]: the
	 * display range of a result.
	 */
	public double displayMax(final int classes) {
		switch (this) {
			case PROBABILITIES:
				return 1;
			case MASK:
				return 255;
			default:
				return Math.max(1, classes - 1);
		}
	}

	/** @param probabilities as {@link CENetModel#probabilities} returns them */
	public RandomAccessibleInterval<? extends RealType<?>> from(
		final Img<FloatType> probabilities, final int classes,
		final double threshold)
	{
		switch (this) {
			case PROBABILITIES:
				return probabilities;
			case MASK:
				if (classes == 1) return ProbabilityMaps.mask(probabilities, threshold);
				return scaled(ProbabilityMaps.labels(probabilities), 0, 255);
			case LABELS:
				if (classes > 1) return ProbabilityMaps.labels(probabilities);
				return scaled(ProbabilityMaps.mask(probabilities, threshold), 0, 1);
			default:
				throw new AssertionError(this);
		}
	}

	/** 0 stays {@code zero}, anything else becomes {@code other}. */
	private static RandomAccessibleInterval<UnsignedByteType> scaled(
		final RandomAccessibleInterval<UnsignedByteType> labels, final int zero,
		final int other)
	{
		return Converters.convert(labels, (in, out) -> out.set(in.get() == 0 ? zero
			: other), new UnsignedByteType());
	}
}
