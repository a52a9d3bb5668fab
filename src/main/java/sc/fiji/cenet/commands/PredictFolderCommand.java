
package sc.fiji.cenet.commands;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.data.ImageFileReader;
import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.LoadedImage;
import sc.fiji.cenet.data.Shard;
import sc.fiji.cenet.io.OutputCheck;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.progress.PartProgress;
import sc.fiji.cenet.service.CENetModelService;

/**
 * Segments every image file of a folder with a trained CE-Net and writes one
 * TIFF per image, with the image's base name ({@code a.png -> a.tif}), into the
 * output folder, which is created when missing. Existing files are only
 * replaced with {@code overwrite}, or left as they are with
 * {@code skip_existing}. With {@code shard=K/N} only part K of N of the sorted
 * image list is predicted (see {@link Shard}), for job arrays; outputs are
 * written atomically and never replaced without {@code overwrite}, so tasks of
 * one array never corrupt each other's files.
 * <p>
 * Macro keys: {@code input_folder}, {@code output_folder}, {@code overwrite},
 * {@code skip_existing}, {@code shard} and those of {@link PredictionCommand}.
 * </p>
 */
@Plugin(type = Command.class, name = "CE-Net Predict Folder",
	label = "CE-Net Predict Folder")
public class PredictFolderCommand extends PredictionCommand {

	static final String TITLE = "CE-Net Predict Folder";

	@Parameter(style = "directory", persist = false,
		description = "Folder of images (TIFF, PNG, GIF, JPEG, BMP)")
	private File input_folder;

	@Parameter(style = "directory", persist = false,
		description = "Where the predictions go, one TIFF per image; created when missing")
	private File output_folder;

	@Parameter(persist = false,
		description = "Replace existing files in output_folder")
	private boolean overwrite = false;

	@Parameter(persist = false,
		description = "Leave existing files in output_folder as they are " +
			"and predict only the missing ones (re-running a job that was stopped)")
	private boolean skip_existing = false;

	@Parameter(persist = false,
		description = "K/N: predict only part K of N of the sorted image " +
			"list (cluster job arrays); 1/1 = all")
	private String shard = "1/1";

	@Parameter(type = ItemIO.OUTPUT, label = "predicted")
	private int predicted;

	@Parameter(type = ItemIO.OUTPUT, label = "skipped")
	private int skipped;

	@Override
	String title() {
		return TITLE;
	}

	@Override
	public void run() {
		final InputProblems problems = new InputProblems().imageFolder(input_folder,
			"input_folder");
		checkOptions(problems);
		final boolean outputSet = InputProblems.isSet(output_folder);
		problems.require(outputSet, "output_folder is not set") //
			.outputs(new OutputCheck().reads("input_folder", input_folder).writesInto(
				"output_folder", output_folder));
		final Shard part = shard(problems);
		problems.throwIfAny();

		final List<File> all = ImagePairing.imageFiles(input_folder,
			"input_folder");
		final FolderPrediction plan = FolderPrediction.plan(all, part.select(all),
			"input_folder", output_folder, options().modelFile(), overwrite,
			skip_existing);
		skipped = plan.skipped();
		final CommandProgress progress = progress();
		try {
			if (plan.damageNote() != null) progress.log(plan.damageNote());
			if (!plan.toPredict().isEmpty()) predict(plan, progress); // no model for
																																// nothing to do
			progress.log("predicted " + predicted + " images into " + output_folder +
				(skipped > 0 ? "; skipped " + skipped + " existing" : "") + (part
					.isAll() ? "" : " (shard " + part + ": " + part.select(all).size() +
						" of " + all.size() + " images)"));
		}
		finally {
			progress.done();
		}
	}

	private void predict(final FolderPrediction plan,
		final CommandProgress progress)
	{
		try (CENetModelService.Lease lease = openModel(progress)) {
			final PredictionOptions options = options();
			options.settings(lease.model().trainedModel()); // a bad overlap stops
																											// before any work
			FolderPrediction.createOutputFolder(output_folder);
			int i = 0;
			for (final Map.Entry<File, File> io : plan.toPredict().entrySet()) {
				final PartProgress step = PartProgress.named(progress, io.getKey()
					.getName(), i++, plan.toPredict().size());
				step.checkCancelled();
				if (options.predictFile(lease.model(), io.getKey(), io.getValue(), plan
					.mayReplace(io.getValue()), skip_existing, step)) predicted++;
				else skipped++;
			}
		}
	}

	/**
	 * A file's axes as {@link ImageFileReader#readStack} gives them: X, Y, [C,]
	 * [Z].
	 */
	static ImageAxes axesOf(final LoadedImage image) {
		return PredictionOptions.axesOf(image);
	}

	/**
	 * The shard, or {@link Shard#ALL} after adding the problem of a bad value.
	 */
	private Shard shard(final InputProblems problems) {
		try {
			return Shard.parse(shard, "shard");
		}
		catch (final IllegalArgumentException e) {
			problems.require(e.getMessage());
			return Shard.ALL;
		}
	}

	/** Number of images written. */
	public int predicted() {
		return predicted;
	}

	/** Number of images whose output existed already ({@code skip_existing}). */
	public int skipped() {
		return skipped;
	}
}
