
package sc.fiji.cenet.commands;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.io.OutputCheck;

/**
 * Collects what is wrong with a command's inputs, so that a user sees every
 * problem at once, each named by its macro key. SciJava accepts any value for a
 * choice and fills missing inputs in several ways, so commands check their
 * inputs themselves.
 * <p>
 * Numeric ranges are declared here only, never as {@code @Parameter(min, max)}:
 * the macro and headless runners check those alone, before the command runs, so
 * a user would learn of a missing folder only on the next run.
 */
final class InputProblems {

	private final List<String> problems = new ArrayList<>();

	/** A required file that must exist. */
	InputProblems existingFile(final File file, final String key) {
		if (file == null || file.getPath().isEmpty()) problems.add(key +
			" is not set");
		else if (file.isDirectory()) problems.add(key +
			" is a folder, not a file: " + file);
		else if (!file.isFile()) problems.add(key + " does not exist: " + file);
		return this;
	}

	/** An optional file: unset is fine, otherwise it must exist. */
	InputProblems optionalFile(final File file, final String key) {
		return isSet(file) ? existingFile(file, key) : this;
	}

	/** A required folder that must exist. */
	InputProblems existingFolder(final File folder, final String key) {
		if (folder == null || folder.getPath().isEmpty()) problems.add(key +
			" is not set");
		else if (!folder.exists()) problems.add(key + " does not exist: " + folder);
		else if (!folder.isDirectory()) problems.add(key + " is not a folder: " +
			folder);
		return this;
	}

	/**
	 * A required folder of images: it must exist and hold an image file, so that
	 * an empty folder is a usage error found before the network loads.
	 */
	InputProblems imageFolder(final File folder, final String key) {
		existingFolder(folder, key);
		return require(isSet(folder) ? ImagePairing.noImageFilesProblem(folder, key)
			: null);
	}

	/** An optional folder of images: unset is fine, else {@link #imageFolder}. */
	InputProblems optionalImageFolder(final File folder, final String key) {
		return isSet(folder) ? imageFolder(folder, key) : this;
	}

	/** Two folders to pair ({@link ImagePairing#sameFolderProblem}). */
	InputProblems differentFolders(final File a, final String keyA, final File b,
		final String keyB)
	{
		return require(ImagePairing.sameFolderProblem(a, keyA, b, keyB));
	}

	/** A file to be written: it must be set and its folder must exist. */
	InputProblems writableFile(final File file, final String key) {
		if (!isSet(file)) problems.add(key + " is not set");
		else if (file.isDirectory()) problems.add(key +
			" is a folder, not a file: " + file);
		else {
			final File parent = file.getAbsoluteFile().getParentFile();
			if (parent != null && !parent.isDirectory()) problems.add(
				"the folder of " + key + " does not exist: " + parent);
		}
		return this;
	}

	InputProblems choice(final String value, final String key,
		final String... allowed)
	{
		if (!Arrays.asList(allowed).contains(value)) problems.add(key +
			" must be one of " + String.join(", ", allowed) + ", not '" + value +
			"'");
		return this;
	}

	InputProblems atLeast(final double value, final double min,
		final String key)
	{
		if (!(value >= min)) problems.add(key + " must be at least " + number(min) +
			", not " + number(value));
		return this;
	}

	InputProblems between(final double value, final double min, final double max,
		final String key)
	{
		if (!(value >= min && value <= max)) problems.add(key + " must lie in [" +
			number(min) + ", " + number(max) + "], not " + number(value));
		return this;
	}

	/**
	 * A value in [min, max], or {@code special}, which means what {@code meaning}
	 * says.
	 */
	InputProblems betweenOr(final double value, final double min,
		final double max, final double special, final String meaning,
		final String key)
	{
		if (!(value >= min && value <= max) && value != special) problems.add(key +
			" must lie in [" + number(min) + ", " + number(max) + "] or be " + number(
				special) + " (" + meaning + "), not " + number(value));
		return this;
	}

	/** Adds a problem found elsewhere (a settings rule), unless it is null. */
	InputProblems require(final String problem) {
		if (problem != null) problems.add(problem);
		return this;
	}

	/**
	 * Adds the problems found by a settings object, each once (a value unset is
	 * said once).
	 */
	InputProblems requireAll(final List<String> found) {
		for (final String p : found)
			if (!problems.contains(p)) problems.add(p);
		return this;
	}

	/**
	 * Whether {@code value} is one of {@code allowed} (a bad one is reported by
	 * {@link #choice}).
	 */
	boolean isValidChoice(final String value, final String... allowed) {
		return Arrays.asList(allowed).contains(value);
	}

	/** Adds {@code message} unless {@code ok}. */
	InputProblems require(final boolean ok, final String message) {
		if (!ok) problems.add(message);
		return this;
	}

	/**
	 * Adds the problems of the files a command writes ({@link OutputCheck}: the
	 * one rule for outputs).
	 */
	InputProblems outputs(final OutputCheck check) {
		problems.addAll(check.problems());
		return this;
	}

	/** @throws InvalidInputException listing every problem, separated by "; " */
	void throwIfAny() {
		if (!problems.isEmpty()) throw new InvalidInputException(String.join("; ",
			problems));
	}

	/** The problems separated by "; ", or null when there is none. */
	String message() {
		return problems.isEmpty() ? null : String.join("; ", problems);
	}

	static boolean isSet(final File file) {
		return file != null && !file.getPath().trim().isEmpty();
	}

	private static String number(final double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
			: Double.toString(d);
	}
}
