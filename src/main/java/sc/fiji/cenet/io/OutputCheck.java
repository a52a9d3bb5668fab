
package sc.fiji.cenet.io;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for what a command writes, checked before any work: every file
 * it will write is compared, by real location ({@link SamePath}: links,
 * {@code ./} and {@code ../} resolved), with every file and folder it reads,
 * and must be none of them; an existing output is replaced only when the
 * command's own key says so; a folder to write into must not be one it reads
 * from. Commands, the headless runner and Spark all declare their files here,
 * so a ground-truth mask, a model or an image is never written over.
 */
public final class OutputCheck {

	private static final class Named {

		final String key;
		final File file;

		Named(String key, File file) {
			this.key = key;
			this.file = file;
		}
	}

	private final List<Named> reads = new ArrayList<>();
	private final List<String> problems = new ArrayList<>();

	/**
	 * A file or folder the command reads; unset ({@code null} or empty) is
	 * ignored.
	 */
	public OutputCheck reads(String key, File fileOrFolder) {
		if (isSet(fileOrFolder)) reads.add(new Named(key, fileOrFolder));
		return this;
	}

	/** Files the command reads, all under one key (the pairs of a folder). */
	public OutputCheck reads(String key, Iterable<File> files) {
		for (File f : files)
			reads(key, f);
		return this;
	}

	/**
	 * A file the command writes: it must differ from every input, must not be a
	 * folder, and if it exists is replaced only with {@code replace} (the
	 * command's key; {@code replaceHow} says how to set it, e.g. "tick
	 * overwrite", or null when nothing may replace it).
	 */
	public OutputCheck writes(String key, File file, boolean replace,
		String replaceHow)
	{
		if (!isSet(file)) return this;
		if (!differsFromInputs(key, file)) return this;
		if (file.isDirectory()) problems.add(key + " is a folder, not a file: " +
			file);
		else if (file.exists() && !replace) problems.add(key + " already exists: " +
			file + "; " + (replaceHow == null ? "choose another file"
				: "choose another file, or " + replaceHow + " to replace it"));
		else requireWritable(key, file.getAbsoluteFile().getParentFile());
		return this;
	}

	/**
	 * The folder a file goes to (or its nearest existing parent, where it will be
	 * created) must be writable: found now, not after an epoch.
	 */
	private void requireWritable(String key, File folder) {
		Path p = folder == null ? null : folder.toPath();
		while (p != null && !Files.exists(p))
			p = p.getParent();
		if (p != null && !Files.isWritable(p)) problems.add("the folder of " + key +
			" is not writable: " + p);
	}

	/**
	 * A folder the command writes files into: it must not be a folder it reads
	 * (its files are then checked one by one with {@link #writes}).
	 */
	public OutputCheck writesInto(String key, File folder) {
		if (!isSet(folder)) return this;
		if (folder.isFile()) {
			problems.add(key + " is a file, not a folder: " + folder);
			return this;
		}
		for (Named in : reads)
			if (SamePath.isSame(folder.toPath(), in.file.toPath())) {
				problems.add(key + " must differ from " + in.key + " (" + folder +
					" is " + in.file + ")");
				return this;
			}
		Path p = folder.getAbsoluteFile().toPath();
		while (p != null && !Files.exists(p))
			p = p.getParent();
		if (p != null && !Files.isWritable(p)) problems.add(key +
			" is not writable: " + p);
		return this;
	}

	private boolean differsFromInputs(String key, File file) {
		for (Named in : reads)
			if (SamePath.isSame(file.toPath(), in.file.toPath())) {
				// "a is b" only where the paths differ as written (a link, "..")
				problems.add(key + " must differ from " + in.key +
					", which it would replace (" + file + (file.equals(in.file) ? ""
						: " is " + in.file) + ")");
				return false;
			}
		return true;
	}

	/**
	 * Every problem found, each naming its key; empty when the outputs are safe
	 * to write.
	 */
	public List<String> problems() {
		return new ArrayList<>(problems);
	}

	/**
	 * @throws IllegalArgumentException listing the problems, separated by "; "
	 */
	public void throwIfAny() {
		if (!problems.isEmpty()) throw new IllegalArgumentException(String.join(
			"; ", problems));
	}

	private static boolean isSet(File f) {
		return f != null && !f.getPath().trim().isEmpty();
	}
}
