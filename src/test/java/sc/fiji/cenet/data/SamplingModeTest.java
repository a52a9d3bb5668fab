
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
}
