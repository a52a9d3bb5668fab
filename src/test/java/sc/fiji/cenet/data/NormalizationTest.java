
package sc.fiji.cenet.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static sc.fiji.cenet.data.ImagePairingTest.assertMessage;

import java.util.Properties;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;

public class NormalizationTest {

	@Test
	public void scaleIsTheReferenceFormulaBitForBit() {
		float[] x = new float[256];
		for (int i = 0; i < 256; i++)
			x[i] = i;
		RandomAccessibleInterval<FloatType> y = Normalization.scale().normalize(
			ArrayImgs.floats(x, 256, 1));
		RandomAccess<FloatType> ra = y.randomAccess();
		for (int i = 0; i < 256; i++) {
			ra.setPosition(i, 0);
			assertEquals("x = " + i, Float.floatToIntBits(i / 255f * 3.2f - 1.6f),
				Float.floatToIntBits(ra.get().get()));
		}
		// numpy: np.arange(256, dtype=np.float32) / 255.0 * 3.2 - 1.6
		assertEquals(-1.6f, at(y, 0), 0);
		assertEquals(-0x1.96633p+0f, at(y, 1), 0);
		assertEquals(0x1.9b36p-8f, at(y, 128), 0);
		assertEquals(0x1.966332p+0f, at(y, 254), 0);
		assertEquals(1.6f, at(y, 255), 0);
	}

	@Test
	public void normalizeIsALazyView() {
		Img<FloatType> img = ArrayImgs.floats(new float[] { 0, 255 }, 2, 1);
		RandomAccessibleInterval<FloatType> y = Normalization.scale().normalize(
			img);
		img.firstElement().set(255);
		assertEquals(1.6f, at(y, 0), 0);
	}

	@Test
	public void percentileMapsLowAndHighPercentilesWithoutClipping() {
		float[] v = new float[1000];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) Math.pow(i, 1.5);
		Normalization n = Normalization.percentile();
		ChannelRanges r = n.fit(ArrayImgs.floats(v, 1000, 1));
		// numpy: np.percentile(np.arange(1000, dtype=np.float32) ** 1.5, [1, 99.8])
		assertEquals(31.57654827, r.low(0), 1e-3);
		assertEquals(31480.67482812, r.high(0), 2e-2);
		assertEquals(-1.6f, r.map(0, r.low(0)), 1e-6);
		assertEquals(1.6f, r.map(0, r.high(0)), 1e-6);
		assertEquals(0f, r.map(0, (r.low(0) + r.high(0)) / 2), 1e-6);
		RandomAccessibleInterval<FloatType> y = n.normalize(ArrayImgs.floats(v,
			1000, 1));
		assertEquals(r.map(0, v[999]), at(y, 999), 0);
		assertEquals(true, at(y, 999) > 1.6f); // no clipping
	}

	@Test
	public void percentilesArePerChannel() {
		float[] v = new float[2 * 101];
		for (int i = 0; i <= 100; i++) {
			v[i] = i; // channel 0: 0..100
			v[101 + i] = 1000 + 10 * i; // channel 1: 1000..2000
		}
		ChannelRanges r = Normalization.percentile(10, 90).fit(ArrayImgs.floats(v,
			101, 1, 2));
		assertEquals(10, r.low(0), 1e-5);
		assertEquals(90, r.high(0), 1e-5);
		assertEquals(1100, r.low(1), 1e-3);
		assertEquals(1900, r.high(1), 1e-3);
		RandomAccessibleInterval<FloatType> y = Normalization.percentile(10, 90)
			.normalize(ArrayImgs.floats(v, 101, 1, 2));
		RandomAccess<FloatType> ra = y.randomAccess();
		ra.setPosition(new long[] { 90, 0, 1 });
		assertEquals(1.6f, ra.get().get(), 1e-6);
	}

	@Test
	public void histogramPercentilesOfLargeIntegerImagesAreExact() {
		int w = 300, h = 200;
		Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(w, h);
		int i = 0;
		for (UnsignedShortType t : img)
			t.set((int) ((i++ * 2654435761L) % 40000)); // scrambled, uneven
		float[] fast = Percentiles.withExactLimit(img, 1000, 1, 99.8); // binned
		int[] sorted = new int[w * h];
		i = 0;
		for (UnsignedShortType t : img)
			sorted[i++] = t.get();
		java.util.Arrays.sort(sorted);
		assertEquals((float) exactPercentile(sorted, 1), fast[0], 0);
		assertEquals((float) exactPercentile(sorted, 99.8), fast[1], 0);
	}

	@Test
	public void histogramPercentilesOfLargeFloatImagesAreWithinABin() {
		int w = 300, h = 200;
		Img<FloatType> img = ArrayImgs.floats(w, h);
		java.util.Random random = new java.util.Random(1);
		for (FloatType t : img)
			t.set((float) random.nextGaussian());
		float[] fast = Percentiles.withExactLimit(img, 1000, 1, 99.8); // binned
		float[] sorted = new float[w * h];
		int i = 0;
		for (FloatType t : img)
			sorted[i++] = t.get();
		java.util.Arrays.sort(sorted);
		double bin = (sorted[sorted.length - 1] - sorted[0]) / 65536.0;
		assertEquals(exactPercentile(sorted, 1), fast[0], bin);
		assertEquals(exactPercentile(sorted, 99.8), fast[1], bin);
	}

	@Test
	public void constantImageDoesNotDivideByZero() {
		RandomAccessibleInterval<FloatType> y = Normalization.percentile()
			.normalize(ArrayImgs.floats(new float[] { 7, 7 }, 2, 1));
		assertEquals(-1.6f, at(y, 0), 0);
	}

	@Test
	public void defaultsFollowTheBitDepth() {
		assertEquals(Normalization.scale(), Normalization.defaultFor(8));
		assertEquals(Normalization.scale(), Normalization.defaultFor(24));
		assertEquals(Normalization.percentile(), Normalization.defaultFor(16));
		assertEquals(Normalization.Kind.PERCENTILE, Normalization.defaultFor(32)
			.kind());
		assertMessage(() -> Normalization.defaultFor(12), "bit depth 12");
	}

	@Test
	public void theEightBitScaleRefusesWiderImagesHoldingLargerValues() {
		Img<UnsignedShortType> twelveBit = ArrayImgs.unsignedShorts(new short[] { 0,
			100, 4095, 7 }, 2, 2);
		assertMessage(() -> Normalization.scale().requireSuited(twelveBit, 16),
			"the model was trained on 8-bit images " +
				"(values 0-255) but this 16-bit image holds values up to 4095; convert it to 8-bit (Image > Type > 8-bit) first");
		Img<FloatType> float32 = ArrayImgs.floats(new float[] { Float.NaN, 0.5f,
			300.5f, -2 }, 2, 2);
		assertMessage(() -> Normalization.scale().requireSuited(float32, 32),
			"this 32-bit image holds values up to 300.5;");
		// fine: 16-bit values within 0..255, 8-bit and RGB images, other
		// normalisations
		Normalization.scale().requireSuited(ArrayImgs.unsignedShorts(new short[] {
			0, 255, 3, 7 }, 2, 2), 16);
		Normalization.scale().requireSuited(ArrayImgs.floats(new float[] { 0, 255,
			3, 7 }, 2, 2), 8);
		Normalization.scale().requireSuited(twelveBit, 24);
		Normalization.percentile().requireSuited(twelveBit, 16);
		// a 32-bit image of values 0..1 would be near black: refused; a black one
		// is what it is
		assertMessage(() -> Normalization.scale().requireSuited(ArrayImgs.floats(
			new float[] { 0, 0.25f, 1, 0.5f }, 2, 2), 32),
			"this 32-bit image holds values 0-1 (up to 1.0); multiply it by 255");
		Normalization.scale().requireSuited(ArrayImgs.floats(new float[4], 2, 2),
			32);
		Normalization.scale().requireSuited(ArrayImgs.floats(new float[] { 0, 1, 2,
			0 }, 2, 2), 32);
		Normalization.scale(65535).requireSuited(twelveBit, 16);
	}

	@Test
	public void propertiesRoundTrip() {
		for (Normalization n : new Normalization[] { Normalization.scale(),
			Normalization.scale(65535), Normalization.percentile(), Normalization
				.percentile(2, 99.5) })
		{
			Properties p = new Properties();
			n.toProperties(p, "normalization.");
			assertEquals(n, Normalization.fromProperties(p, "normalization."));
		}
		Properties p = new Properties();
		Normalization.percentile().toProperties(p, "normalization.");
		assertEquals("percentile", p.getProperty("normalization.kind"));
		assertEquals("99.8", p.getProperty("normalization.highPercentile"));
		assertNotEquals(Normalization.scale(), Normalization.percentile());
	}

	@Test
	public void badPropertiesNameTheKey() {
		Properties p = new Properties();
		assertMessage(() -> Normalization.fromProperties(p, "n."),
			"missing key n.kind");
		p.setProperty("n.kind", "zscore");
		assertMessage(() -> Normalization.fromProperties(p, "n."),
			"n.kind must be scale or percentile, not 'zscore'");
		p.setProperty("n.kind", "scale");
		p.setProperty("n.inputMax", "lots");
		assertMessage(() -> Normalization.fromProperties(p, "n."),
			"n.inputMax must be a number, not 'lots'");
		p.setProperty("n.kind", "percentile");
		p.setProperty("n.lowPercentile", "50");
		p.setProperty("n.highPercentile", "10");
		assertMessage(() -> Normalization.fromProperties(p, "n."),
			"0 <= low < high <= 100");
	}

	private static double exactPercentile(float[] sorted, double p) {
		double rank = p / 100 * (sorted.length - 1);
		int lo = (int) Math.floor(rank);
		return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] -
			(double) sorted[lo]) * (rank - lo);
	}

	private static double exactPercentile(int[] sorted, double p) {
		double rank = p / 100 * (sorted.length - 1);
		int lo = (int) Math.floor(rank);
		return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] -
			(double) sorted[lo]) * (rank - lo);
	}

	private static float at(RandomAccessibleInterval<FloatType> img, int x) {
		RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(x, 0);
		ra.setPosition(0, 1);
		return ra.get().get();
	}
}
