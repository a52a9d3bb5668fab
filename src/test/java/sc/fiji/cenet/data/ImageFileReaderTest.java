
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Iterator;
import java.util.TreeSet;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.TiffDecoder;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;

public class ImageFileReaderTest {

	private static final int W = 7;
	private static final int H = 5;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void readsEightBitInEveryLosslessFormat() throws IOException {
		ImagePlus imp = new ImagePlus("g", gray8());
		for (String ext : new String[] { "tif", "png", "gif", "bmp" }) {
			LoadedImage img = ImageFileReader.read(save(imp, ext));
			assertEquals(ext, 8, img.bitDepth());
			assertEquals(ext, 1, img.channels());
			assertArrayEquals(ext, new long[] { W, H }, dims(img));
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					assertEquals(ext + " at " + x + "," + y, gray8Value(x, y), value(img,
						x, y, -1), 0);
		}
	}

	@Test
	public void readsJpegApproximately() throws IOException {
		FileSaver.setJpegQuality(100);
		LoadedImage gray = ImageFileReader.read(save(new ImagePlus("g", smooth8()),
			"jpg"));
		assertEquals(8, gray.bitDepth());
		LoadedImage rgb = ImageFileReader.read(save(new ImagePlus("c", rgb()),
			"jpg"));
		assertEquals(24, rgb.bitDepth());
		// lossy by its content, whatever its name: its mask values are approximate
		assertTrue(gray.isLossy() && rgb.isLossy());
		File renamed = new File(tmp.getRoot(), "jpeg-named.png");
		Files.copy(gray.file().toPath(), renamed.toPath());
		assertTrue(ImageFileReader.readMask(renamed).isLossy());
		assertFalse(ImageFileReader.read(save(new ImagePlus("p", smooth8()), "png"))
			.isLossy());
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				assertEquals(smooth8Value(x, y), value(gray, x, y, -1), 4);
				// chroma subsampling blurs colour edges: a loose bound still catches
				// swapped channels
				assertEquals(120, value(rgb, x, y, 0), 40);
				assertEquals(30, value(rgb, x, y, 2), 40);
			}
	}

	@Test
	public void readsSixteenBitTiffAndPng() throws IOException {
		ShortProcessor sp = new ShortProcessor(W, H);
		for (int i = 0; i < W * H; i++)
			sp.set(i, i * 1800 + 7);
		for (String ext : new String[] { "tif", "png" }) {
			LoadedImage img = ImageFileReader.read(save(new ImagePlus("s", sp), ext));
			assertEquals(ext, 16, img.bitDepth());
			assertEquals(ext, 34 * 1800 + 7, value(img, W - 1, H - 1, -1), 0);
			assertEquals(ext, 7 + 1800 * (2 * W + 3), value(img, 3, 2, -1), 0);
		}
	}

	@Test
	public void readsThirtyTwoBitTiff() throws IOException {
		FloatProcessor fp = new FloatProcessor(W, H);
		for (int i = 0; i < W * H; i++)
			fp.setf(i, -2.5f + i * 0.125f);
		LoadedImage img = ImageFileReader.read(save(new ImagePlus("f", fp), "tif"));
		assertEquals(32, img.bitDepth());
		assertEquals(-2.5f + (2 * W + 4) * 0.125f, value(img, 4, 2, -1), 0);
	}

	@Test
	public void readsRgbAsRedGreenBlueChannels() throws IOException {
		for (String ext : new String[] { "tif", "png", "bmp" }) {
			LoadedImage img = ImageFileReader.read(save(new ImagePlus("c", rgb()),
				ext));
			assertEquals(ext, 24, img.bitDepth());
			assertEquals(ext, 3, img.channels());
			assertArrayEquals(ext, new long[] { W, H, 3 }, dims(img));
			assertEquals(ext, 120, value(img, 2, 3, 0), 0);
			assertEquals(ext, 2 + 3 * 10, value(img, 2, 3, 1), 0);
			assertEquals(ext, 30, value(img, 2, 3, 2), 0);
		}
	}

	@Test
	public void indexedColourReadsAsRgbButAsIndicesForMasks() throws IOException {
		ByteProcessor bp = new ByteProcessor(W, H);
		for (int i = 0; i < W * H; i++)
			bp.set(i, i % 3);
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		r[1] = (byte) 255; // 1 = red
		b[2] = (byte) 200; // 2 = blue
		bp.setLut(new LUT(r, g, b));
		File file = save(new ImagePlus("indexed", bp), "gif");
		LoadedImage colour = ImageFileReader.read(file);
		assertEquals(24, colour.bitDepth());
		assertEquals(255, value(colour, 1, 0, 0), 0); // pixel 1 has index 1
		assertEquals(200, value(colour, 2, 0, 2), 0);
		LoadedImage indices = ImageFileReader.readMask(file);
		assertEquals(8, indices.bitDepth());
		assertEquals(1, indices.channels());
		assertEquals(1, value(indices, 1, 0, -1), 0);
		assertEquals(2, value(indices, 2, 0, -1), 0);
		// in a TIFF, ImageJ's colour LUT only displays intensities: they stay raw
		LoadedImage tiff = ImageFileReader.read(save(new ImagePlus("lut", bp),
			"tif"));
		assertEquals(8, tiff.bitDepth());
		assertEquals(2, value(tiff, 2, 0, -1), 0);
	}

	@Test
	public void readsLzwTiffsWrittenByImageIO() throws IOException {
		BufferedImage gray = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
		BufferedImage gray16 = new BufferedImage(W, H,
			BufferedImage.TYPE_USHORT_GRAY);
		BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
		WritableRaster g8 = gray.getRaster(), g16 = gray16.getRaster();
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				g8.setSample(x, y, 0, gray8Value(x, y));
				g16.setSample(x, y, 0, 1000 * x + y);
				rgb.setRGB(x, y, (10 * x) << 16 | (20 * y) << 8 | 77);
			}
		LoadedImage a = ImageFileReader.read(writeLzwTiff(gray, "gray8.tif"));
		assertEquals(8, a.bitDepth());
		assertEquals(gray8Value(6, 4), value(a, 6, 4, -1), 0);
		LoadedImage b = ImageFileReader.read(writeLzwTiff(gray16, "gray16.tif"));
		assertEquals(16, b.bitDepth());
		assertEquals(6004, value(b, 6, 4, -1), 0);
		LoadedImage c = ImageFileReader.read(writeLzwTiff(rgb, "rgb.tif"));
		assertEquals(24, c.bitDepth());
		assertEquals(60, value(c, 6, 4, 0), 0);
		assertEquals(80, value(c, 6, 4, 1), 0);
		assertEquals(77, value(c, 6, 4, 2), 0);
	}

	@Test
	public void refusesStacksForTrainingButReadsThemForPrediction()
		throws IOException
	{
		ImageStack stack = new ImageStack(W, H);
		for (int z = 0; z < 3; z++) {
			ByteProcessor bp = new ByteProcessor(W, H);
			bp.set(10 * z + 1);
			stack.addSlice(bp);
		}
		File file = save(new ImagePlus("stack", stack), "tif");
		try {
			ImageFileReader.read(file);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals(
				"stack.tif holds 3 planes (Z slices or time frames); training and evaluation take one 2D image per file (Image > Stacks > Stack to Images splits it)",
				e.getMessage());
		}
		LoadedImage all = ImageFileReader.readStack(file);
		assertEquals(3, all.planes());
		assertArrayEquals(new long[] { W, H, 3 }, dims(all));
		// a plain stack: slices, uncalibrated
		assertEquals(3, all.calibration().slices());
		assertEquals(1, all.calibration().frames());
		assertEquals("pixel", all.calibration().unit());
		RandomAccess<FloatType> ra = all.image().randomAccess();
		ra.setPosition(new long[] { 1, 1, 2 });
		assertEquals(21, ra.get().get(), 0);
	}

	@Test
	public void readsMultiChannelFilesAlongTheChannelAxis() throws IOException {
		ImageStack stack = new ImageStack(W, H);
		for (int c = 0; c < 2; c++) {
			ShortProcessor sp = new ShortProcessor(W, H);
			sp.set(1000 * (c + 1));
			stack.addSlice(sp);
		}
		ImagePlus imp = new ImagePlus("channels", stack);
		imp.setDimensions(2, 1, 1);
		File file = new File(tmp.getRoot(), "channels.tif");
		assertTrue(new FileSaver(imp).saveAsTiffStack(file.getPath()));
		LoadedImage img = ImageFileReader.read(file);
		assertEquals(2, img.channels());
		assertEquals(1, img.planes());
		assertEquals(16, img.bitDepth());
		assertArrayEquals(new long[] { W, H, 2 }, dims(img));
		assertEquals(2000, value(img, 3, 3, 1), 0);
	}

	@Test
	public void missingAndUnreadableFilesAreNamed() throws IOException {
		File missing = new File(tmp.getRoot(), "missing.tif");
		try {
			ImageFileReader.read(missing);
			fail();
		}
		catch (FileNotFoundException e) {
			assertTrue(e.getMessage().contains(missing.getPath()));
		}
		File junk = tmp.newFile("junk.png");
		Files.write(junk.toPath(), "not an image".getBytes(StandardCharsets.UTF_8));
		try {
			ImageFileReader.read(junk);
			fail();
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(junk.getPath()));
		}
	}

	/**
	 * A file that is no image, whatever its extension, is refused by this
	 * reader's own words: ImageJ's error dialog would abort the user's macro (or
	 * hang a -batch job) before the command could name the file.
	 */
	@Test
	public void filesImageJCannotOpenNeverReachImageJsErrorDialog()
		throws IOException
	{

		Object[][] files = { { "text.tif", "garbage".getBytes(
			StandardCharsets.UTF_8) }, { "empty.png", new byte[0] }, { "html.gif",
				"<html></html>".getBytes(StandardCharsets.UTF_8) } };
		IJ.redirectErrorMessages(true); // an IJ.error is recorded, not shown
		try {
			for (Object[] f : files) {
				File file = tmp.newFile((String) f[0]);
				Files.write(file.toPath(), (byte[]) f[1]);
				try {
					ImageFileReader.read(file);
					fail("read " + file);
				}
				catch (IOException e) {
					assertEquals("cannot read " + file + ": not an image file that " +
						"ImageJ opens (TIFF, PNG, GIF, JPEG, BMP)", e.getMessage());
				}
				assertNull(f[0] + ": ImageJ's error", IJ.getErrorMessage());
			}
			// damaged files of a format ImageJ reads: said as damaged, by name
			ByteProcessor bp = gray8();
			for (String format : new String[] { "png", "bmp" }) {
				File whole = new File(tmp.getRoot(), "whole." + format);
				assertTrue(format.equals("png") ? new FileSaver(new ImagePlus("w", bp))
					.saveAsPng(whole.getPath()) : new FileSaver(new ImagePlus("w", bp))
						.saveAsBmp(whole.getPath()));
				byte[] b = Files.readAllBytes(whole.toPath());
				byte[] overwritten = b.clone();
				for (int i = 8; i < 40; i++)
					overwritten[i] = 0x5a;
				for (byte[] damaged : new byte[][] { Arrays.copyOf(b, b.length / 2),
					overwritten })
				{
					File file = tmp.newFile();
					File named = new File(file.getPath() + "." + format);
					Files.write(named.toPath(), damaged);
					try {
						ImageFileReader.read(named);
						fail("read a damaged " + format);
					}
					catch (IOException e) {
						assertTrue(e.getMessage(), e.getMessage().contains(named
							.getPath()));
					}
					assertNull(format + ": ImageJ's error", IJ.getErrorMessage());
				}
				assertEquals(W, ImageFileReader.read(whole).width());
			}
			// a TIFF compressed in a way ImageJ does not decode (here JPEG 2000)
			File tiff = save(new ImagePlus("j", gray8()), "tif");
			byte[] t = Files.readAllBytes(tiff.toPath());
			java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(t).order(t[0] == 'I'
				? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
			int ifd = bb.getInt(4);
			int entries = bb.getShort(ifd) & 0xFFFF;
			boolean tagged = false;
			for (int e = 0; e < entries; e++) {
				int at = ifd + 2 + e * 12;
				if ((bb.getShort(at) & 0xFFFF) == 259) { // Compression
					bb.putShort(at + 8, (short) 34712);
					tagged = true;
				}
			}
			assertTrue(tagged);
			File jpeg2000 = new File(tmp.getRoot(), "jpeg2000.tif");
			Files.write(jpeg2000.toPath(), t);
			try {
				ImageFileReader.read(jpeg2000);
				fail("read a TIFF ImageJ cannot decode");
			}
			catch (IOException e) {
				assertEquals("cannot read " + jpeg2000 + ": ImageJ cannot open TIFF " +
					"files compressed in this fashion (34712); save it uncompressed or " +
					"with LZW (e.g. from Fiji's Bio-Formats)", e.getMessage());
			}
			assertNull("ImageJ's error", IJ.getErrorMessage());
		}
		finally {
			IJ.redirectErrorMessages(false);
		}
	}

	@Test
	public void refusesTruncatedTiffsNamingTheFile() throws IOException {
		ShortProcessor sp = new ShortProcessor(W, H);
		for (int i = 0; i < W * H; i++)
			sp.set(i, 1000 + i);
		ImageStack stack = new ImageStack(W, H);
		for (int z = 0; z < 2; z++) {
			ByteProcessor bp = gray8();
			bp.add(z);
			stack.addSlice(bp);
		}
		File[] intact = { save(new ImagePlus("cut8", gray8()), "tif"), save(
			new ImagePlus("cut16", sp), "tif"), save(new ImagePlus("stack", stack),
				"tif"), writeLzwTiff(lzwSource(), "lzw.tif") };
		for (File file : intact) {
			LoadedImage whole = ImageFileReader.readStack(file); // the intact file
																														// reads
			assertEquals(file.getName(), file.getName().startsWith("stack") ? 2 : 1,
				whole.planes());
			long pixelsStart = new TiffDecoder(file.getParent() + File.separator, file
				.getName()).getTiffInfo()[0].getOffset();
			byte[] bytes = Files.readAllBytes(file.toPath());
			File cut = new File(tmp.getRoot(), "truncated-" + file.getName());
			Files.write(cut.toPath(), Arrays.copyOf(bytes, (int) pixelsStart + 10)); // ten
																																								// bytes
																																								// into
																																								// the
																																								// first
																																								// plane
			for (int reader = 0; reader < 3; reader++) {
				try {
					if (reader == 0) ImageFileReader.read(cut);
					else if (reader == 1) ImageFileReader.readMask(cut);
					else ImageFileReader.readStack(cut);
					fail(cut.getName() + " read by reader " + reader);
				}
				catch (IOException e) {
					assertTrue(e.getMessage(), e.getMessage().contains(cut.getPath()));
					assertTrue(e.getMessage(), e.getMessage().contains("truncated"));
				}
			}
		}
	}

	/**
	 * Java's decoder fills the rest of a truncated JPEG with gray and reads on;
	 * the reader refuses it. Bytes after the end marker (some cameras append
	 * data) do not matter.
	 */
	@Test
	public void refusesTruncatedJpegsNamingTheFile() throws IOException {
		FileSaver.setJpegQuality(85);
		for (ImagePlus imp : new ImagePlus[] { new ImagePlus("g", smooth8()),
			new ImagePlus("c", rgb()) })
		{
			File file = save(imp, "jpg");
			byte[] bytes = Files.readAllBytes(file.toPath());
			File trailing = new File(tmp.getRoot(), "trailing-" + file.getName());
			byte[] longer = Arrays.copyOf(bytes, bytes.length + 5);
			Files.write(trailing.toPath(), longer);
			assertEquals(W, ImageFileReader.read(trailing).width());
			for (int keep : new int[] { bytes.length / 3, bytes.length - 2 }) {
				File cut = new File(tmp.getRoot(), "cut-" + keep + "-" + file
					.getName());
				Files.write(cut.toPath(), Arrays.copyOf(bytes, keep));
				for (int reader = 0; reader < 2; reader++)
					try {
						if (reader == 0) ImageFileReader.read(cut);
						else ImageFileReader.readMask(cut);
						fail(cut.getName() + " read by reader " + reader);
					}
					catch (IOException e) {
						assertTrue(e.getMessage(), e.getMessage().startsWith(cut.getPath() +
							" is truncated"));
					}
			}
		}
	}

	private static BufferedImage lzwSource() {
		BufferedImage gray = new BufferedImage(64, 64,
			BufferedImage.TYPE_BYTE_GRAY);
		WritableRaster raster = gray.getRaster();
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x++)
				raster.setSample(x, y, 0, (x * 97 + y * 31 + x * y) % 256); // little
																																		// LZW can
																																		// compress
		return gray;
	}

	@Test
	public void readsDriveImageAndMask() throws IOException {
		File drive = SharedData.driveTraining();
		Assume.assumeTrue("DRIVE not found under " + SharedData.searched() +
			": skipped", drive != null);
		LoadedImage image = ImageFileReader.read(new File(drive,
			"images/21_training.tif"));
		assertEquals(24, image.bitDepth());
		assertArrayEquals(new long[] { 565, 584, 3 }, dims(image));
		LoadedImage mask = ImageFileReader.readMask(new File(drive,
			"1st_manual/21_manual1.gif"));
		assertEquals(8, mask.bitDepth());
		assertArrayEquals(new long[] { 565, 584 }, dims(mask));
		TreeSet<Float> values = new TreeSet<>();
		for (FloatType v : mask.image())
			values.add(v.get());
		assertEquals("[0.0, 255.0]", values.toString());
	}

	private static ByteProcessor gray8() {
		ByteProcessor bp = new ByteProcessor(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				bp.set(x, y, gray8Value(x, y));
		return bp;
	}

	private static int gray8Value(int x, int y) {
		return (x * 37 + y * 11) % 256;
	}

	private static ByteProcessor smooth8() {
		ByteProcessor bp = new ByteProcessor(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				bp.set(x, y, smooth8Value(x, y));
		return bp;
	}

	private static int smooth8Value(int x, int y) {
		return 100 + 2 * x + y;
	}

	private static ColorProcessor rgb() {
		ColorProcessor cp = new ColorProcessor(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				cp.set(x, y, 120 << 16 | (x + y * 10) << 8 | 30);
		return cp;
	}

	private File save(ImagePlus imp, String ext) throws IOException {
		File file = new File(tmp.getRoot(), imp.getTitle() + "-" + imp
			.getBitDepth() + "." + ext);
		FileSaver saver = new FileSaver(imp);
		String path = file.getPath();
		boolean ok;
		switch (ext) {
			case "tif":
				ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(path) : saver
					.saveAsTiff(path);
				break;
			case "png":
				ok = saver.saveAsPng(path);
				break;
			case "gif":
				ok = saver.saveAsGif(path);
				break;
			case "bmp":
				ok = saver.saveAsBmp(path);
				break;
			case "jpg":
				ok = saver.saveAsJpeg(path);
				break;
			default:
				throw new IllegalArgumentException(ext);
		}
		assertTrue("could not write " + file, ok);
		if (imp.getStackSize() > 1) {
			File renamed = new File(tmp.getRoot(), "stack.tif");
			assertTrue(file.renameTo(renamed));
			return renamed;
		}
		return file;
	}

	private File writeLzwTiff(BufferedImage image, String name)
		throws IOException
	{
		File file = new File(tmp.getRoot(), name);
		Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
		assertTrue("the JDK has a TIFF writer", writers.hasNext());
		ImageWriter writer = writers.next();
		ImageWriteParam param = writer.getDefaultWriteParam();
		param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		param.setCompressionType("LZW");
		try (ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
			writer.setOutput(out);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
		return file;
	}

	private static long[] dims(LoadedImage img) {
		return img.image().dimensionsAsLongArray();
	}

	/** @param c channel, or -1 for a gray image */
	static float value(LoadedImage img, int x, int y, int c) {
		RandomAccess<FloatType> ra = img.image().randomAccess();
		ra.setPosition(x, 0);
		ra.setPosition(y, 1);
		if (c >= 0) ra.setPosition(c, 2);
		return ra.get().get();
	}

}
