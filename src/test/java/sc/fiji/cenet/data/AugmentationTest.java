
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.Test;

public class AugmentationTest {

	@Test
	public void settingsByName() {
		AugmentationSettings g = AugmentationSettings.named("geometric");
		assertTrue(g.horizontalFlip() && g.verticalFlip() && g.rotate90());
		assertFalse(g.hsv() || g.shiftScaleRotate());
		AugmentationSettings r = AugmentationSettings.named("reference");
		assertTrue(r.hsv() && r.shiftScaleRotate() && r.horizontalFlip() && r
			.verticalFlip() && r.rotate90());
		assertTrue(AugmentationSettings.named("none").isNone());
		assertEquals(Arrays.asList("reference", "geometric", "none"), Arrays.asList(
			AugmentationSettings.NAMES));
		try {
			AugmentationSettings.named("strong");
			org.junit.Assert.fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals(
				"augmentation must be reference, geometric or none, not 'strong'", e
					.getMessage());
		}
	}

	private static final int N = 64;

	@Test
	public void sameSeedGivesIdenticalOutputAndOtherSeedsDiffer() {
		TrainingSample s = rgbSample(N, N, true);
		Augmentation a = new Augmentation(AugmentationSettings.reference());
		TrainingSample first = a.apply(s, Batches.random(42));
		TrainingSample again = a.apply(s, Batches.random(42));
		assertArrayEquals(first.pixelArray(), again.pixelArray(), 0);
		assertArrayEquals(first.labelArray(), again.labelArray());
		assertArrayEquals(first.fovArray(), again.fovArray());
		int differing = 0;
		for (long seed = 0; seed < 10; seed++)
			if (!Arrays.equals(first.pixelArray(), a.apply(s, Batches.random(seed))
				.pixelArray())) differing++;
		assertTrue(differing >= 9);
	}

	@Test
	public void masksStayBinaryAndAlignedWithTheImage() {
		// the image is the mask times 255: after augmentation they must still agree
		TrainingSample s = blobSample(N, N);
		Augmentation a = new Augmentation(AugmentationSettings.reference().withHsv(
			false));
		for (long seed = 0; seed < 40; seed++) {
			TrainingSample out = a.apply(s, Batches.random(seed));
			byte[] labels = out.labelArray();
			assertArrayEquals("FOV moves exactly as the labels", labels, out
				.fovArray());
			int disagree = 0;
			for (int i = 0; i < labels.length; i++) {
				assertTrue(labels[i] == 0 || labels[i] == 1);
				if ((out.pixelArray()[i] >= 127.5f) != (labels[i] == 1)) disagree++;
			}
			// image (bilinear) and labels (bilinear, thresholded) can differ only
			// along blob edges
			assertTrue("seed " + seed + ": " + disagree + " pixels disagree",
				disagree <= labels.length / 50);
		}
	}

	@Test
	public void flipsAndQuarterTurnsMoveWholePixelsExactly() {
		TrainingSample s = blobSample(N, N);
		checkExact(AugmentationSettings.none().withHorizontalFlip(true), s, Rasters
			.flipXMap(N, N));
		checkExact(AugmentationSettings.none().withVerticalFlip(true), s, Rasters
			.flipYMap(N, N));
		checkExact(AugmentationSettings.none().withRotate90(true), s, Rasters
			.rot90Map(N, N));
	}

	@Test
	public void quarterTurnIsNumpysRot90() {
		// np.rot90([[1, 2, 3], [4, 5, 6]]) == [[3, 6], [2, 5], [1, 4]]
		float[] a = { 1, 2, 3, 4, 5, 6 };
		assertArrayEquals(new float[] { 3, 6, 2, 5, 1, 4 }, Rasters.gather(a, 6, 1,
			Rasters.rot90Map(3, 2)), 0);
		assertArrayEquals(new float[] { 3, 2, 1, 6, 5, 4 }, Rasters.gather(a, 6, 1,
			Rasters.flipXMap(3, 2)), 0);
		assertArrayEquals(new float[] { 4, 5, 6, 1, 2, 3 }, Rasters.gather(a, 6, 1,
			Rasters.flipYMap(3, 2)), 0);
	}

	@Test
	public void quarterTurnSkipsNonSquareSamples() {
		TrainingSample s = rgbSample(8, 6, false);
		Augmentation a = new Augmentation(AugmentationSettings.none().withRotate90(
			true));
		for (long seed = 0; seed < 8; seed++)
			assertArrayEquals(s.pixelArray(), a.apply(s, Batches.random(seed))
				.pixelArray(), 0);
	}

	@Test
	public void zeroRangesLeaveTheImageUnchanged() {
		TrainingSample s = rgbSample(N, N, true);
		Augmentation a = new Augmentation(AugmentationSettings.none().withHsv(true)
			.withShiftScaleRotate(true).withHsvRanges(0, 0, 0)
			.withShiftScaleRotateRanges(0, 0, 0, 0));
		for (long seed = 0; seed < 6; seed++) {
			TrainingSample out = a.apply(s, Batches.random(seed));
			assertArrayEquals(s.pixelArray(), out.pixelArray(), 1e-3f);
			assertArrayEquals(s.labelArray(), out.labelArray());
		}
	}

	@Test
	public void shiftScaleRotateFillsTheBorderWithZero() {
		TrainingSample s = constantSample(N, N, 200);
		Augmentation a = new Augmentation(AugmentationSettings.none()
			.withShiftScaleRotate(true).withShiftScaleRotateRanges(0.1, 0, 0, 0));
		boolean sawBorder = false;
		for (long seed = 0; seed < 10; seed++) {
			float[] p = a.apply(s, Batches.random(seed)).pixelArray();
			for (float v : p)
				assertTrue(v == 0 || v == 200 || v > 0 && v < 200);
			sawBorder |= p[0] == 0 || p[N * N - 1] == 0;
		}
		assertTrue(sawBorder);
	}

	@Test
	public void grayImagesGetOnlyAValueShiftWithinZeroTo255() {
		TrainingSample s = constantSample(4, 4, 250);
		Augmentation a = new Augmentation(AugmentationSettings.none().withHsv(
			true));
		boolean shifted = false;
		for (long seed = 0; seed < 20; seed++) {
			float[] p = a.apply(s, Batches.random(seed)).pixelArray();
			for (float v : p) {
				assertEquals(p[0], v, 0); // one shift for the whole image
				assertTrue(v >= 235 && v <= 255);
			}
			shifted |= p[0] != 250;
		}
		assertTrue(shifted);
	}

	@Test
	public void hsvSkipsSixteenBitImages() {
		TrainingSample s = TrainingSample.of("s", net.imglib2.img.array.ArrayImgs
			.floats(new float[] { 1000, 2000 }, 2, 1), 16,
			net.imglib2.img.array.ArrayImgs.unsignedBytes(2, 1), null);
		Augmentation a = new Augmentation(AugmentationSettings.none().withHsv(
			true));
		for (long seed = 0; seed < 6; seed++)
			assertArrayEquals(s.pixelArray(), a.apply(s, Batches.random(seed))
				.pixelArray(), 0);
	}

	@Test
	public void hueShiftTurnsColoursAndKeepsGray() {
		float[] hsv = new float[3];
		float[] rgb = new float[3];
		Random random = Batches.random(3);
		for (int i = 0; i < 1000; i++) {
			float r = random.nextInt(256), g = random.nextInt(256), b = random
				.nextInt(256);
			Hsv.fromRgb(r, g, b, hsv);
			Hsv.toRgb(hsv[0], hsv[1], hsv[2], rgb);
			assertArrayEquals(new float[] { r, g, b }, rgb, 1e-3f);
		}
		Hsv.fromRgb(255, 0, 0, hsv);
		Hsv.toRgb(hsv[0] + 120, hsv[1], hsv[2], rgb); // red + 120 degrees = green
		assertArrayEquals(new float[] { 0, 255, 0 }, rgb, 1e-3f);
		Hsv.fromRgb(90, 90, 90, hsv);
		assertEquals(0, hsv[1], 0);
	}

	@Test
	public void switchingOneAugmentationOffKeepsTheOthersDraws() {
		TrainingSample s = blobSample(N, N);
		AugmentationSettings flipsOnly = AugmentationSettings.none()
			.withHorizontalFlip(true).withVerticalFlip(true);
		for (long seed = 0; seed < 10; seed++) {
			TrainingSample withHsv = new Augmentation(flipsOnly.withHsv(true)).apply(
				s, Batches.random(seed));
			TrainingSample without = new Augmentation(flipsOnly).apply(s, Batches
				.random(seed));
			assertArrayEquals(without.labelArray(), withHsv.labelArray());
		}
	}

	@Test
	public void settingsRoundTripThroughProperties() {
		AugmentationSettings custom = AugmentationSettings.reference()
			.withVerticalFlip(false).withHsvRanges(10, 2, 7.5)
			.withShiftScaleRotateRanges(0.05, 0.2, 0, 15);
		for (AugmentationSettings a : new AugmentationSettings[] { custom,
			AugmentationSettings.none() })
		{
			java.util.Properties p = new java.util.Properties();
			a.toProperties(p, "augmentation.");
			assertEquals(a, AugmentationSettings.fromProperties(p, "augmentation."));
		}
		assertTrue(AugmentationSettings.none().isNone());
		java.util.Properties bad = new java.util.Properties();
		bad.setProperty("a.hueShift", "7.5");
		ImagePairingTest.assertMessage(() -> AugmentationSettings.fromProperties(
			bad, "a."), "a.hueShift must be a whole number, not '7.5'");
		ImagePairingTest.assertMessage(() -> AugmentationSettings.reference()
			.withHsvRanges(120, 0, 0),
			"hueShift limit must be in [0, 90.0], not 120.0");
	}

	private static void checkExact(AugmentationSettings settings,
		TrainingSample s, int[] map)
	{
		Augmentation a = new Augmentation(settings);
		boolean applied = false;
		boolean skipped = false;
		for (long seed = 0; seed < 12; seed++) {
			TrainingSample out = a.apply(s, Batches.random(seed));
			if (Arrays.equals(out.pixelArray(), s.pixelArray())) {
				skipped = true;
				continue;
			}
			applied = true;
			assertArrayEquals(Rasters.gather(s.pixelArray(), N * N, 1, map), out
				.pixelArray(), 0);
			assertArrayEquals(Rasters.gather(s.labelArray(), map), out.labelArray());
		}
		assertTrue(applied && skipped);
	}

	/** Random square blobs; image = 255 * mask; FOV = mask. */
	static TrainingSample blobSample(int w, int h) {
		Random random = Batches.random(7);
		byte[] labels = new byte[w * h];
		for (int k = 0; k < 6; k++) {
			int x0 = random.nextInt(w - 12), y0 = random.nextInt(h - 12);
			for (int y = y0; y < y0 + 12; y++)
				for (int x = x0; x < x0 + 12; x++)
					labels[y * w + x] = 1;
		}
		float[] pixels = new float[w * h];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = 255 * labels[i];
		assertFalse(Arrays.equals(Rasters.gather(labels, Rasters.flipXMap(w, h)),
			labels));
		return new TrainingSample("blobs", w, h, 1, 8, pixels, labels, labels
			.clone());
	}

	static TrainingSample rgbSample(int w, int h, boolean fov) {
		Random random = Batches.random(11);
		float[] pixels = new float[w * h * 3];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = random.nextInt(256);
		byte[] labels = new byte[w * h];
		for (int i = 0; i < labels.length; i++)
			labels[i] = (byte) (pixels[i] > 128 ? 1 : 0);
		byte[] f = fov ? new byte[w * h] : null;
		if (fov) Arrays.fill(f, (byte) 1);
		return new TrainingSample("rgb", w, h, 3, 24, pixels, labels, f);
	}

	static TrainingSample constantSample(int w, int h, float value) {
		float[] pixels = new float[w * h];
		Arrays.fill(pixels, value);
		return new TrainingSample("const", w, h, 1, 8, pixels, new byte[w * h],
			null);
	}
}
