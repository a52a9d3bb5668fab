
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.Test;

public class SyntheticVesselsTest {

	private static final int W = 160, H = 128;

	@Test
	public void shapesFollowTheConventions() {
		final SyntheticVessels.Sample s = SyntheticVessels.generate(3, W, H);
		assertArrayEquals(new long[] { W, H, 3 }, s.image()
			.dimensionsAsLongArray());
		assertArrayEquals(new long[] { W, H }, s.mask().dimensionsAsLongArray());
		assertArrayEquals(new long[] { W, H }, s.fieldOfView()
			.dimensionsAsLongArray());
	}

	@Test
	public void sameSeedGivesTheSameSample() {
		final SyntheticVessels.Sample a = SyntheticVessels.generate(42, W, H);
		final SyntheticVessels.Sample b = SyntheticVessels.generate(42, W, H);
		assertArrayEquals(bytes(a.image()), bytes(b.image()));
		assertArrayEquals(bytes(a.mask()), bytes(b.mask()));
	}

	@Test
	public void differentSeedsGiveDifferentSamples() {
		final byte[] a = bytes(SyntheticVessels.generate(1, W, H).mask());
		final byte[] b = bytes(SyntheticVessels.generate(2, W, H).mask());
		assertFalse(Arrays.equals(a, b));
	}

	/**
	 * The vessel-free rendering of a seed shares background and noise, so a pixel
	 * changes exactly where the mask says there is a vessel, and gets darker.
	 */
	@Test
	public void maskMarksExactlyTheDarkenedPixels() {
		for (final long seed : new long[] { 1, 7, 123 }) {
			final SyntheticVessels.Sample with = SyntheticVessels.generate(seed, W,
				H);
			final SyntheticVessels.Sample without = SyntheticVessels
				.generateWithoutVessels(seed, W, H, true);
			final byte[] img = bytes(with.image()), bg = bytes(without.image()),
					mask = bytes(with.mask());
			final int n = W * H;
			for (int i = 0; i < n; i++) {
				final boolean vessel = mask[i] != 0;
				assertTrue(mask[i] == 0 || mask[i] == (byte) 255);
				int changed = 0, brightnessDrop = 0;
				for (int c = 0; c < 3; c++) {
					final int v = img[i + c * n] & 0xff, b = bg[i + c * n] & 0xff;
					if (v != b) changed++;
					brightnessDrop += b - v;
				}
				assertEquals("seed " + seed + " pixel " + i, vessel, changed > 0);
				if (vessel) assertTrue("vessel pixel " + i + " is not darker",
					brightnessDrop > 0);
			}
		}
	}

	@Test
	public void vesselsLieInsideTheFieldOfViewAndCoverAPlausibleFraction() {
		final SyntheticVessels.Sample s = SyntheticVessels.generate(5, 256, 256);
		final byte[] mask = bytes(s.mask()), fov = bytes(s.fieldOfView()), img =
			bytes(s.image());
		int vessels = 0, inside = 0;
		for (int i = 0; i < mask.length; i++) {
			if (fov[i] != 0) inside++;
			if (mask[i] != 0) {
				vessels++;
				assertTrue(fov[i] != 0);
			}
			if (fov[i] == 0) assertEquals(0, img[i] | img[i + mask.length] | img[i +
				2 * mask.length]);
		}
		final double fraction = vessels / (double) inside;
		assertTrue("vessel fraction " + fraction, fraction > 0.04 &&
			fraction < 0.25);
		// a disc of radius 0.47 * 256
		assertEquals(Math.PI * 120.32 * 120.32, inside, 0.02 * inside);
	}

	@Test
	public void fundusLooksReddish() {
		final SyntheticVessels.Sample s = SyntheticVessels.generate(9, W, H);
		final byte[] img = bytes(s.image()), fov = bytes(s.fieldOfView());
		final double[] mean = new double[3];
		for (int c = 0; c < 3; c++) {
			int count = 0;
			for (int i = 0; i < W * H; i++)
				if (fov[i] != 0) {
					mean[c] += img[i + c * W * H] & 0xff;
					count++;
				}
			mean[c] /= count;
		}
		assertTrue(Arrays.toString(mean), mean[0] > mean[1] && mean[1] > mean[2]);
	}

	@Test
	public void withoutCircularFovEverythingIsImaged() {
		final SyntheticVessels.Sample s = SyntheticVessels.generate(5, W, H, false);
		for (final byte b : bytes(s.fieldOfView()))
			assertEquals((byte) 255, b);
	}

	/**
	 * Vessels are 1 to 5 px wide: 7x7 all-vessel blocks only occur where vessels
	 * meet, and there are one-pixel-thin runs.
	 */
	@Test
	public void vesselWidthsStayWithinOneToFivePixels() {
		final int size = 256;
		final byte[] mask = bytes(SyntheticVessels.generate(11, size, size).mask());
		int vessels = 0, fullBlocks = 0, thin = 0;
		for (int y = 1; y < size - 1; y++)
			for (int x = 1; x < size - 1; x++) {
				final int i = x + y * size;
				if (mask[i] == 0) continue;
				vessels++;
				if (mask[i - 1] == 0 && mask[i + 1] == 0 || mask[i - size] == 0 &&
					mask[i + size] == 0) thin++;
				if (x + 7 <= size && y + 7 <= size && allVessel(mask, size, x, y, 7))
					fullBlocks++;
			}
		assertTrue("thin vessel pixels: " + thin, thin > 0);
		assertTrue(fullBlocks + " full 7x7 blocks for " + vessels +
			" vessel pixels", fullBlocks < 0.005 * vessels);
	}

	private static boolean allVessel(final byte[] mask, final int size,
		final int x, final int y, final int block)
	{
		for (int dy = 0; dy < block; dy++)
			for (int dx = 0; dx < block; dx++)
				if (mask[x + dx + (y + dy) * size] == 0) return false;
		return true;
	}

	@Test
	public void tooSmallImagesAreRejected() {
		try {
			SyntheticVessels.generate(1, 16, 100);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals("Synthetic images must be at least 32x32 pixels, got 16x100",
				e.getMessage());
		}
	}

	private static byte[] bytes(final Img<UnsignedByteType> img) {
		final byte[] out = new byte[(int) img.size()];
		int i = 0;
		for (final UnsignedByteType t : img)
			out[i++] = (byte) t.get();
		return out;
	}
}
