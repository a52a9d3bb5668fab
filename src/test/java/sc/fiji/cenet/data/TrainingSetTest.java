
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import sc.fiji.cenet.progress.ProgressListener;

public class TrainingSetTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void readsPairsWithFovAndWarnsAboutEmptyMasks() throws IOException {
		ColorProcessor image = new ColorProcessor(4, 3);
		image.set(1, 2, 0x0a141e);
		ByteProcessor mask = new ByteProcessor(4, 3);
		mask.set(1, 2, 255);
		ByteProcessor fov = new ByteProcessor(4, 3);
		fov.setRoi(0, 0, 3, 3);
		fov.setValue(255);
		fov.fill();
		ImagePair good = new ImagePair(save(image, "a.png"), save(mask,
			"a_mask.png"), save(fov, "a_fov.png"));
		ImagePair empty = new ImagePair(save(image, "b.png"), save(
			new ByteProcessor(4, 3), "b_mask.png"), save(fov, "b_fov.png"));
		ByteProcessor white = new ByteProcessor(4, 3);
		white.invert(); // as a transparent background reads
		ImagePair full = new ImagePair(save(image, "c.png"), save(white,
			"c_mask.png"), null);
		TrainingSet set = TrainingSet.load(Arrays.asList(good, empty, full), 1,
			ProgressListener.NONE);
		assertEquals(3, set.size());
		assertEquals(Arrays.asList(
			"mask b_mask.png has no foreground (image b.png)",
			"mask c_mask.png (image c.png) has no background (0) anywhere: a " +
				"transparent background reads as white; save the mask with a black " +
				"background"), set.warnings());
		TrainingSample a = set.samples().get(0);
		assertEquals("a.png", a.name());
		assertEquals(24, a.bitDepth());
		assertEquals(3, a.channels());
		assertEquals(1, a.labelArray()[2 * 4 + 1]);
		assertEquals(0, a.labelArray()[0]);
		assertArrayEquals(new byte[] { 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0 }, a
			.fovArray());
		assertEquals(20, a.pixelArray()[12 + 2 * 4 + 1], 0); // green plane
	}

	@Test
	public void sizeMismatchNamesBothFiles() throws IOException {
		ImagePair pair = new ImagePair(save(new ByteProcessor(4, 3), "img.tif"),
			save(new ByteProcessor(3, 3), "m.png"));
		assertFails(pair, 1, "image img.tif is 4 x 3 but mask m.png is 3 x 3");
	}

	@Test
	public void labelAboveClassesNamesFileAndValue() throws IOException {
		ByteProcessor labels = new ByteProcessor(4, 3);
		labels.set(3, 1, 4);
		ImagePair pair = new ImagePair(save(new ByteProcessor(4, 3), "img.tif"),
			save(labels, "labels.png"));
		assertFails(pair, 4,
			"mask labels.png has value 4.0 at (3, 1), but 4 classes need labels 0..3");
	}

	@Test
	public void nonFinitePixelsAreRefusedNamingTheFile() throws IOException {
		FloatProcessor nan = new FloatProcessor(4, 3);
		nan.setf(2, 1, Float.NaN);
		assertFails(new ImagePair(save(nan, "nan.tif"), save(new ByteProcessor(4,
			3), "m.png")), 1,
			"image nan.tif holds NaN pixels, e.g. at (2, 1); replace them (Process > Math > Remove NaNs) or leave the image out of training");
		FloatProcessor inf = new FloatProcessor(4, 3);
		inf.setf(0, 2, Float.NEGATIVE_INFINITY);
		assertFails(new ImagePair(save(inf, "inf.tif"), save(new ByteProcessor(4,
			3), "m.png")), 1, "image inf.tif holds infinite pixels, e.g. at (0, 2)");
	}

	@Test
	public void stackIsRefusedNamingTheFile() throws IOException {
		ImageStack stack = new ImageStack(4, 3);
		stack.addSlice(new ByteProcessor(4, 3));
		stack.addSlice(new ByteProcessor(4, 3));
		File file = new File(tmp.getRoot(), "stack.tif");
		assertTrue(new FileSaver(new ImagePlus("s", stack)).saveAsTiffStack(file
			.getPath()));
		assertFails(new ImagePair(file, save(new ByteProcessor(4, 3), "m.png")), 1,
			"stack.tif holds 2 planes");
	}

	private void assertFails(ImagePair pair, int classes, String message)
		throws IOException
	{
		try {
			TrainingSet.load(Collections.singletonList(pair), classes,
				ProgressListener.NONE);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue("'" + e.getMessage() + "' lacks '" + message + "'", e
				.getMessage().contains(message));
		}
	}

	private File save(ImageProcessor ip, String name) {
		File file = new File(tmp.getRoot(), name);
		FileSaver saver = new FileSaver(new ImagePlus(name, ip));
		assertTrue(name.endsWith(".png") ? saver.saveAsPng(file.getPath()) : saver
			.saveAsTiff(file.getPath()));
		return file;
	}
}
