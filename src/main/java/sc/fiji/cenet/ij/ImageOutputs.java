
package sc.fiji.cenet.ij;

import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import ij.ImagePlus;
import sc.fiji.cenet.imagej.ImagePlusConverter;
import sc.fiji.cenet.imagej.ResultImages;
import sc.fiji.cenet.predict.ImageAxes;

/**
 * A command's ImgLib2 image outputs as ImageJ 1.x images, at the bridge's edge.
 * An output {@code X} may come with text outputs {@code X_axes} (its
 * {@link ImageAxes}: channels, slices and frames of the hyperstack),
 * {@code X_title} (its window title) and {@code X_info} ({@code key = value}
 * lines: image properties and the info text, both kept in a TIFF); these
 * describe the image and are not outputs of their own for a macro. The result
 * takes the calibration of the image the command was given.
 */
final class ImageOutputs {

	static final String AXES = "_axes", TITLE = "_title", INFO = "_info";

	private ImageOutputs() {}

	/**
	 * The outputs with each image as an {@link ImagePlus} and the describing
	 * outputs folded into it; other outputs unchanged, in their order.
	 *
	 * @param source the command's input image, or null
	 */
	static Map<String, Object> toImageJ(final Map<String, Object> outputs,
		final ImagePlus source)
	{
		final Map<String, Object> converted = new LinkedHashMap<>();
		for (final Map.Entry<String, Object> output : outputs.entrySet()) {
			final String name = output.getKey();
			if (describesAnImage(name, outputs)) continue;
			converted.put(name, imagePlus(name, output.getValue(), outputs, source));
		}
		return converted;
	}

	private static boolean describesAnImage(final String name,
		final Map<String, Object> outputs)
	{
		for (final String suffix : new String[] { AXES, TITLE, INFO })
			if (name.endsWith(suffix) && isImage(outputs.get(name.substring(0, name
				.length() - suffix.length())))) return true;
		return false;
	}

	private static boolean isImage(final Object value) {
		return value instanceof RandomAccessibleInterval &&
			((RandomAccessibleInterval<?>) value).getType() instanceof RealType;
	}

	@SuppressWarnings("unchecked")
	private static Object imagePlus(final String name, final Object value,
		final Map<String, Object> outputs, final ImagePlus source)
	{
		if (!isImage(value)) return value;
		final RandomAccessibleInterval<? extends RealType<?>> img =
			(RandomAccessibleInterval<? extends RealType<?>>) value;
		final Object axes = outputs.get(name + AXES);
		final Object title = outputs.get(name + TITLE);
		final String t = title == null ? name : title.toString();
		if (axes == null) return ImagePlusConverter.toImagePlus(img, t);
		final ImagePlus imp = ResultImages.toImagePlus(img, ImageAxes.of(axes
			.toString()), t);
		if (source != null) {
			imp.setCalibration(source.getCalibration().copy());
			ResultImages.copyPlaneLabels(source, imp);
		}
		final Object info = outputs.get(name + INFO);
		if (info != null) ResultImages.recordProvenance(imp, properties(info
			.toString()));
		if (imp.getBitDepth() == 8) imp.setDisplayRange(0, Math.max(1, max(imp)));
		else imp.setDisplayRange(0, 1);
		return imp;
	}

	/**
	 * 8-bit results are masks (0/255) or labels (0..K-1): show the values
	 * present.
	 */
	private static double max(final ImagePlus imp) {
		double max = 0;
		for (int s = 1; s <= imp.getStackSize(); s++)
			max = Math.max(max, imp.getStack().getProcessor(s).getStatistics().max);
		return max;
	}

	private static Map<String, String> properties(final String lines) {
		final Map<String, String> p = new LinkedHashMap<>();
		for (final String line : lines.split("\n")) {
			final int eq = line.indexOf(" = ");
			if (eq > 0) p.put(line.substring(0, eq), line.substring(eq + 3));
		}
		return p;
	}
}
