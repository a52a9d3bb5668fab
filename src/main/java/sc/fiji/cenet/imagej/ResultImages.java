
package sc.fiji.cenet.imagej;

import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import ij.measure.Calibration;
import sc.fiji.cenet.data.ImageCalibration;
import sc.fiji.cenet.data.Sizes;
import sc.fiji.cenet.io.AtomicFiles;
import sc.fiji.cenet.io.IOConsumer;
import sc.fiji.cenet.predict.ImageAxes;

/**
 * Prediction results as ImageJ images, shaped like the images they came from,
 * and saved as TIFF.
 */
public final class ResultImages {

	private ResultImages() {}

	/**
	 * Copies a result with axes (X, Y, [K,] P) to a hyperstack with K channels (1
	 * without a class axis) and {@code slices x frames = P} planes, so a Z stack
	 * or time series comes back as one.
	 *
	 * @param hasClassAxis whether axis 2 holds classes (probabilities of several
	 *          classes)
	 * @throws IllegalArgumentException when the planes are not
	 *           {@code slices x frames}
	 */
	public static ImagePlus toImagePlus(
		final RandomAccessibleInterval<? extends RealType<?>> result,
		final boolean hasClassAxis, final int slices, final int frames,
		final String title)
	{
		final int planeAxis = hasClassAxis ? 3 : 2;
		final long planes = result.numDimensions() > planeAxis ? result.dimension(
			planeAxis) : 1;
		if (result.numDimensions() > planeAxis + 1 || planes != (long) slices *
			frames) throw new IllegalArgumentException("a result of " + Sizes.of(
				result) + " does not fit " + slices + " slices x " + frames +
				" frames");
		// ImagePlusConverter reads axis 2 as channels and axis 3 as planes: give
		// both.
		RandomAccessibleInterval<? extends RealType<?>> full = result;
		if (!hasClassAxis) full = Views.moveAxis(Views.addDimension(full, 0, 0),
			full.numDimensions(), 2);
		if (full.numDimensions() == 3) full = Views.addDimension(full, 0, 0);
		final ImagePlus imp = ImagePlusConverter.toImagePlus(full, title);
		imp.setDimensions((int) full.dimension(2), slices, frames);
		imp.setOpenAsHyperStack(imp.getStackSize() > 1);
		return imp;
	}

	/**
	 * Copies a result with the given axes ({@link ImageAxes}: X, Y, [C,] then Z
	 * and/or T) to a hyperstack with those channels, slices and frames.
	 */
	public static ImagePlus toImagePlus(
		final RandomAccessibleInterval<? extends RealType<?>> result,
		final ImageAxes axes, final String title)
	{
		axes.requireFits(result);
		final String letters = axes.toString();
		RandomAccessibleInterval<? extends RealType<?>> full = result;
		// ImagePlusConverter reads axes 2, 3, 4 as C, Z, T: give each its place,
		// size 1 when absent.
		for (final char axis : new char[] { 'C', 'Z', 'T' }) {
			final int at = "XYCZT".indexOf(axis);
			if (letters.indexOf(axis) < 0) full = Views.moveAxis(Views.addDimension(
				full, 0, 0), full.numDimensions(), at);
		}
		final ImagePlus imp = ImagePlusConverter.toImagePlus(full, title);
		imp.setDimensions((int) full.dimension(2), (int) full.dimension(3),
			(int) full.dimension(4));
		imp.setOpenAsHyperStack(imp.getStackSize() > 1);
		return imp;
	}

	/**
	 * Gives a result the calibration and plane labels of the file it came from
	 * (its slices and frames are set by {@link #toImagePlus}); every channel of a
	 * plane takes the plane's label.
	 */
	public static void applyCalibration(final ImagePlus imp,
		final ImageCalibration calibration)
	{
		final Calibration c = new Calibration(imp);
		c.pixelWidth = calibration.pixelWidth();
		c.pixelHeight = calibration.pixelHeight();
		c.pixelDepth = calibration.pixelDepth();
		c.setUnit(calibration.unit());
		c.frameInterval = calibration.frameInterval();
		c.setTimeUnit(calibration.timeUnit());
		imp.setCalibration(c);
		if (imp.getNSlices() == calibration.slices() && imp
			.getNFrames() == calibration.frames()) labelPlanes(imp, calibration
				.planeLabels());
	}

	/**
	 * Gives every plane of a result the label of the same slice and frame of the
	 * image it came from (the first channel's), when both have the same slices
	 * and frames.
	 */
	public static void copyPlaneLabels(final ImagePlus from, final ImagePlus to) {
		if (from.getNSlices() != to.getNSlices() || from.getNFrames() != to
			.getNFrames()) return;
		final List<String> labels = new ArrayList<>();
		for (int t = 1; t <= from.getNFrames(); t++)
			for (int z = 1; z <= from.getNSlices(); z++)
				labels.add(from.getStack().getSliceLabel(from.getStackIndex(1, z, t)));
		labelPlanes(to, labels);
	}

	/**
	 * Gives every channel of each plane its label (one per plane, Z running
	 * fastest; null leaves a plane as it is).
	 */
	private static void labelPlanes(final ImagePlus imp,
		final List<String> labels)
	{
		for (int t = 0; t < imp.getNFrames(); t++)
			for (int z = 0; z < imp.getNSlices(); z++) {
				final String label = labels.get(z + t * imp.getNSlices());
				if (label != null) for (int ch = 1; ch <= imp.getNChannels(); ch++)
					imp.getStack().setSliceLabel(label, imp.getStackIndex(ch, z + 1, t +
						1));
			}
	}

	/**
	 * Records where a result came from in its image properties (ImageJ's Image >
	 * Show Info, and {@code Property.get(key)} in macros), which its TIFF keeps.
	 * Not in the info text as well: Show Info lists both, and showed every key
	 * twice.
	 */
	public static void recordProvenance(final ImagePlus imp,
		final Map<String, String> provenance)
	{
		for (final Map.Entry<String, String> p : provenance.entrySet())
			imp.setProp(p.getKey(), p.getValue());
	}

	/**
	 * Saves as TIFF (a stack or hyperstack in one file), atomically: a reader or
	 * a killed run never sees a half-written file.
	 *
	 * @param replace whether an existing file may be replaced; without it the
	 *          file must not exist when the written TIFF takes its name, so two
	 *          runs writing into one folder cannot replace each other's files
	 * @throws IOException naming the file when it cannot be written, or
	 *           {@link java.nio.file.FileAlreadyExistsException} when it exists
	 *           and {@code replace} is false
	 */
	public static void saveTiff(final ImagePlus imp, final File file,
		final boolean replace) throws IOException
	{
		final IOConsumer<OutputStream> tiff = out -> new TiffEncoder(tiffInfo(imp))
			.write(new DataOutputStream(out));
		if (replace) AtomicFiles.write(file.toPath(), tiff);
		else AtomicFiles.writeNew(file.toPath(), tiff);
	}

	/**
	 * What is wrong with a result TIFF, or null when it is complete: empty, not a
	 * TIFF ImageJ reads, or shorter than its planes (cut short by a kill or a
	 * full disk while another program wrote it).
	 */
	public static String damage(final File tif) {
		final long length = tif.length();
		if (length == 0) return "empty";
		final FileInfo[] info;
		try {
			info = new ij.io.TiffDecoder(tif.getAbsoluteFile().getParent() +
				File.separator, tif.getName()).getTiffInfo();
		}
		catch (final IOException | RuntimeException e) {
			return "not a readable TIFF: " + e.getMessage();
		}
		if (info == null || info.length == 0) return "not a readable TIFF";
		long end = 0;
		for (final FileInfo fi : info) {
			final long plane = (long) fi.width * fi.height * fi.getBytesPerPixel();
			end = Math.max(end, fi.getOffset() + plane * Math.max(1, fi.nImages) +
				(long) fi.gapBetweenImages * Math.max(0, fi.nImages - 1));
		}
		return length < end ? "cut short: " + length + " of " + end + " bytes"
			: null;
	}

	/**
	 * What ImageJ's FileSaver writes for a TIFF (stack): pixels, calibration,
	 * labels, properties.
	 */
	private static FileInfo tiffInfo(final ImagePlus imp) {
		final FileSaver saver = new FileSaver(imp);
		final FileInfo fi = imp.getFileInfo();
		fi.info = imp.getInfoProperty();
		fi.description = saver.getDescriptionString();
		fi.sliceLabels = imp.getStack().getSliceLabels();
		fi.properties = imp.getPropertiesAsArray();
		if (imp.isComposite()) saver.saveDisplayRangesAndLuts(imp, fi);
		return fi;
	}

}
