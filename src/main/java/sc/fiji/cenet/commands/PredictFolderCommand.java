package sc.fiji.cenet.commands;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import sc.fiji.cenet.io.SamePath;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.service.CENetModelService;

/**
 * Segments every image file of a folder with a trained CE-Net and writes one
 * TIFF per image, with the image's base name ({@code a.png -> a.tif}), into
 * the output folder, which is created when missing. Existing files are only
 * replaced with {@code overwrite}, or left as they are with
 * {@code skip_existing}. With {@code shard=K/N} only part K of N of the sorted
 * image list is predicted (see {@link Shard}), for job arrays; outputs are
 * written atomically and never replaced without {@code overwrite}, so tasks
 * of one array never corrupt each other's files.
 * <p>
 * Macro keys: {@code input_folder}, {@code output_folder}, {@code overwrite},
 * {@code skip_existing}, {@code shard} and those of {@link PredictionCommand}.
 * </p>
 */
@Plugin(type = Command.class, name = "CE-Net Predict Folder", label = "CE-Net Predict Folder")
public class PredictFolderCommand extends PredictionCommand {

	static final String TITLE = "CE-Net Predict Folder";

	/** How many names an error message quotes at most. */
	private static final int MAX_NAMES = 10;

	@Parameter(style = "directory", persist = false,
		description = "Folder of images (TIFF, PNG, GIF, JPEG, BMP)")
	private File input_folder;

	@Parameter(style = "directory", persist = false,
		description = "Where the predictions go, one TIFF per image; created when missing")
	private File output_folder;

	@Parameter(persist = false, description = "Replace existing files in output_folder")
	private boolean overwrite = false;

	@Parameter(persist = false, description = "Leave existing files in output_folder as they are " +
		"and predict only the missing ones (re-running a job that was stopped)")
	private boolean skip_existing = false;

	@Parameter(persist = false, description = "K/N: predict only part K of N of the sorted image " +
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
		final InputProblems problems = new InputProblems().existingFolder(input_folder,
			"input_folder");
		checkOptions(problems);
		final boolean outputSet = InputProblems.isSet(output_folder);
		problems.require(outputSet, "output_folder is not set") //
			.require(!outputSet || !output_folder.isFile(), "output_folder is a file, not a folder: " +
				output_folder) //
			.require(!outputSet || !InputProblems.isSet(input_folder) || !SamePath.isSame(input_folder
				.toPath(), output_folder.toPath()), "output_folder must differ from input_folder (" +
					output_folder + " is " + input_folder + ")") //
			.require(!(overwrite && skip_existing), "tick overwrite or skip_existing, not both");
		final Shard part = shard(problems);
		problems.throwIfAny();

		// names are checked on the whole list, so that every shard fails alike
		final Map<File, File> all = outputFiles(ImagePairing.imageFiles(input_folder, "input_folder"),
			output_folder);
		final Map<File, File> outputOf = new LinkedHashMap<>();
		for (final File image : part.select(new ArrayList<>(all.keySet())))
			outputOf.put(image, all.get(image));
		if (skip_existing) outputOf.values().removeIf(f -> {
			if (!f.exists()) return false;
			skipped++;
			return true;
		});
		else if (!overwrite) requireAbsent(outputOf.values());
		final CommandProgress progress = progress();
		try {
			if (!outputOf.isEmpty()) predict(outputOf, progress); // no model for nothing to do
			progress.log("predicted " + predicted + " images into " + output_folder + (skipped > 0
				? "; skipped " + skipped + " existing" : "") + (part.isAll() ? "" : " (shard " + part +
					": " + part.select(new ArrayList<>(all.keySet())).size() + " of " + all.size() +
					" images)"));
		}
		finally {
			progress.done();
		}
	}

	private void predict(final Map<File, File> outputOf, final CommandProgress progress) {
		try (CENetModelService.Lease lease = openModel()) {
			final PredictionOptions options = options();
			options.settings(lease.model().trainedModel()); // a bad overlap stops before any work
			if (!output_folder.isDirectory() && !output_folder.mkdirs())
				throw new IllegalArgumentException("cannot create output_folder " + output_folder);
			int i = 0;
			for (final Map.Entry<File, File> io : outputOf.entrySet()) {
				final StepProgress step = new StepProgress(progress, i++, outputOf.size(), io.getKey()
					.getName());
				step.checkCancelled();
				if (options.predictFile(lease.model(), io.getKey(), io.getValue(), overwrite,
					skip_existing, step)) predicted++;
				else skipped++;
			}
		}
	}

	/** A file's axes as {@link ImageFileReader#readStack} gives them: X, Y, [C,] [Z]. */
	static ImageAxes axesOf(final LoadedImage image) {
		return PredictionOptions.axesOf(image);
	}

	/**
	 * Each image's output file: its base name with {@code .tif}.
	 *
	 * @throws IllegalArgumentException when two images share a base name
	 */
	public static Map<File, File> outputFiles(final List<File> images, final File outputFolder) {
		final Map<File, File> outputOf = new LinkedHashMap<>();
		final Map<String, File> byName = new LinkedHashMap<>();
		for (final File image : images) {
			final String name = ImagePairing.baseName(image.getName()) + ".tif";
			final File previous = byName.put(name, image);
			if (previous != null) throw new IllegalArgumentException(previous.getName() + " and " + image
				.getName() + " would both be written to " + name + "; rename one of them");
			outputOf.put(image, new File(outputFolder, name));
		}
		return outputOf;
	}

	private static void requireAbsent(final Iterable<File> outputs) {
		final List<String> existing = new ArrayList<>();
		for (final File f : outputs)
			if (f.exists()) existing.add(f.getName());
		if (existing.isEmpty()) return;
		final String names = existing.size() <= MAX_NAMES ? String.join(", ", existing) : String.join(
			", ", existing.subList(0, MAX_NAMES)) + " and " + (existing.size() - MAX_NAMES) + " more";
		throw new IllegalArgumentException("output_folder already holds " + names +
			"; tick overwrite to replace " + (existing.size() == 1 ? "it" : "them"));
	}

	/** The shard, or {@link Shard#ALL} after adding the problem of a bad value. */
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
