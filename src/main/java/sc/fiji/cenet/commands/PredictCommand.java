
package sc.fiji.cenet.commands;

import java.io.File;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.predict.CENetModel;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.predict.Segmentation;
import sc.fiji.cenet.service.CENetModelService;

/**
 * Segments one image with a trained CE-Net. The image is an ImgLib2 image with
 * axes X, Y, then C for channels (R, G, B), then Z and/or T
 * ({@link ImageAxes}); each plane is segmented on its own and the result has
 * the same planes. From ImageJ 1.x the bridge wraps the image window and fills
 * {@code image_axes} and {@code image_title}; the result comes back as a
 * hyperstack named {@code <title>-cenet-<output>} with the input's calibration.
 * <p>
 * Macro keys: {@code image} (title of an open image; a file path headless) and
 * those of {@link PredictionCommand}. Outputs: {@code prediction} (an
 * {@link Img}), {@code prediction_axes}, {@code prediction_title} and
 * {@code prediction_info} (the model and settings that made it, one
 * {@code key = value} line each).
 * </p>
 */
@Plugin(type = Command.class, name = "CE-Net Predict", label = "CE-Net Predict")
public class PredictCommand extends PredictionCommand {

	static final String TITLE = "CE-Net Predict";

	@Parameter(persist = false, description = "The image to segment")
	private RandomAccessibleInterval<? extends RealType<?>> image;

	@Parameter(visibility = ItemVisibility.INVISIBLE, required = false,
		persist = false,
		description = "Axes of image, e.g. XYC for colour or XYZ for a stack; empty for a 2-D image")
	private String image_axes = "";

	@Parameter(visibility = ItemVisibility.INVISIBLE, required = false,
		persist = false,
		description = "Name of image: the result is named <name>-cenet-<output>")
	private String image_title = "image";

	@Parameter(type = ItemIO.OUTPUT, label = "prediction")
	private Img<? extends RealType<?>> prediction;

	@Parameter(type = ItemIO.OUTPUT, label = "prediction_axes")
	private String prediction_axes;

	@Parameter(type = ItemIO.OUTPUT, label = "prediction_title")
	private String prediction_title;

	@Parameter(type = ItemIO.OUTPUT, label = "prediction_info")
	private String prediction_info;

	@Override
	String title() {
		return TITLE;
	}

	@Override
	public void run() {
		final InputProblems problems = new InputProblems().require(image != null,
			"image is not set: open an image first");
		checkOptions(problems);
		ImageAxes axes = null;
		if (image != null) try {
			axes = image_axes == null || image_axes.trim().isEmpty() ? ImageAxes
				.ofPlain(image) : ImageAxes.of(image_axes);
			axes.requireFits(image);
		}
		catch (final IllegalArgumentException e) {
			problems.require(false, "image_axes: " + e.getMessage());
		}
		problems.throwIfAny();

		final CommandProgress progress = progress();
		try (CENetModelService.Lease lease = openModel(progress)) {
			final CENetModel model = lease.model();
			final Segmentation result;
			try {
				result = model.segment(image, axes, settings(model.trainedModel()),
					progress);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException(image_title + ": " + e.getMessage(),
					e);
			}
			prediction = result.img();
			prediction_axes = result.axes().toString();
			prediction_title = baseTitle(image_title) + "-cenet-" + result.kind()
				.key();
			prediction_info = info(provenance(result.kind(), model.trainedModel()));
			// what Show Info says, where a user looks while working: the threshold
			// used above all
			progress.log(image_title + " -> " + prediction_title + ": " + options()
				.summary(result.kind(), model.trainedModel()));
		}
		finally {
			progress.done();
		}
	}

	/** {@code key = value} lines. */
	static String info(final Map<String, String> provenance) {
		final StringBuilder sb = new StringBuilder();
		provenance.forEach((k, v) -> sb.append(k).append(" = ").append(v).append(
			'\n'));
		return sb.toString();
	}

	/** The title without an image file extension: {@code a b.tif -> a b}. */
	static String baseTitle(final String title) {
		return ImagePairing.isImageFile(new File(title)) ? ImagePairing.baseName(
			title) : title;
	}

	/** The segmentation as an ImgLib2 image; see {@link #predictionAxes()}. */
	public Img<? extends RealType<?>> prediction() {
		return prediction;
	}

	/** Axes of the prediction, e.g. "XY" or "XYCZ" (C = classes). */
	public String predictionAxes() {
		return prediction_axes;
	}
}
