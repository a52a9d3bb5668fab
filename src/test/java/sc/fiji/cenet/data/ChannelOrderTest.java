
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static sc.fiji.cenet.data.ImagePairingTest.assertMessage;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.Test;

public class ChannelOrderTest {

	/** 2 x 1 pixels, R = 1, 2; G = 10, 20; B = 100, 200. */
	private final Img<FloatType> rgb = ArrayImgs.floats(new float[] { 1, 2, 10,
		20, 100, 200 }, 2, 1, 3);

	@Test
	public void bgrReversesTheChannelsAsAView() {
		RandomAccessibleInterval<FloatType> bgr = ChannelOrder.BGR.fromRgb(rgb);
		assertArrayEquals(new long[] { 2, 1, 3 }, bgr.dimensionsAsLongArray());
		assertArrayEquals(new long[] { 0, 0, 0 }, bgr.minAsLongArray());
		assertArrayEquals(new float[] { 100, 200, 10, 20, 1, 2 }, flat(bgr), 0);
		assertSame(rgb, ChannelOrder.RGB.fromRgb(rgb));
		assertEquals(2, ChannelOrder.BGR.sourceChannel(0, 3));
		assertEquals(0, ChannelOrder.BGR.sourceChannel(0, 1));
	}

	@Test
	public void grayPassesAndOtherChannelCountsAreRefused() {
		Img<FloatType> gray = ArrayImgs.floats(2, 2);
		assertSame(gray, ChannelOrder.BGR.fromRgb(gray));
		assertMessage(() -> ChannelOrder.BGR.fromRgb(ArrayImgs.floats(2, 2, 2)),
			"3 channels", "2 x 2 x 2");
	}

	@Test
	public void rgbToGrayIsTheChannelMean() {
		assertArrayEquals(new float[] { 37, 74 }, flat(ChannelConversion.toGray(
			rgb)), 1e-5f);
		assertArrayEquals(new float[] { 37, 74 }, flat(ChannelConversion.toChannels(
			rgb, 1)), 1e-5f);
	}

	@Test
	public void grayToRgbReplicates() {
		Img<FloatType> gray = ArrayImgs.floats(new float[] { 5, 6 }, 2, 1);
		assertArrayEquals(new float[] { 5, 6, 5, 6, 5, 6 }, flat(ChannelConversion
			.toChannels(gray, 3)), 0);
		Img<FloatType> oneChannel = ArrayImgs.floats(new float[] { 5, 6 }, 2, 1, 1);
		assertArrayEquals(new float[] { 5, 6, 5, 6, 5, 6 }, flat(ChannelConversion
			.toChannels(oneChannel, 3)), 0);
		assertMessage(() -> ChannelConversion.toChannels(ArrayImgs.floats(2, 1, 2),
			3), "2 channels into 3");
	}

	@Test
	public void grayOfAChannelRangeNotStartingAtZero() {
		RandomAccessibleInterval<FloatType> shifted = Views.translate(rgb, 0, 0, 5);
		assertArrayEquals(new float[] { 37, 74 }, flat(ChannelConversion.toGray(
			shifted)), 1e-5f);
	}

	static float[] flat(RandomAccessibleInterval<? extends RealType<?>> img) {
		float[] out = new float[(int) img.size()];
		int i = 0;
		for (RealType<?> t : Views.flatIterable(img))
			out[i++] = t.getRealFloat();
		return out;
	}
}
