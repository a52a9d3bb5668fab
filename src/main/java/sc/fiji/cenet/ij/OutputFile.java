
package sc.fiji.cenet.ij;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import sc.fiji.cenet.imagej.ResultImages;

/**
 * The headless runner's own key {@code result_file=[result.tif]}: where the
 * image a command outputs (CE-Net Predict's prediction) is saved as TIFF, since
 * a console cannot show it. Not an input of any command (Export's and Merge's
 * {@code output_file} are theirs); {@code output_file} given to a command
 * without that input is refused, pointing here. An existing file, the input
 * among them, is never overwritten.
 */
final class OutputFile {

	static final String KEY = "result_file";
	/**
	 * What the runner's key was called before commands had an output_file of
	 * their own.
	 */
	private static final String OLD_KEY = "output_file";

	private final String title;
	private final String output;
	private final File file;

	private OutputFile(final String title, final String output, final File file) {
		this.title = title;
		this.output = output;
		this.file = file;
	}

	/**
	 * The file that {@code options} ask for, checked before the command runs, so
	 * that a long run is not lost to a bad name; null when not asked for.
	 *
	 * @throws UsageException when the value is missing or not a .tif, the command
	 *           outputs no image, or the file is an input's or exists: wrong
	 *           input found before any work
	 */
	static OutputFile of(final PreparedCommand command,
		final MacroOptions options)
	{
		if (options.contains(OLD_KEY) && !declares(command, OLD_KEY))
			throw new UsageException("'" + OLD_KEY + "' is not a key of " + command
				.title() + "; to save the image it outputs, give " + KEY +
				"=[/path/result.tif]");
		if (!options.contains(KEY) || declares(command, KEY)) return null;
		final String value = options.get(KEY);
		if (value == null || value.trim().isEmpty()) throw new UsageException("'" +
			KEY + "' needs a value, as in " + KEY + "=[/path/result.tif]");
		final String lower = value.trim().toLowerCase(Locale.ROOT);
		if (!lower.endsWith(".tif") && !lower.endsWith(".tiff"))
			throw new UsageException("'" + KEY +
				"' is written as TIFF: give a name ending in .tif, not " + value);
		final List<String> images = command.imageOutputs();
		if (images.size() != 1) throw new UsageException("'" + KEY +
			"' saves the image output of a " + "command, but " + command.title() +
			" has " + (images.isEmpty() ? "none" : images.size() + " (" + String.join(
				", ", images) + ")"));
		final File file = new File(value.trim());
		for (final Map.Entry<String, String> option : options.asMap().entrySet())
			if (!option.getKey().equals(KEY) && option.getValue() != null && sameFile(
				file, new File(option.getValue().trim()))) throw new UsageException(
					"'" + KEY + "' " + file + " is the file of '" + option.getKey() +
						"'; give a new file name");
		final OutputFile outputFile = new OutputFile(command.title(), images.get(0),
			file);
		if (file.exists()) throw new UsageException(outputFile.existsMessage());
		return outputFile;
	}

	/** The options without this key: what the command itself gets. */
	static MacroOptions withoutKey(final MacroOptions options) {
		final Map<String, String> rest = new LinkedHashMap<>(options.asMap());
		rest.remove(KEY);
		return MacroOptions.of(rest);
	}

	/**
	 * Saves the image output and puts the file in its place among the outputs, so
	 * that it is printed as {@code name=path}.
	 *
	 * @throws CommandFailedException when the command gave no image, the file
	 *           appeared meanwhile, or it cannot be written
	 */
	void save(final Map<String, Object> outputs) {
		final ImagePlus imp = (outputs.get(output) instanceof ImagePlus
			? (ImagePlus) outputs.get(output) : null);
		if (imp == null) throw new CommandFailedException(title +
			" gave no image '" + output + "' to save as " + file, null);
		refuseExisting();
		try {
			// create-new: a file that appeared since the check above is not replaced
			// either
			ResultImages.saveTiff(imp, file, false);
		}
		catch (final FileAlreadyExistsException e) {
			refuseExisting();
		}
		catch (final IOException e) {
			throw new CommandFailedException(CommandFailedException.messageOf(e), e);
		}
		outputs.put(output, file);
	}

	/** After the work: a file that appeared meanwhile is a failure of the run. */
	private void refuseExisting() {
		if (file.exists()) throw new CommandFailedException(existsMessage(), null);
	}

	private String existsMessage() {
		return "'" + KEY + "' " + file +
			" exists; give a new file name or delete it (CE-Net does not overwrite it)";
	}

	private static boolean declares(final PreparedCommand command,
		final String key)
	{
		for (final CommandInput input : command.inputs())
			if (input.key().equals(key)) return true;
		return false;
	}

	private static boolean sameFile(final File a, final File b) {
		try {
			return a.getCanonicalFile().equals(b.getCanonicalFile());
		}
		catch (final IOException e) {
			return a.getAbsoluteFile().equals(b.getAbsoluteFile());
		}
	}
}
