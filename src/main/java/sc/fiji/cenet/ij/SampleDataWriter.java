
package sc.fiji.cenet.ij;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import sc.fiji.cenet.data.SyntheticVessels;

/**
 * Writes {@link SyntheticVessels} samples as a training folder pair:
 * {@code images/NN.tif} (8-bit RGB TIFF) and {@code masks/NN.png} (8-bit,
 * 0/255), numbered from 01. Sample {@code k} (0-based) uses seed
 * {@code firstSeed + k}.
 *
 * <pre>
 * java -cp &lt;classpath&gt; sc.fiji.cenet.ij.SampleDataWriter &lt;folder&gt; &lt;count&gt; [firstSeed=1] [width=256] [height=256]
 * </pre>
 */
public final class SampleDataWriter {

	private SampleDataWriter() {}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		if (args.length < 2 || args.length > 5) {
			System.err.println(
				"Usage: SampleDataWriter <folder> <count> [firstSeed=1] [width=256] [height=256]");
			System.exit(2);
		}
		final int count = Integer.parseInt(args[1]);
		final long firstSeed = args.length > 2 ? Long.parseLong(args[2]) : 1;
		final int width = args.length > 3 ? Integer.parseInt(args[3]) : 256;
		final int height = args.length > 4 ? Integer.parseInt(args[4]) : width;
		write(new File(args[0]), count, firstSeed, width, height);
	}

	/**
	 * Writes {@code count} pairs under {@code folder}, creating {@code images/}
	 * and {@code masks/}.
	 */
	public static void write(final File folder, final int count,
		final long firstSeed, final int width, final int height)
	{
		final File images = new File(folder, "images");
		final File masks = new File(folder, "masks");
		for (final File dir : new File[] { images, masks })
			if (!dir.isDirectory() && !dir.mkdirs()) throw new UncheckedIOException(
				new IOException("Cannot create folder " + dir));
		for (int k = 0; k < count; k++) {
			final SyntheticVessels.Sample sample = SyntheticVessels.generate(
				firstSeed + k, width, height);
			final String name = String.format("%02d", k + 1);
			save(new FileSaver(new ImagePlus(name, rgb(sample.image()))).saveAsTiff(
				new File(images, name + ".tif").getPath()), images, name);
			save(new FileSaver(new ImagePlus(name, gray(sample.mask()))).saveAsPng(
				new File(masks, name + ".png").getPath()), masks, name);
		}
	}

	private static void save(final boolean saved, final File dir,
		final String name)
	{
		if (!saved) throw new UncheckedIOException(new IOException("Cannot write " +
			name + " in " + dir));
	}

	/** (X, Y, 3) bytes to a packed RGB processor. */
	static ColorProcessor rgb(
		final RandomAccessibleInterval<UnsignedByteType> image)
	{
		final int w = (int) image.dimension(0), h = (int) image.dimension(1);
		final ColorProcessor cp = new ColorProcessor(w, h);
		final int[] pixels = (int[]) cp.getPixels();
		final Cursor<UnsignedByteType> cursor = Views.flatIterable(image).cursor();
		for (int c = 0; c < 3; c++) {
			final int shift = 16 - 8 * c;
			for (int i = 0; i < w * h; i++)
				pixels[i] |= cursor.next().get() << shift;
		}
		return cp;
	}

	/** (X, Y) bytes to an 8-bit processor. */
	static ByteProcessor gray(
		final RandomAccessibleInterval<UnsignedByteType> image)
	{
		final int w = (int) image.dimension(0), h = (int) image.dimension(1);
		final ByteProcessor bp = new ByteProcessor(w, h);
		final Cursor<UnsignedByteType> cursor = Views.flatIterable(image).cursor();
		for (int i = 0; i < w * h; i++)
			bp.set(i, cursor.next().get());
		return bp;
	}
}
