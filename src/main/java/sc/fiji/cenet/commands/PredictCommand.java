package sc.fiji.cenet.commands;

import java.io.File;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.ij.ImagePlusConverter;
import sc.fiji.cenet.ij.ResultImages;

/**
 * Segments one image with a trained CE-Net. A stack or hyperstack is
 * segmented plane by plane and comes back with the same slices and frames;
 * the result is named {@code <title>-cenet-<output>}.
 * <p>
 * Macro keys: {@code image} (title of an open image; a file path headless)
 * and those of {@link PredictionCommand}.
 * </p>
 */
@Plugin(type = Command.class, name = "CE-Net Predict", label = "CE-Net Predict")
public class PredictCommand extends PredictionCommand {

	static final String TITLE = "CE-Net Predict";

	@Parameter(persist = false, description = "The image to segment")
	private ImagePlus image;

	@Parameter(type = ItemIO.OUTPUT, label = "prediction")
	private ImagePlus prediction;

	@Override
	String title() {
		return TITLE;
	}

	@Override
	public void run() {
		final InputProblems problems = new InputProblems().require(image != null,
			"image is not set: open an image first");
		checkOptions(problems);
		problems.throwIfAny();

		final boolean rgb = image.getType() == ImagePlus.COLOR_RGB;
		final int channels = image.getNChannels() * (rgb ? 3 : 1);
		final CommandProgress progress = progress();
		try (ModelSessions.Lease model = openModel()) {
			final OutputKind kind = outputKind(model.model());
			final int classes = model.model().config().classes();
			final Segmenter segmenter = segmenter(model);
			segmenter.requireCompatible(channels);
			final Img<FloatType> pixels = ImagePlusConverter.toFloatImg(image);
			final Img<FloatType> probabilities;
			try {
				probabilities = segmenter.probabilities(pixels, channels > 1, image.getBitDepth(), progress);
			}
			catch (final IllegalArgumentException e) { // name the image, as Predict Folder does
				throw new IllegalArgumentException(image.getTitle() + ": " + e.getMessage(), e);
			}
			final RandomAccessibleInterval<? extends RealType<?>> result = kind.from(probabilities,
				classes, threshold());
			prediction = ResultImages.toImagePlus(result, kind.hasClassAxis(classes), image
				.getNSlices(), image.getNFrames(), baseTitle(image.getTitle()) + "-cenet-" + kind.key());
			prediction.setCalibration(image.getCalibration().copy());
			prediction.setDisplayRange(0, displayMax(kind, classes));
			ResultImages.recordProvenance(prediction, provenance(kind, model.model()));
		}
		finally {
			progress.done();
		}
	}

	/** The title without an image file extension: {@code a b.tif -> a b}. */
	static String baseTitle(final String title) {
		return ImagePairing.isImageFile(new File(title)) ? ImagePairing.baseName(title) : title;
	}

	/** Probabilities show in [0, 1], a mask in [0, 255], labels in [0, K-1]. */
	static double displayMax(final OutputKind kind, final int classes) {
		switch (kind) {
			case PROBABILITIES:
				return 1;
			case MASK:
				return 255;
			default:
				return Math.max(1, classes - 1);
		}
	}

	/** The segmentation, named {@code <title>-cenet-<output>}. */
	public ImagePlus prediction() {
		return prediction;
	}
}
