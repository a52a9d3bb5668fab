
package sc.fiji.cenet.commands;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import sc.fiji.cenet.data.SyntheticVessels;

/** Small synthetic vessel images as ImageJ images. */
final class TestImages {

	private TestImages() {}

	/**
	 * An RGB image of {@code planes} slices, slice k from seed {@code seed + k}.
	 */
	static ImagePlus rgb(final String title, final long seed, final int width,
		final int height, final int planes)
	{
		final ImageStack stack = new ImageStack(width, height);
		for (int k = 0; k < planes; k++) {
			final RandomAccessibleInterval<UnsignedByteType> image = SyntheticVessels
				.generate(seed + k, width, height).image();
			final RandomAccess<UnsignedByteType> ra = image.randomAccess();
			final ColorProcessor cp = new ColorProcessor(width, height);
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					int rgb = 0;
					for (int c = 0; c < 3; c++) {
						ra.setPosition(new long[] { x, y, c });
						rgb = rgb << 8 | ra.get().get();
					}
					cp.set(x, y, rgb);
				}
			stack.addSlice(cp);
		}
		return new ImagePlus(title, stack);
	}

	/** The vessel mask of seed {@code seed}: 255 on vessels, else 0. */
	static ImagePlus mask(final String title, final long seed, final int width,
		final int height)
	{
		final RandomAccessibleInterval<UnsignedByteType> mask = SyntheticVessels
			.generate(seed, width, height).mask();
		final RandomAccess<UnsignedByteType> ra = mask.randomAccess();
		final ByteProcessor bp = new ByteProcessor(width, height);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				ra.setPosition(new long[] { x, y });
				bp.set(x, y, ra.get().get() == 0 ? 0 : 255);
			}
		return new ImagePlus(title, bp);
	}
}
