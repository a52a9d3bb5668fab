package sc.fiji.cenet.ij;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import sc.fiji.cenet.io.AtomicFiles;

/**
 * Prediction results as ImageJ images, shaped like the images they came
 * from, and saved as TIFF.
 */
public final class ResultImages {

	private ResultImages() {}

	/**
	 * Copies a result with axes (X, Y, [K,] P) to a hyperstack with K
	 * channels (1 without a class axis) and {@code slices x frames = P}
	 * planes, so a Z stack or time series comes back as one.
	 *
	 * @param hasClassAxis whether axis 2 holds classes (probabilities of several classes)
	 * @throws IllegalArgumentException when the planes are not {@code slices x frames}
	 */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> result,
		final boolean hasClassAxis, final int slices, final int frames, final String title)
	{
		final int planeAxis = hasClassAxis ? 3 : 2;
		final long planes = result.numDimensions() > planeAxis ? result.dimension(planeAxis) : 1;
		if (result.numDimensions() > planeAxis + 1 || planes != (long) slices * frames)
			throw new IllegalArgumentException("a result of " + describe(result) + " does not fit " +
				slices + " slices x " + frames + " frames");
		// ImagePlusConverter reads axis 2 as channels and axis 3 as planes: give both.
		RandomAccessibleInterval<? extends RealType<?>> full = result;
		if (!hasClassAxis) full = Views.moveAxis(Views.addDimension(full, 0, 0), full.numDimensions(), 2);
		if (full.numDimensions() == 3) full = Views.addDimension(full, 0, 0);
		final ImagePlus imp = ImagePlusConverter.toImagePlus(full, title);
		imp.setDimensions((int) full.dimension(2), slices, frames);
		imp.setOpenAsHyperStack(imp.getStackSize() > 1);
		return imp;
	}

	/**
	 * Saves as TIFF (a stack or hyperstack in one file).
	 *
	 * @throws IOException naming the file when ImageJ cannot write it
	 */
	public static void saveTiff(final ImagePlus imp, final File file) throws IOException {
		final boolean saved = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(file
			.getPath()) : new FileSaver(imp).saveAsTiff(file.getPath());
		if (!saved) throw new IOException("cannot write " + file);
	}

	/**
	 * Saves as TIFF like {@link #saveTiff}, but atomically: the file appears
	 * complete or not at all, and an existing one stays as it was on failure.
	 * Keeps the dimensions, calibration, info and slice labels; not an ROI or
	 * overlay, which results do not have.
	 *
	 * @throws IOException naming the file
	 */
	public static void saveTiffAtomically(final ImagePlus imp, final File file) throws IOException {
		final FileInfo info = imp.getFileInfo();
		// the ImageJ description: channels, slices, frames, unit, display range
		info.description = new FileSaver(imp).getDescriptionString();
		info.info = imp.getInfoProperty();
		if (imp.getStackSize() > 1) info.sliceLabels = imp.getStack().getSliceLabels();
		AtomicFiles.write(file.toPath(), out -> new TiffEncoder(info).write(out));
	}

	private static String describe(final RandomAccessibleInterval<?> img) {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < img.numDimensions(); d++) sb.append(d == 0 ? "" : " x ").append(img
			.dimension(d));
		return sb.toString();
	}
}
