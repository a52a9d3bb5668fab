
package sc.fiji.cenet.data;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * Reads TIFF (also LZW-compressed), PNG, GIF, JPEG and BMP files into ImgLib2
 * float images through ImageJ 1.x's {@link Opener}. This is the only class of
 * the library that touches ImageJ 1.x: everything else sees
 * {@link LoadedImage}.
 * <p>
 * Gray pixels keep their raw stored values (no calibration, no LUT), so an
 * 8-bit image with an inverting LUT reads as stored. An indexed-colour image
 * (8-bit with a colour palette, e.g. a GIF or PNG photo) reads as RGB through
 * its palette by {@link #read}, but as its raw palette indices by
 * {@link #readMask}, because an indexed mask stores its labels as indices. An
 * 8-bit TIFF with a colour LUT is the exception: there ImageJ keeps intensities
 * with a display LUT (e.g. "Fire"), so its raw values are read.
 */
public final class ImageFileReader {

	private ImageFileReader() {}

	/**
	 * One image for training: axes (X, Y) or (X, Y, C).
	 *
	 * @throws IllegalArgumentException when the file holds several planes (Z
	 *           slices or time frames)
	 * @throws IOException when the file is missing, no image ImageJ can open, or
	 *           a TIFF shorter than its header promises
	 */
	public static LoadedImage read(File file) throws IOException {
		return requireSinglePlane(convert(file, true));
	}

	/**
	 * Like {@link #read}, but indexed-colour files give their palette indices,
	 * not colours.
	 */
	public static LoadedImage readMask(File file) throws IOException {
		return requireSinglePlane(convert(file, false));
	}

	/**
	 * All planes of a file, for prediction: axes (X, Y, [C], Z), where Z runs
	 * over slices then time frames; Z is absent for a single plane.
	 */
	public static LoadedImage readStack(File file) throws IOException {
		return convert(file, true);
	}

	private static ImagePlus open(File file) throws IOException {
		Opener opener = new Opener();
		opener.setSilentMode(true);
		ImagePlus imp = opener.openImage(file.getPath());
		if (imp == null) throw new IOException(notAnImage(file));
		return imp;
	}

	private static String notAnImage(File file) {
		return "cannot read " + file +
			": not an image file that ImageJ opens (TIFF, PNG, GIF, JPEG, BMP)";
	}

	/**
	 * Whether the first bytes are those of a format this reader reads: TIFF,
	 * JPEG, PNG, GIF or BMP, whatever the file's extension.
	 */
	private static boolean isReadable(byte[] magic) {
		return isTiff(magic) || isJpeg(magic) || isPng(magic) || isBmp(magic) ||
			startsWith(magic, 'G', 'I', 'F', '8');
	}

	private static boolean isPng(byte[] magic) {
		return startsWith(magic, 0x89, 'P', 'N', 'G');
	}

	private static boolean isBmp(byte[] magic) {
		return startsWith(magic, 'B', 'M');
	}

	/**
	 * A BMP whose header promises more bytes than the file holds: ImageJ's reader
	 * fails on it in an error dialog, where Java's reads it.
	 *
	 * @param magic the file's first bytes, its size at bytes 2..5 (little-endian)
	 */
	private static void requireCompleteBmp(File file, byte[] magic)
		throws IOException
	{
		if (magic.length < 6) return; // too short for a header: said by decoding
		long promised = (magic[2] & 0xFFL) | (magic[3] & 0xFFL) << 8 | (magic[4] &
			0xFFL) << 16 | (magic[5] & 0xFFL) << 24;
		if (promised > file.length()) throw new IOException(file +
			" is truncated: it holds " + file.length() +
			" bytes, its header promises " + promised +
			"; copy or export the image again");
	}

	/**
	 * ImageJ reports a damaged PNG or BMP in an error dialog (a GIF it returns as
	 * null, a TIFF and a JPEG are checked before): this decodes it once through
	 * Java's own readers, the ones ImageJ uses for PNG, so that the damage is
	 * said here, naming the file.
	 */
	private static void requireDecodable(File file, String format)
		throws IOException
	{
		try {
			if (javax.imageio.ImageIO.read(file) == null) throw new IOException(
				notAnImage(file));
		}
		catch (javax.imageio.IIOException | RuntimeException e) {
			throw new IOException("cannot read " + file + ": damaged or truncated " +
				format + " (" + e.getMessage() + ")", e);
		}
	}

	private static boolean startsWith(byte[] magic, int... bytes) {
		if (magic.length < bytes.length) return false;
		for (int i = 0; i < bytes.length; i++)
			if ((magic[i] & 0xFF) != bytes[i]) return false;
		return true;
	}

	/**
	 * The first bytes of a file, which tell its format (and a BMP's size); fewer
	 * if it is short.
	 */
	private static byte[] magic(File file) throws IOException {
		if (!file.isFile()) throw new FileNotFoundException(
			"image file does not exist: " + file);
		try (InputStream in = new FileInputStream(file)) {
			return in.readNBytes(6);
		}
	}

	private static boolean isTiff(byte[] magic) {
		return magic.length >= 4 && (magic[0] == 'I' && magic[1] == 'I' &&
			magic[2] == 42 && magic[3] == 0 || magic[0] == 'M' && magic[1] == 'M' &&
				magic[2] == 0 && magic[3] == 42);
	}

	private static boolean isJpeg(byte[] magic) {
		return magic.length >= 2 && (magic[0] & 0xFF) == 0xFF && (magic[1] &
			0xFF) == 0xD8;
	}

	/**
	 * ImageJ reads the missing part of a truncated TIFF as zeros without a word;
	 * this refuses a TIFF whose image data, as its header describes them, end
	 * past the end of the file.
	 */
	private static void requireComplete(File file) throws IOException {
		FileInfo[] infos;
		try {
			infos = new TiffDecoder(file.getParent() == null ? "" : file.getParent() +
				File.separator, file.getName()).getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			String m = String.valueOf(e.getMessage());
			// ImageJ's words for a compression it does not decode (e.g. JPEG 2000)
			if (m.contains("compressed in this fashion")) throw new IOException(
				"cannot read " + file + ": " + m +
					"; save it uncompressed or with LZW (e.g. from Fiji's Bio-Formats)",
				e);
			throw new IOException("cannot read " + file +
				": damaged or truncated TIFF (" + m + ")", e);
		}
		if (infos == null) return; // not a TIFF after all: the opener reports it
		long length = file.length();
		long promised = 0;
		for (FileInfo fi : infos)
			promised = Math.max(promised, promisedEnd(fi));
		if (promised > length) throw new IOException(file +
			" is truncated: it holds " + length + " bytes, its header promises " +
			promised + "; copy or export the image again");
	}

	/**
	 * Java's JPEG decoder fills the missing part of a truncated JPEG with gray,
	 * saying so only on the console; this refuses a JPEG whose end-of-image
	 * marker never comes. The markers are followed segment by segment (so the end
	 * of an embedded thumbnail does not count) and through each scan's
	 * entropy-coded data, where 0xFF is escaped as FF 00 and restart markers FF
	 * D0..D7 occur.
	 */
	private static void requireCompleteJpeg(File file) throws IOException {
		try (InputStream in = new java.io.BufferedInputStream(new FileInputStream(
			file)))
		{
			in.skip(2); // SOI, checked by isJpeg
			int marker = nextMarker(in);
			while (marker >= 0 && marker != 0xD9) {
				if (marker == 0xDA || marker >= 0xD0 && marker <= 0xD7) {
					// a scan's header, or a restart marker, then entropy-coded data up
					// to the next marker
					if (marker == 0xDA) skipSegment(in);
					marker = markerAfterScanData(in);
				}
				else {
					if (marker != 0x01) skipSegment(in); // TEM has no length
					marker = nextMarker(in);
				}
			}
			if (marker != 0xD9) throw new IOException(file +
				" is truncated: the JPEG data end before the image does; copy or " +
				"export the image again");
		}
	}

	/** The marker code after fill bytes 0xFF; -1 at the end of the file. */
	private static int nextMarker(InputStream in) throws IOException {
		int b = in.read();
		while (b >= 0 && b != 0xFF)
			b = in.read();
		while (b == 0xFF)
			b = in.read();
		return b;
	}

	private static int markerAfterScanData(InputStream in) throws IOException {
		for (int b = in.read(); b >= 0; b = in.read()) {
			if (b != 0xFF) continue;
			int next = in.read();
			while (next == 0xFF)
				next = in.read();
			if (next != 0x00) return next; // FF 00 is a data byte 0xFF
		}
		return -1;
	}

	private static void skipSegment(InputStream in) throws IOException {
		int hi = in.read(), lo = in.read();
		if (lo < 0) return;
		long left = (hi << 8 | lo) - 2;
		while (left > 0) {
			long skipped = in.skip(left);
			if (skipped <= 0) {
				if (in.read() < 0) return;
				skipped = 1;
			}
			left -= skipped;
		}
	}

	/**
	 * Where the image data of one TIFF directory end, as far as its header tells.
	 */
	static long promisedEnd(FileInfo fi) {
		long stripsEnd = 0, stripBytes = 0;
		if (fi.stripOffsets != null && fi.stripLengths != null) {
			for (int i = 0; i < Math.min(fi.stripOffsets.length,
				fi.stripLengths.length); i++)
			{
				long length = Integer.toUnsignedLong(fi.stripLengths[i]);
				stripsEnd = Math.max(stripsEnd, Integer.toUnsignedLong(
					fi.stripOffsets[i]) + length);
				stripBytes += length;
			}
		}
		if (fi.compression > FileInfo.COMPRESSION_NONE) return stripsEnd; // compressed:
																																			// only
																																			// the
																																			// strips
																																			// tell
		long imageBytes = stripBytes > 0 ? stripBytes : (long) fi.width *
			fi.height * fi.getBytesPerPixel();
		int images = Math.max(1, fi.nImages);
		long end = fi.getOffset() + images * imageBytes + (images - 1) * fi
			.getGap();
		return Math.max(stripsEnd, end);
	}

	private static LoadedImage requireSinglePlane(LoadedImage image) {
		if (image.planes() > 1) throw new IllegalArgumentException(image.name() +
			" holds " + image.planes() +
			" planes (Z slices or time frames); training and evaluation take one 2D " +
			"image per file (Image > Stacks > Stack to Images splits it)");
		return image;
	}

	/**
	 * Reads the file, refusing a truncated TIFF or JPEG; a JPEG's values are
	 * marked approximate ({@link LoadedImage#isLossy}).
	 */
	private static LoadedImage convert(File file, boolean palettesToRgb)
		throws IOException
	{
		byte[] magic = magic(file);
		// ImageJ reports a file it cannot open in a dialog, which aborts the
		// user's macro with ImageJ's words, or hangs a -batch job: refused here
		if (!isReadable(magic)) throw new IOException(notAnImage(file));
		boolean lossy = isJpeg(magic);
		if (isTiff(magic)) requireComplete(file);
		else if (lossy) requireCompleteJpeg(file);
		else if (isPng(magic)) requireDecodable(file, "PNG");
		else if (isBmp(magic)) {
			requireCompleteBmp(file, magic);
			requireDecodable(file, "BMP");
		}
		ImagePlus imp = open(file);
		int w = imp.getWidth();
		int h = imp.getHeight();
		int stackChannels = imp.getNChannels();
		int planes = imp.getStackSize() / stackChannels;
		boolean rgb = imp.getType() == ImagePlus.COLOR_RGB || palettesToRgb &&
			isIndexedColour(imp, file);
		int channels = rgb ? 3 : stackChannels;
		int bitDepth = rgb ? 24 : imp.getBitDepth();

		ImageStack stack = imp.getStack();
		int planeSize = w * h;
		float[] pixels = new float[Math.multiplyExact(Math.multiplyExact(planeSize,
			channels), planes)];
		for (int p = 0; p < planes; p++) {
			for (int sc = 0; sc < stackChannels; sc++) {
				ImageProcessor ip = stack.getProcessor(p * stackChannels + sc + 1);
				if (rgb) {
					int[] argb = (int[]) (ip instanceof ColorProcessor ? ip : ip
						.convertToRGB()).getPixels();
					int offset = p * 3 * planeSize;
					for (int i = 0; i < planeSize; i++) {
						pixels[offset + i] = (argb[i] >> 16) & 0xff;
						pixels[offset + planeSize + i] = (argb[i] >> 8) & 0xff;
						pixels[offset + 2 * planeSize + i] = argb[i] & 0xff;
					}
				}
				else {
					int offset = (p * stackChannels + sc) * planeSize;
					for (int i = 0; i < planeSize; i++)
						pixels[offset + i] = ip.getf(i);
				}
			}
		}
		Img<FloatType> img = ArrayImgs.floats(pixels, dimensions(w, h, channels,
			planes));
		return new LoadedImage(img, bitDepth, channels, planes, file, lossy,
			calibration(imp, stackChannels, planes));
	}

	/**
	 * The image's slices and frames (planes as Z slices when ImageJ's counts do
	 * not fit them), pixel size, frame interval and the label of each plane's
	 * first channel.
	 */
	private static ImageCalibration calibration(ImagePlus imp, int stackChannels,
		int planes)
	{
		int slices = imp.getNSlices(), frames = imp.getNFrames();
		if (slices * frames != planes) {
			slices = planes;
			frames = 1;
		}
		ImageStack stack = imp.getStack();
		List<String> labels = new ArrayList<>();
		for (int p = 0; p < planes; p++)
			labels.add(stack.getSliceLabel(p * stackChannels + 1));
		Calibration c = imp.getCalibration();
		return new ImageCalibration(slices, frames, c.pixelWidth, c.pixelHeight,
			c.pixelDepth, c.getUnit(), c.frameInterval, c.getTimeUnit(), labels);
	}

	private static boolean isIndexedColour(ImagePlus imp, File file) {
		if (imp.getType() == ImagePlus.COLOR_256) return true;
		String name = file.getName().toLowerCase(Locale.ROOT);
		boolean tiff = name.endsWith(".tif") || name.endsWith(".tiff");
		return imp.getBitDepth() == 8 && !tiff && imp.getProcessor().isColorLut();
	}

	private static long[] dimensions(int w, int h, int channels, int planes) {
		if (channels > 1 && planes > 1) return new long[] { w, h, channels,
			planes };
		if (channels > 1) return new long[] { w, h, channels };
		if (planes > 1) return new long[] { w, h, planes };
		return new long[] { w, h };
	}
}
