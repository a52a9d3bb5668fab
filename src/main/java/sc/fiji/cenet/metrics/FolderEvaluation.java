
package sc.fiji.cenet.metrics;

import java.io.File;
import java.io.IOException;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import sc.fiji.cenet.data.ImageFileReader;
import sc.fiji.cenet.data.ImagePair;
import sc.fiji.cenet.data.LoadedImage;
import sc.fiji.cenet.data.Masks;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Evaluates prediction files against ground-truth files (and optional
 * field-of-view masks), paired as for training: one row per image, or per image
 * and foreground class for label images, in a whole-image table and, with
 * fields of view, an inside-the-FOV table. The one evaluation loop of the
 * plugin: the Evaluate command and batch runs call it.
 * <p>
 * One class: a prediction is a probability map or a mask; a pixel is foreground
 * where it is at least the threshold. Several classes: a prediction is a label
 * image (0..classes-1) and each image has one row per foreground class
 * 1..classes-1, named {@code <image> (class c)}.
 * </p>
 */
public final class FolderEvaluation {

	private final int classes;
	private final double threshold;

	/** @param classes 1 for binary masks, N for label images 0..N-1 */
	public FolderEvaluation(final int classes, final double threshold) {
		if (classes < 1 || classes > Masks.MAX_CLASSES)
			throw new IllegalArgumentException("classes must lie in [1, " +
				Masks.MAX_CLASSES + "], not " + classes);
		if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException(
			"threshold must lie in [0, 1], not " + threshold);
		this.classes = classes;
		this.threshold = threshold;
	}

	/**
	 * The two tables of an evaluation; {@link #insideFov()} is null without
	 * fields of view.
	 */
	public static final class Tables {

		private final MetricsTable wholeImage, insideFov;

		Tables(final MetricsTable wholeImage, final MetricsTable insideFov) {
			this.wholeImage = wholeImage;
			this.insideFov = insideFov;
		}

		public MetricsTable wholeImage() {
			return wholeImage;
		}

		public MetricsTable insideFov() {
			return insideFov;
		}
	}

	/**
	 * @param withFov whether the pairs have field-of-view masks (1 class only)
	 * @throws IllegalArgumentException naming the file of an unreadable or
	 *           mismatched image
	 */
	public Tables evaluate(final List<ImagePair> pairs, final boolean withFov,
		final ProgressListener progress)
	{
		if (withFov && classes > 1) throw new IllegalArgumentException(
			"fields of view work with 1 class only");
		final Tables tables = new Tables(new MetricsTable(), withFov
			? new MetricsTable() : null);
		for (int i = 0; i < pairs.size(); i++) {
			progress.checkCancelled();
			progress.progress((double) i / pairs.size(), pairs.get(i).image()
				.getName());
			add(pairs.get(i), tables, progress);
		}
		return tables;
	}

	/**
	 * Adds the rows of one pair to the tables; a ground truth without background
	 * is logged, since its metrics count every pixel as foreground.
	 */
	public void add(final ImagePair pair, final Tables tables,
		final ProgressListener progress)
	{
		final LoadedImage prediction = read(pair.image(), false);
		final LoadedImage truth = read(pair.mask(), true);
		if (prediction.channels() != 1) throw new IllegalArgumentException(
			"prediction " + prediction.name() + " has " + prediction.channels() +
				" channels; expected one (a probability map, mask or label image)");
		requireSameSize(prediction, truth, "ground truth");
		final String name = prediction.name();
		final Img<UnsignedByteType> truthLabels = Masks.toLabels(truth, classes);
		if (!Masks.hasBackground(truthLabels)) progress.log(Masks
			.noBackgroundWarning(pair.mask().getName() + " (ground truth of " + name +
				")"));
		// several classes are evaluated on the whole image only
		final LoadedImage fov = classes > 1 || pair.fov() == null ||
			tables.insideFov == null ? null : read(pair.fov(), true);
		if (fov != null) requireSameSize(prediction, fov, "field-of-view mask");
		try {
			addMetrics(name, prediction, truthLabels, fov, tables);
		}
		catch (final IllegalArgumentException e) { // the metrics know pixels, not
																								// files
			throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
		}
	}

	private void addMetrics(final String name, final LoadedImage prediction,
		final Img<UnsignedByteType> truthLabels, final LoadedImage fov,
		final Tables tables)
	{
		if (classes > 1) {
			final List<BinaryMetrics> perClass = new MulticlassEvaluator(classes)
				.evaluate(prediction.image(), truthLabels);
			for (int c = 1; c < classes; c++)
				tables.wholeImage.add(name + " (class " + c + ")", perClass.get(c));
			return;
		}
		final BinaryEvaluator evaluator = new BinaryEvaluator(threshold);
		if (fov == null) {
			tables.wholeImage.add(name, evaluator.evaluate(prediction.image(),
				truthLabels));
			return;
		}
		final FovEvaluation both = evaluator.evaluate(prediction.image(),
			truthLabels, Masks.toBinary(fov));
		tables.wholeImage.add(name, both.wholeImage());
		tables.insideFov.add(name, both.insideFov());
	}

	private static LoadedImage read(final File file, final boolean mask) {
		try {
			return mask ? ImageFileReader.readMask(file) : ImageFileReader.read(file);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}

	private static void requireSameSize(final LoadedImage prediction,
		final LoadedImage other, final String role)
	{
		if (prediction.width() != other.width() || prediction.height() != other
			.height()) throw new IllegalArgumentException("prediction " + prediction
				.name() + " is " + prediction.width() + " x " + prediction.height() +
				" but " + role + " " + other.name() + " is " + other.width() + " x " +
				other.height());
	}
}
