
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.Names;
import sc.fiji.cenet.imagej.ResultImages;
import sc.fiji.cenet.io.OutputCheck;

/**
 * The rules of predicting a list of images into a folder, for CE-Net Predict
 * Folder and its Spark job alike: one TIFF per image named after it, never an
 * input, an existing one replaced only with {@code overwrite}; with
 * {@code skip_existing} a complete existing output is done, and a damaged one
 * ({@link ResultImages#damage}: empty, cut short) is predicted again and named.
 * Checked before any work, so a job with nothing left opens no model.
 */
public final class FolderPrediction {

	/** How many names a message quotes at most. */
	private static final int MAX_NAMES = 10;

	private final Map<File, File> toPredict = new LinkedHashMap<>();
	private final Set<File> damaged = new LinkedHashSet<>();
	private final List<String> damageNotes = new ArrayList<>();
	private final boolean overwrite;
	private int skipped;

	private FolderPrediction(final boolean overwrite) {
		this.overwrite = overwrite;
	}

	/**
	 * The plan for {@code images} (of {@code all}, the whole list that names are
	 * checked on, so every shard fails alike) into {@code outputFolder}.
	 *
	 * @param inputKey the key naming the images (e.g. input_folder)
	 * @throws InvalidInputException naming the keys: both overwrite and
	 *           skip_existing, an output that is an input, existing outputs
	 *           without either key, two images of one base name
	 */
	public static FolderPrediction plan(final List<File> all,
		final List<File> images, final String inputKey, final File outputFolder,
		final File modelFile, final boolean overwrite, final boolean skipExisting)
	{
		final InputProblems problems = new InputProblems().require(!(overwrite &&
			skipExisting), "tick overwrite or skip_existing, not both");
		final Map<File, File> outputOf;
		try {
			outputOf = outputFiles(all, outputFolder);
		}
		catch (final IllegalArgumentException e) {
			throw new InvalidInputException(e.getMessage());
		}
		final OutputCheck check = new OutputCheck().reads(inputKey, all).reads(
			"model_file", modelFile);
		for (final File image : images)
			check.writes("output_folder", outputOf.get(image), true, null); // existing
																																			// ones:
																																			// below
		problems.outputs(check).throwIfAny();
		final FolderPrediction plan = new FolderPrediction(overwrite);
		final List<String> existing = new ArrayList<>();
		for (final File image : images) {
			final File output = outputOf.get(image);
			if (output.exists() && skipExisting) {
				final String damage = ResultImages.damage(output);
				if (damage == null) {
					plan.skipped++;
					continue;
				}
				plan.damaged.add(output);
				plan.damageNotes.add(output.getName() + " (" + damage + ")");
			}
			else if (output.exists() && !overwrite) existing.add(output.getName());
			plan.toPredict.put(image, output);
		}
		if (!existing.isEmpty()) throw new InvalidInputException(
			"output_folder already holds " + names(existing) +
				"; tick overwrite to replace " + (existing.size() == 1 ? "it"
					: "them") + ", or skip_existing to keep " + (existing.size() == 1
						? "it" : "them"));
		return plan;
	}

	/** Image to output file, for the images left to predict, in order. */
	public Map<File, File> toPredict() {
		return toPredict;
	}

	/**
	 * Whether writing {@code output} may replace a file there: with overwrite, or
	 * a damaged output.
	 */
	public boolean mayReplace(final File output) {
		return overwrite || damaged.contains(output);
	}

	/** Complete existing outputs left as they are (skip_existing). */
	public int skipped() {
		return skipped;
	}

	/**
	 * The damaged outputs predicted again, with what was wrong; null when none.
	 */
	public String damageNote() {
		return damageNotes.isEmpty() ? null : "damaged, predicted again: " + names(
			damageNotes);
	}

	/**
	 * Each image's output file: its base name with {@code .tif}.
	 *
	 * @throws IllegalArgumentException when two images share a base name
	 */
	public static Map<File, File> outputFiles(final List<File> images,
		final File outputFolder)
	{
		final Map<File, File> outputOf = new LinkedHashMap<>();
		final Map<String, File> byName = new LinkedHashMap<>();
		for (final File image : images) {
			final String name = ImagePairing.baseName(image.getName()) + ".tif";
			final File previous = byName.put(name, image);
			if (previous != null) throw new IllegalArgumentException(previous
				.getName() + " and " + image.getName() + " would both be written to " +
				name + "; rename one of them");
			outputOf.put(image, new File(outputFolder, name));
		}
		return outputOf;
	}

	/**
	 * Makes {@code outputFolder} (and its parents) unless it is there. The shards
	 * of one job start together (a SLURM array: both tasks in the same second),
	 * so another may make it in between; a folder that exists afterwards is fine,
	 * whoever made it. (A check, then {@code mkdirs()}, failed there: mkdirs
	 * answers false for a folder another process has just made.)
	 *
	 * @throws IllegalArgumentException naming output_folder when it cannot be
	 *           made (a file of that name, no permission)
	 */
	public static void createOutputFolder(final File outputFolder) {
		try {
			Files.createDirectories(outputFolder.toPath());
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("cannot create output_folder " +
				outputFolder + " (" + e + ")", e);
		}
	}

	private static String names(final List<String> names) {
		return Names.listed(names, MAX_NAMES);
	}
}
