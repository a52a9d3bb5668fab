
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static sc.fiji.cenet.data.ImagePairingTest.assertMessage;

import org.junit.Test;

public class SamplingModeTest {

	@Test
	public void bilinearResizeMatchesOpenCv() {
		// cv2.resize(np.float32([[0, 10, 20, 30]]), (8, 1),
		// interpolation=cv2.INTER_LINEAR)
		float[] out = Rasters.resizeBilinear(new float[] { 0, 10, 20, 30 }, 4, 1, 1,
			8, 1);
		assertArrayEquals(new float[] { 0, 2.5f, 7.5f, 12.5f, 17.5f, 22.5f, 27.5f,
			30 }, out, 1e-5f);
		// shrinking by 2 averages pixel pairs
		assertArrayEquals(new float[] { 5, 25 }, Rasters.resizeBilinear(
			new float[] { 0, 10, 20, 30 }, 4, 1, 1, 2, 1), 1e-5f);
	}

	@Test
	public void resizeBringsAnySampleToTheSizeWithBinaryMasks() {
		TrainingSample s = AugmentationTest.blobSample(100, 80);
		TrainingSample out = SamplingMode.RESIZE.toSize(s, 192, Batches.random(1));
		assertEquals(192, out.width());
		assertEquals(192, out.height());
		assertEquals(192 * 192, out.labelArray().length);
		for (int i = 0; i < out.labelArray().length; i++) {
			assertTrue(out.labelArray()[i] == 0 || out.labelArray()[i] == 1);
			assertEquals(out.labelArray()[i], out.fovArray()[i]);
		}
		TrainingSample already = AugmentationTest.constantSample(192, 192, 3);
		assertSame(already, SamplingMode.RESIZE.toSize(already, 192, Batches.random(
			1)));
	}

	@Test
	public void cropIsAWindowOfTheFullResolutionImage() {
		int w = 300, h = 250;
		float[] pixels = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				pixels[y * w + x] = x + 1000 * y;
		TrainingSample s = new TrainingSample("ramp", w, h, 1, 16, pixels,
			new byte[w * h], null);
		for (long seed = 0; seed < 5; seed++) {
			TrainingSample out = SamplingMode.CROP.toSize(s, 224, Batches.random(
				seed));
			float[] p = out.pixelArray();
			float origin = p[0];
			int x0 = (int) origin % 1000, y0 = (int) origin / 1000;
			assertTrue(x0 <= w - 224 && y0 <= h - 224);
			for (int y = 0; y < 224; y++)
				for (int x = 0; x < 224; x++)
					assertEquals(origin + x + 1000 * y, p[y * 224 + x], 0);
		}
	}

	@Test
	public void smallImagesAreMirroredOutBeforeCropping() {
		int w = 200, h = 100;
		float[] pixels = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				pixels[y * w + x] = x + 1000 * y;
		TrainingSample s = new TrainingSample("small", w, h, 1, 16, pixels,
			new byte[w * h], null);
		TrainingSample out = SamplingMode.CROP.toSize(s, 224, Batches.random(3));
		// rows: 224 - 100 = 124 padding, 62 above; row 0 mirrors source row 62, row
		// 62 is source row 0
		int padLeft = 12;
		assertEquals(padLeft + 62 * 1000, out.pixelArray()[0], 0);
		assertEquals(0, out.pixelArray()[62 * 224 + padLeft], 0);
		assertEquals(1000 * 99 + 199, out.pixelArray()[(62 + 99) * 224 + padLeft +
			199], 0);
		assertEquals(1000 * 98 + 198, out.pixelArray()[(62 + 100) * 224 + padLeft +
			200], 0);
	}

	@Test
	public void reflectDoesNotRepeatTheEdge() {
		int[] expected = { 3, 2, 1, 0, 1, 2, 3, 2, 1, 0 };
		for (int i = -3; i <= 6; i++)
			assertEquals("i = " + i, expected[i + 3], Rasters.reflect(i, 4));
		assertEquals(0, Rasters.reflect(5, 1));
	}

	@Test
	public void sizeMustBeAValidCeNetSize() {
		TrainingSample s = AugmentationTest.constantSample(300, 300, 1);
		assertMessage(() -> SamplingMode.RESIZE.toSize(s, 200, Batches.random(1)),
			"training size must be a multiple of 32 of at least 192, not 200",
			"(e.g. 224)");
		assertMessage(() -> SamplingMode.CROP.toSize(s, 160, Batches.random(1)),
			"at least 192");
	}

	/**
	 * A ramp image whose pixel value encodes its position: x + 4096 y (exact in
	 * float up to 4096 x 4096).
	 */
	private static TrainingSample ramp(int w, int h, byte[] fov) {
		float[] pixels = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				pixels[y * w + x] = x + 4096 * y;
		return new TrainingSample("ramp", w, h, 1, 16, pixels, new byte[w * h],
			fov);
	}

	/**
	 * How many tiles count each image pixel, found through the ramp values of the
	 * counted tile pixels.
	 */
	private static int[] countsOverTiles(TrainingSample s, int size) {
		int[] counts = new int[s.width() * s.height()];
		for (TrainingSample t : SamplingMode.CROP.validationTiles(s, size)) {
			assertTrue(t.width() <= size && t.height() <= size);
			for (int i = 0; i < t.width() * t.height(); i++)
				if (t.fovArray()[i] != 0) {
					int v = (int) t.pixelArray()[i];
					counts[(v / 4096) * s.width() + v % 4096]++;
				}
		}
		return counts;
	}

	@Test
	public void cropValidationTilesCountEveryPixelOnceAtTheImagesOwnScale() {
		// larger than the tile along both axes (DRIVE-like), smaller along one,
		// smaller along both
		int[][] cases = { { 565, 584, 448 }, { 300, 100, 224 }, { 150, 90, 192 }, {
			448, 448, 448 }, { 449, 200, 448 }, { 1500, 430, 192 }, { 1025, 2000,
				256 } }; // 8 x 3 and 5 x 8 tiles
		for (int[] c : cases) {
			int[] counts = countsOverTiles(ramp(c[0], c[1], null), c[2]);
			for (int i = 0; i < counts.length; i++)
				assertEquals("pixel " + i + " of " + c[0] + " x " + c[1] +
					" in tiles of " + c[2], 1, counts[i]);
		}
		assertEquals(4, SamplingMode.CROP.validationTiles(ramp(565, 584, null), 448)
			.size());
		assertEquals(1, SamplingMode.CROP.validationTiles(ramp(150, 90, null), 192)
			.size());
		assertEquals(3 * 8, SamplingMode.CROP.validationTiles(ramp(1500, 430, null),
			192).size());
	}

	@Test
	public void cropValidationTilesKeepTheFieldOfView() {
		int w = 300, h = 250;
		byte[] fov = new byte[w * h];
		for (int i = 0; i < fov.length; i++)
			fov[i] = (byte) (i % 3 == 0 ? 1 : 0);
		int[] counts = countsOverTiles(ramp(w, h, fov), 224);
		for (int i = 0; i < counts.length; i++)
			assertEquals(fov[i], counts[i]);
	}

	@Test
	public void cropValidationTilesHaveTheShapesPredictionGivesThem() {
		// DRIVE at 448: 2 x 2 tiles of 448; an axis shorter than the size: the
		// smallest accepted length
		assertShapes(SamplingMode.CROP.validationTiles(ramp(565, 584, null), 448),
			4, 448, 448);
		assertShapes(SamplingMode.CROP.validationTiles(ramp(300, 100, null), 224),
			2, 224, 192);
		assertShapes(SamplingMode.CROP.validationTiles(ramp(150, 250, null), 256),
			1, 160 + 32, 256);
		assertShapes(SamplingMode.CROP.validationTiles(ramp(200, 230, null), 256),
			1, 224, 256);
		// resize validation is the training resize
		TrainingSample s = AugmentationTest.blobSample(100, 80);
		assertArrayEquals(SamplingMode.RESIZE.toSize(s, 192, null).pixelArray(),
			SamplingMode.RESIZE.validationTiles(s, 192).get(0).pixelArray(), 0);
	}

	private static void assertShapes(java.util.List<TrainingSample> tiles,
		int count, int width, int height)
	{
		assertEquals(count, tiles.size());
		for (TrainingSample t : tiles) {
			assertEquals(width, t.width());
			assertEquals(height, t.height());
		}
	}
}
