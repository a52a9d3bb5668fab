
package sc.fiji.cenet.imagej;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.IJ;
import ij.ImagePlus;

public class ResultImagesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** Pixel value = plane index (flat order), so planes can be told apart. */
	private static Img<FloatType> planes(final long... dims) {
		final Img<FloatType> img = ArrayImgs.floats(dims);
		final Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			long plane = 0, stride = 1;
			for (int d = 2; d < dims.length; d++) {
				plane += c.getLongPosition(d) * stride;
				stride *= dims[d];
			}
			c.get().set(plane);
		}
		return img;
	}

	@Test
	public void planesBecomeSlicesAndFrames() {
		final ImagePlus imp = ResultImages.toImagePlus(planes(4, 3, 6), false, 3, 2,
			"r");
		assertEquals(1, imp.getNChannels());
		assertEquals(3, imp.getNSlices());
		assertEquals(2, imp.getNFrames());
		// slice 2, frame 2 is plane (z + Z * t) = 1 + 3 * 1 = 4
		assertEquals(4f, imp.getStack().getProcessor(imp.getStackIndex(1, 2, 2))
			.getf(0), 0);
	}

	@Test
	public void classesBecomeChannels() {
		final ImagePlus imp = ResultImages.toImagePlus(planes(4, 3, 2, 2), true, 2,
			1, "r");
		assertEquals(2, imp.getNChannels());
		assertEquals(2, imp.getNSlices());
		assertEquals(32, imp.getBitDepth());
		assertEquals(3f, imp.getStack().getProcessor(imp.getStackIndex(2, 2, 1))
			.getf(0), 0);
	}

	@Test
	public void twoDimensionalResultsAreOnePlane() {
		final ImagePlus imp = ResultImages.toImagePlus(ArrayImgs.unsignedBytes(5,
			4), false, 1, 1, "m");
		assertEquals(8, imp.getBitDepth());
		assertEquals(1, imp.getStackSize());
	}

	@Test
	public void planeCountMustFit() {
		try {
			ResultImages.toImagePlus(planes(4, 3, 6), false, 4, 2, "r");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals("a result of 4 x 3 x 6 does not fit 4 slices x 2 frames", e
				.getMessage());
		}
	}

	@Test
	public void atomicSaveKeepsTheHyperstackAndLeavesNoTemporaryFile()
		throws Exception
	{
		final File file = new File(tmp.getRoot(), "h.tif");
		ResultImages.saveTiff(ResultImages.toImagePlus(planes(4, 3, 2, 6), true, 3,
			2, "h"), file, false);
		final ImagePlus back = IJ.openImage(file.getPath());
		assertEquals(2, back.getNChannels());
		assertEquals(3, back.getNSlices());
		assertEquals(2, back.getNFrames());
		assertEquals(32, back.getBitDepth());
		assertEquals(1, tmp.getRoot().list().length);
	}

	@Test
	public void stacksAreSavedAsOneTiff() throws Exception {
		final Img<UnsignedByteType> bytes = ArrayImgs.unsignedBytes(4, 3, 3);
		bytes.randomAccess().setPositionAndGet(1, 2, 2).set(77);
		final File file = new File(tmp.getRoot(), "s.tif");
		final ImagePlus result = ResultImages.toImagePlus(bytes, false, 3, 1, "s");
		result.getCalibration().pixelWidth = 0.5;
		result.getCalibration().setUnit("mm");
		ResultImages.saveTiff(result, file, false);
		final ImagePlus back = IJ.openImage(file.getPath());
		assertEquals(3, back.getStackSize());
		assertTrue(back.getBitDepth() == 8);
		assertEquals(77, back.getStack().getProcessor(3).get(1, 2));
		assertEquals(0.5, back.getCalibration().pixelWidth, 0);
		assertEquals("mm", back.getCalibration().getUnit());
		assertEquals("s", result.getTitle());
	}

	@Test
	public void anExistingTiffIsReplacedOnlyWhenAsked() throws Exception {
		final File file = tmp.newFile("s.tif");
		final ImagePlus result = ResultImages.toImagePlus(ArrayImgs.unsignedBytes(4,
			3), false, 1, 1, "s");
		try {
			ResultImages.saveTiff(result, file, false);
			fail("replaced an existing file");
		}
		catch (final java.nio.file.FileAlreadyExistsException e) {
			assertEquals(0, file.length());
		}
		ResultImages.saveTiff(result, file, true);
		assertEquals(4, IJ.openImage(file.getPath()).getWidth());
	}
}
