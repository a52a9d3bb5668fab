
package sc.fiji.cenet.predict;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

import org.junit.Test;

public class ProbabilityMapsTest {

	@Test
	public void maskIs255AtOrAboveThreshold() {
		Img<FloatType> p = ArrayImgs.floats(new float[] { 0.2f, 0.5f, 0.7f,
			0.49999f }, 2, 2);
		assertArrayEquals(new byte[] { 0, (byte) 255, (byte) 255, 0 }, bytes(
			Predictor.mask(p, 0.5)));
		assertArrayEquals(new byte[] { 0, 0, (byte) 255, 0 }, bytes(Predictor.mask(
			p, 0.6)));
	}

	/**
	 * Three pixels (X) with three classes each; the tie at pixel 2 goes to the
	 * lower class.
	 */
	@Test
	public void labelsAreTheMostProbableClass() {
		// Axis order X, Y, class: class 0 for all pixels, then class 1, then class
		// 2.
		float[] p = { 0.7f, 0.1f, 0.4f, // class 0
			0.2f, 0.1f, 0.4f, // class 1
			0.1f, 0.8f, 0.2f }; // class 2
		Img<UnsignedByteType> labels = Predictor.labels(ArrayImgs.floats(p, 3, 1,
			3));
		assertArrayEquals(new long[] { 3, 1 }, Intervals.dimensionsAsLongArray(
			labels));
		assertArrayEquals(new byte[] { 0, 2, 0 }, bytes(labels));
	}

	@Test
	public void labelsKeepSliceAxes() {
		// X = 2, Y = 1, class = 2, Z = 2
		float[] p = { 0.9f, 0.3f, 0.1f, 0.7f, 0.2f, 0.6f, 0.8f, 0.4f };
		Img<UnsignedByteType> labels = Predictor.labels(ArrayImgs.floats(p, 2, 1, 2,
			2));
		assertArrayEquals(new long[] { 2, 1, 2 }, Intervals.dimensionsAsLongArray(
			labels));
		assertArrayEquals(new byte[] { 0, 1, 1, 0 }, bytes(labels));
	}

	@Test
	public void manyClassesNeedWideLabels() {
		Img<FloatType> p = ArrayImgs.floats(1, 1, 300);
		net.imglib2.RandomAccess<FloatType> ra = p.randomAccess();
		ra.setPosition(new long[] { 0, 0, 299 });
		ra.get().set(1);
		try {
			Predictor.labels(p);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals(
				"300 classes do not fit 8-bit labels; use wideLabels for 16-bit labels",
				e.getMessage());
		}
		Img<UnsignedShortType> wide = Predictor.wideLabels(p);
		assertEquals(299, wide.firstElement().get());
	}

	@Test(expected = IllegalArgumentException.class)
	public void oneClassMapHasNoLabels() {
		Predictor.labels(ArrayImgs.floats(4, 4));
	}

	private static byte[] bytes(Img<UnsignedByteType> img) {
		byte[] b = new byte[(int) Intervals.numElements(img)];
		int i = 0;
		for (UnsignedByteType t : net.imglib2.view.Views.flatIterable(img))
			b[i++] = t.getByte();
		return b;
	}
}
