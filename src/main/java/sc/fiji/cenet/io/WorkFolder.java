
package sc.fiji.cenet.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A temporary folder for a long write (an export's hundreds of MB), removed
 * when closed, and removed by the next one of its kind when a kill left it: as
 * {@link AtomicFiles}' temporaries, it holds a lock file while in use, and a
 * folder whose lock nobody holds is stale.
 */
public final class WorkFolder implements AutoCloseable {

	private static final String LOCK = ".in-use";

	private final Path path;
	private final FileChannel channel;

	private WorkFolder(Path path, FileChannel channel) {
		this.path = path;
		this.channel = channel;
	}

	/**
	 * A new folder {@code <prefix><random>} in the system's temporary folder;
	 * stale ones of the prefix go first.
	 */
	public static WorkFolder create(String prefix) throws IOException {
		Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
		removeStale(tmp, prefix);
		Path dir = Files.createTempDirectory(tmp, prefix);
		FileChannel channel = FileChannel.open(dir.resolve(LOCK),
			StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		try {
			channel.lock();
		}
		catch (IOException | RuntimeException e) {
			channel.close();
			deleteRecursively(dir);
			throw e;
		}
		return new WorkFolder(dir, channel);
	}

	public Path path() {
		return path;
	}

	@Override
	public void close() {
		try {
			channel.close();
		}
		catch (IOException e) {
			// the folder goes anyway
		}
		deleteRecursively(path);
	}

	/**
	 * Deletes the folders of {@code prefix} in {@code parent} whose lock nobody
	 * holds (their writer was killed).
	 */
	static void removeStale(Path parent, String prefix) {
		List<Path> candidates = new ArrayList<>();
		try (DirectoryStream<Path> dir = Files.newDirectoryStream(parent, prefix +
			"*"))
		{
			for (Path p : dir)
				if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) candidates.add(p);
		}
		catch (IOException | RuntimeException e) {
			return;
		}
		for (Path p : candidates) {
			Path lock = p.resolve(LOCK);
			// without its lock file: killed before it existed, unless young (another
			// process's, about to lock)
			boolean stale = Files.exists(lock) ? AtomicFiles.isUnlocked(lock)
				: olderThanAMinute(p);
			if (stale) deleteRecursively(p);
		}
	}

	private static boolean olderThanAMinute(Path p) {
		try {
			return System.currentTimeMillis() - Files.getLastModifiedTime(p)
				.toMillis() > 60_000;
		}
		catch (IOException e) {
			return false;
		}
	}

	private static void deleteRecursively(Path dir) {
		try (Stream<Path> walk = Files.walk(dir)) {
			walk.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
		catch (IOException | UncheckedIOException e) {
			// best effort: what cannot be deleted stays
		}
	}
}
