
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static sc.fiji.cenet.data.ImagePairingTest.assertMessage;

import java.io.File;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.Test;

public class MasksTest {

	@Test
	public void binaryMaskIsEveryNonZeroPixel() {
		LoadedImage mask = gray("m.gif", 0, 255, 0, 1, 65535, 0.5f);
		assertArrayEquals(new int[] { 0, 1, 0, 1, 1, 1 }, values(Masks.toLabels(
			mask, 1)));
	}

	/**
	 * JPEG compression leaves faint non-zero values around the foreground: a JPEG
	 * mask is foreground from 128 up, as the reference's; its labels are not
	 * trusted.
	 */
	@Test
	public void aJpegMaskIsThresholdedAt128AndNoLabelImage() {
		float[] values = { 0, 3, 127, 128, 200, 255 };
		assertArrayEquals(new int[] { 0, 0, 0, 1, 1, 1 }, values(Masks.toLabels(
			jpeg("m.jpg", values), 1)));
		assertArrayEquals(new int[] { 0, 0, 0, 1, 1, 1 }, values(Masks.toBinary(
			jpeg("fov.jpeg", values))));
		assertArrayEquals(new int[] { 0, 1, 1, 1, 1, 1 }, values(Masks.toLabels(
			gray("m.png", values), 1)));
		assertMessage(() -> Masks.toLabels(jpeg("l.jpg", 0, 1, 2), 3),
			"mask l.jpg is a JPEG, whose compression changes label values; " +
				"save label masks as PNG or TIFF");
	}

	@Test
	public void hasBackgroundFindsAZero() {
		assertTrue(Masks.hasBackground(Masks.toLabels(gray("m.png", 255, 0), 1)));
		assertFalse(Masks.hasBackground(Masks.toLabels(gray("m.png", 255, 1), 1)));
	}

	@Test
	public void rgbBinaryMaskIsForegroundWhereAnyChannelIsNonZero() {
		float[] rgb = { 0, 9, 0, 0, /* G */ 0, 0, 3, 0, /* B */ 0, 0, 0, 200 };
		LoadedImage mask = new LoadedImage(ArrayImgs.floats(rgb, 4, 1, 3), 24, 3, 1,
			new File("c.png"));
		assertArrayEquals(new int[] { 0, 1, 1, 1 }, values(Masks.toLabels(mask,
			1)));
	}

	@Test
	public void classLabelsMustBeWholeNumbersBelowTheClassCount() {
		assertArrayEquals(new int[] { 0, 2, 1, 2 }, values(Masks.toLabels(gray(
			"l.png", 0, 2, 1, 2), 3)));
		assertMessage(() -> Masks.toLabels(gray("l.png", 0, 2, 3, 1), 3),
			"mask l.png has value 3.0 at (2, 0), but 3 classes need labels 0..2");
		assertMessage(() -> Masks.toLabels(gray("l.png", 0, 1.5f), 3),
			"mask l.png has value 1.5");
		assertMessage(() -> Masks.toLabels(gray("d.gif", 0, 255), 2), "d.gif",
			"255", "a 0/255 mask is binary: train with 1 class");
		// labels saved as gray levels are not a binary mask
		assertMessage(() -> Masks.toLabels(gray("g.png", 0, 255, 128, 0), 3),
			"mask g.png has value 255.0 at (1, 0), but 3 classes need labels 0..2 " +
				"(its values are 0, 128, 255; save the classes as labels 0..2)");
		assertMessage(() -> Masks.toLabels(gray("n.png", 0, 1, 2, 7), 3),
			"(its values are 0, 1, 2, 7; more values than classes)");
	}

	@Test
	public void colourMaskIsRefusedAsLabelImage() {
		float[] grayRgb = { 1, 2, /* G */ 1, 2, /* B */ 1, 2 };
		LoadedImage ok = new LoadedImage(ArrayImgs.floats(grayRgb, 2, 1, 3), 24, 3,
			1, new File("g.png"));
		assertArrayEquals(new int[] { 1, 2 }, values(Masks.toLabels(ok, 3)));
		float[] colour = { 1, 2, /* G */ 1, 0, /* B */ 1, 2 };
		LoadedImage bad = new LoadedImage(ArrayImgs.floats(colour, 2, 1, 3), 24, 3,
			1, new File("c.png"));
		assertMessage(() -> Masks.toLabels(bad, 3), "mask c.png is a colour image",
			"(1, 0)");
	}

	@Test
	public void sizeMismatchNamesBothFilesAndSizes() {
		LoadedImage image = new LoadedImage(ArrayImgs.floats(4, 3), 8, 1, 1,
			new File("img.tif"));
		LoadedImage mask = new LoadedImage(ArrayImgs.floats(4, 2), 8, 1, 1,
			new File("img_mask.png"));
		assertMessage(() -> Masks.requireSameSize(image, mask),
			"image img.tif is 4 x 3 but mask img_mask.png is 4 x 2");
		Masks.requireSameSize(image, image);
	}

	@Test
	public void foregroundIsDetected() {
		assertFalse(Masks.hasForeground(Masks.toLabels(gray("e.png", 0, 0, 0), 1)));
		assertTrue(Masks.hasForeground(Masks.toLabels(gray("f.png", 0, 0, 255),
			1)));
	}

	@Test
	public void classCountIsChecked() {
		assertMessage(() -> Masks.toLabels(gray("m.png", 0), 0),
			"classes must be 1 (binary) to 256, not 0");
		assertMessage(() -> Masks.toLabels(gray("m.png", 0), 257), "not 257");
	}

	/** A mask as read from a JPEG file (lossy), whatever its name. */
	static LoadedImage jpeg(String name, float... values) {
		return new LoadedImage(ArrayImgs.floats(values, values.length, 1), 8, 1, 1,
			new File(name), true);
	}

	static LoadedImage gray(String name, float... values) {
		return new LoadedImage(ArrayImgs.floats(values, values.length, 1), 8, 1, 1,
			new File(name));
	}

	static int[] values(Img<UnsignedByteType> labels) {
		int[] v = new int[(int) labels.size()];
		int i = 0;
		for (UnsignedByteType t : labels)
			v[i++] = t.get();
		return v;
	}
}
