
package sc.fiji.cenet.data;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Percentiles of the values of an image, interpolated linearly between ranks as
 * numpy's default ({@code rank = p / 100 * (n - 1)}). NaNs are skipped.
 * <p>
 * Up to {@link #EXACT_LIMIT} values are copied and sorted: exact. Larger images
 * go through a histogram of at most {@link #BINS} bins between min and max,
 * which is still exact for integer data spanning fewer than {@link #BINS}
 * values (one bin per value) and otherwise off by less than one bin, 1/65536 of
 * the range: far below what normalisation cares about.
 */
final class Percentiles {

	static final int EXACT_LIMIT = 1 << 22;
	static final int BINS = 1 << 16;

	private Percentiles() {}

	/** @param percents in [0, 100] */
	static float[] of(RandomAccessibleInterval<? extends RealType<?>> img,
		double... percents)
	{
		return withExactLimit(img, EXACT_LIMIT, percents);
	}

	/** @param exactLimit largest image that is sorted rather than binned */
	static float[] withExactLimit(
		RandomAccessibleInterval<? extends RealType<?>> img, long exactLimit,
		double... percents)
	{
		for (double p : percents)
			if (!(p >= 0 && p <= 100)) throw new IllegalArgumentException(
				"percentile must be in [0, 100], not " + p);
		return img.size() <= exactLimit ? bySorting(img, percents) : byHistogram(
			img, percents);
	}

	private static float[] bySorting(
		RandomAccessibleInterval<? extends RealType<?>> img, double[] percents)
	{
		float[] values = new float[(int) img.size()];
		int n = 0;
		for (RealType<?> t : Views.iterable(img)) {
			float v = t.getRealFloat();
			if (!Float.isNaN(v)) values[n++] = v;
		}
		if (n == 0) return new float[percents.length];
		Arrays.sort(values, 0, n);
		float[] result = new float[percents.length];
		for (int i = 0; i < percents.length; i++) {
			double rank = percents[i] / 100 * (n - 1);
			int lo = (int) Math.floor(rank);
			int hi = Math.min(lo + 1, n - 1);
			result[i] = (float) (values[lo] + (values[hi] - (double) values[lo]) *
				(rank - lo));
		}
		return result;
	}

	private static float[] byHistogram(
		RandomAccessibleInterval<? extends RealType<?>> img, double[] percents)
	{
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		boolean integral = true;
		for (RealType<?> t : Views.iterable(img)) {
			double v = t.getRealDouble();
			if (v < min) min = v;
			if (v > max) max = v;
			integral &= Double.isNaN(v) || v == Math.rint(v);
		}
		if (min > max) return new float[percents.length]; // all NaN
		// integer values spanning fewer than BINS values get one bin each: exact
		boolean exact = integral && max - min < BINS;
		int bins = exact ? (int) (max - min) + 1 : BINS;
		double binWidth = exact ? 1 : (max - min) / BINS;
		long[] counts = new long[bins];
		long n = 0;
		for (RealType<?> t : Views.iterable(img)) {
			double v = t.getRealDouble();
			if (Double.isNaN(v)) continue;
			counts[binOf(v, min, binWidth, bins)]++;
			n++;
		}
		float[] result = new float[percents.length];
		for (int i = 0; i < percents.length; i++) {
			double rank = percents[i] / 100 * (n - 1);
			long lo = (long) Math.floor(rank);
			double vLo = valueAtRank(counts, lo, min, binWidth, exact);
			double vHi = valueAtRank(counts, Math.min(lo + 1, n - 1), min, binWidth,
				exact);
			result[i] = (float) (vLo + (vHi - vLo) * (rank - lo));
		}
		return result;
	}

	private static int binOf(double v, double min, double binWidth, int bins) {
		if (binWidth == 0) return 0;
		return (int) Math.min(bins - 1, Math.max(0, Math.floor((v - min) /
			binWidth)));
	}

	/**
	 * The value of 0-based sorted rank {@code rank}: its bin's value when exact,
	 * else the bin's centre.
	 */
	private static double valueAtRank(long[] counts, long rank, double min,
		double binWidth, boolean exact)
	{
		long seen = 0;
		for (int b = 0; b < counts.length; b++) {
			seen += counts[b];
			if (seen > rank) return min + (exact ? b : (b + 0.5) * binWidth);
		}
		return min + (counts.length - (exact ? 1 : 0.5)) * binWidth;
	}
}
