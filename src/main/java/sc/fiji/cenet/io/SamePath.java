
package sc.fiji.cenet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether two paths name the same file or folder on the disk, so that an output
 * can never replace an input reached by another spelling: {@code in/./},
 * {@code in/../in}, a symbolic link or a differently written absolute path.
 * Comparing path strings misses all of these.
 */
public final class SamePath {

	private SamePath() {}

	/**
	 * True when {@code a} and {@code b} are, or would be once created, the same
	 * file. Each path is resolved through the links of its longest existing part;
	 * the part that does not exist yet is compared by name.
	 */
	public static boolean isSame(Path a, Path b) {
		return canonical(a).equals(canonical(b));
	}

	/**
	 * True when {@code inner} is {@code outer} or lies inside it (through links
	 * too).
	 */
	public static boolean isInside(Path inner, Path outer) {
		return canonical(inner).startsWith(canonical(outer));
	}

	/**
	 * The real path of the longest existing prefix, followed by the rest of the
	 * path normalised; an unreadable part is compared as written. The prefix is
	 * taken as written and resolved by the file system: {@code link/..} is the
	 * parent of the link's target, as the OS opens it, not the folder holding the
	 * link, which normalising the text first would give.
	 */
	public static Path canonical(Path path) {
		Path absolute = path.toAbsolutePath();
		Path existing = absolute;
		while (existing != null && !Files.exists(existing,
			LinkOption.NOFOLLOW_LINKS))
			existing = existing.getParent();
		if (existing == null) return absolute.normalize();
		try {
			Path real = existing.toRealPath();
			return real.resolve(existing.relativize(absolute)).normalize();
		}
		catch (IOException e) {
			return absolute.normalize();
		}
	}
}
