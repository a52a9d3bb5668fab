
package sc.fiji.cenet.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ImagePairingTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void pairsByExactBaseNameAcrossExtensions() throws IOException {
		File images = folder("images", "b.tif", "a.tif", "c.png");
		File masks = folder("masks", "a.png", "b.gif", "c.tif");
		PairingResult r = ImagePairing.pair(images, masks);
		assertEquals(3, r.pairs().size());
		assertPair(r.pairs().get(0), "a.tif", "a.png");
		assertPair(r.pairs().get(1), "b.tif", "b.gif");
		assertPair(r.pairs().get(2), "c.png", "c.tif");
		assertTrue(r.isComplete());
		assertNull(r.pairs().get(0).fov());
	}

	/** cell01.tif <-> cell01_mask.png, as annotation tools name masks. */
	@Test
	public void pairsMasksNamedWithASuffix() throws IOException {
		File images = folder("images", "cell01.tif", "cell02.tif", "Cell-3.png",
			"x.tif", "mask.tif");
		File masks = folder("masks", "cell01_mask.png", "cell02-labels.tif",
			"Cell-3_GT.png", "y_mask.png", "_mask.png");
		PairingResult r = ImagePairing.pair(images, masks);
		assertEquals(3, r.pairs().size());
		assertPair(r.pairs().get(0), "Cell-3.png", "Cell-3_GT.png");
		assertPair(r.pairs().get(1), "cell01.tif", "cell01_mask.png");
		assertPair(r.pairs().get(2), "cell02.tif", "cell02-labels.tif");
		assertEquals(Arrays.asList("mask.tif", "x.tif"), r.unpairedImages());
		assertEquals("cell01_mask", ImagePairing.withoutMaskSuffix(
			"cell01_mask_mask"));
		assertNull(ImagePairing.withoutMaskSuffix("masked"));
	}

	@Test
	public void pairsDriveNamesByLeadingNumberWithFov() throws IOException {
		File images = folder("images", "21_training.tif", "22_training.tif",
			"23_training.tif");
		File masks = folder("1st_manual", "21_manual1.gif", "22_manual1.gif",
			"23_manual1.gif");
		File fov = folder("mask", "21_training_mask.gif", "22_training_mask.gif",
			"23_training_mask.gif");
		PairingResult r = ImagePairing.pair(images, masks, fov);
		assertEquals(3, r.pairs().size());
		ImagePair p = r.pairs().get(1);
		assertPair(p, "22_training.tif", "22_manual1.gif");
		assertEquals("22_training_mask.gif", p.fov().getName());
		assertTrue(r.isComplete());
	}

	@Test
	public void exactNamesWinOverLeadingNumbersAndLeadingZerosAreIgnored()
		throws IOException
	{
		File images = folder("images", "01_a.tif", "1_b.tif");
		File masks = folder("masks", "1_b.png", "1_x.png");
		PairingResult r = ImagePairing.pair(images, masks);
		// 1_b pairs exactly; then 01_a and 1_x share the number 1
		assertEquals(2, r.pairs().size());
		assertPair(r.pairs().get(0), "01_a.tif", "1_x.png");
		assertPair(r.pairs().get(1), "1_b.tif", "1_b.png");
	}

	@Test
	public void ambiguousNumbersPairNothingAndAreReported() throws IOException {
		File images = folder("images", "21_training.tif", "5.tif");
		File masks = folder("masks", "21_manual1.gif", "21_manual2.gif", "7.png");
		PairingResult r = ImagePairing.pair(images, masks);
		assertTrue(r.pairs().isEmpty());
		assertEquals(Arrays.asList("21_training.tif", "5.tif"), r.unpairedImages());
		assertEquals(Arrays.asList("21_manual1.gif", "21_manual2.gif", "7.png"), r
			.unpairedMasks());
		try {
			r.requirePairs();
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("no image/mask pairs in " + images + " and " + masks +
				": images 21_training.tif, 5.tif; masks 21_manual1.gif, 21_manual2.gif, 7.png",
				e.getMessage());
		}
	}

	@Test
	public void reportsUnpairedAndIgnoresHiddenAndNonImageFiles()
		throws IOException
	{
		File images = folder("images", "a.tif", "b.tif", ".hidden.tif", "notes.txt",
			"c.jpeg");
		File masks = folder("masks", "a.png", "z.bmp", ".DS_Store", "Thumbs.db");
		new File(images, "sub.tif").mkdir(); // a folder, not a file
		PairingResult r = ImagePairing.pair(images, masks);
		assertEquals(1, r.pairs().size());
		assertEquals(Arrays.asList("b.tif", "c.jpeg"), r.unpairedImages());
		assertEquals(Collections.singletonList("z.bmp"), r.unpairedMasks());
		assertFalse(r.isComplete());
		assertEquals(
			"1 pair used; left out, without a partner: images b.tif, c.jpeg; masks z.bmp",
			r.summary());
		assertEquals(r.pairs(), r.requirePairs());
	}

	@Test
	public void imageWithoutFovIsUnpaired() throws IOException {
		File images = folder("images", "1.tif", "2.tif");
		File masks = folder("masks", "1.png", "2.png");
		File fov = folder("fov", "1_fov.png", "9_fov.png");
		PairingResult r = ImagePairing.pair(images, masks, fov);
		assertEquals(1, r.pairs().size());
		assertEquals(Collections.singletonList("2.tif"), r.unpairedImages());
		assertEquals(Collections.singletonList("2.png"), r.unpairedMasks());
		assertEquals(Collections.singletonList("9_fov.png"), r.unpairedFovMasks());
	}

	@Test
	public void missingOrEmptyFolderIsNamed() throws IOException {
		File images = folder("images", "a.tif");
		File empty = folder("empty", "readme.txt");
		File missing = new File(tmp.getRoot(), "nowhere");
		assertMessage(() -> ImagePairing.pair(images, empty),
			"mask folder holds no image files", empty.getPath());
		assertMessage(() -> ImagePairing.pair(missing, images),
			"image folder does not exist", missing.getPath());
		assertMessage(() -> ImagePairing.pair(images, images, missing),
			"field-of-view mask folder does not exist", missing.getPath());
	}

	@Test
	public void orderIsSortedWhateverTheFileSystemLists() throws IOException {
		File images = folder("images", "10.tif", "2.tif", "1.tif");
		File masks = folder("masks", "2.png", "1.png", "10.png");
		List<ImagePair> pairs = ImagePairing.pair(images, masks).pairs();
		assertEquals("1.tif", pairs.get(0).image().getName());
		assertEquals("10.tif", pairs.get(1).image().getName());
		assertEquals("2.tif", pairs.get(2).image().getName());
	}

	private File folder(String name, String... files) throws IOException {
		File dir = tmp.newFolder(name);
		for (String f : files)
			assertTrue(new File(dir, f).createNewFile());
		return dir;
	}

	private static void assertPair(ImagePair p, String image, String mask) {
		assertEquals(image, p.image().getName());
		assertEquals(mask, p.mask().getName());
	}

	static void assertMessage(Runnable r, String... parts) {
		try {
			r.run();
			fail("expected IllegalArgumentException containing " + Arrays.toString(
				parts));
		}
		catch (IllegalArgumentException e) {
			for (String p : parts)
				assertTrue("'" + e.getMessage() + "' lacks '" + p + "'", e.getMessage()
					.contains(p));
		}
	}
}
