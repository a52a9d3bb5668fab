
package sc.fiji.cenet.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the complete old version or the
 * complete new one, never a half-written file: a crash, a full disk or an
 * exception in the middle of a multi-minute model save leaves the previous file
 * as it was.
 * <p>
 * The data go to a hidden temporary file in the target's own folder (so the
 * final rename stays on one file system and can be atomic), are forced to the
 * disk, and only then replace the target. The temporary is locked while it is
 * written; the next write of the same target deletes the unlocked temporaries a
 * killed write left behind.
 */
public final class AtomicFiles {

	private static final int BUFFER_SIZE = 1 << 16;
	private static final int MAX_NAME_ATTEMPTS = 16;

	private AtomicFiles() {}

	/**
	 * Writes {@code target} atomically. The folders above it are created. The
	 * callback gets a buffered stream; closing it is allowed but not needed.
	 *
	 * @throws IOException naming {@code target}; on any failure, including a
	 *           runtime exception from the callback (rethrown as is), the
	 *           temporary file is removed and an existing target is unchanged
	 */
	public static void write(Path target, IOConsumer<OutputStream> content)
		throws IOException
	{
		write(target, content, true);
	}

	/**
	 * Like {@link #write}, but never replaces a file: the check is made at the
	 * moment the complete file takes its name (not only before the work starts),
	 * so two runs writing into one folder cannot replace each other's files.
	 *
	 * @throws FileAlreadyExistsException naming {@code target} when it exists by
	 *           then; the new data are discarded and the file is unchanged
	 */
	public static void writeNew(Path target, IOConsumer<OutputStream> content)
		throws IOException
	{
		write(target, content, false);
	}

	private static void write(Path target, IOConsumer<OutputStream> content,
		boolean replaceExisting) throws IOException
	{
		Path file = target.toAbsolutePath();
		Path tmp = null;
		boolean moved = false;
		try {
			Files.createDirectories(file.getParent());
			removeStaleTemporaries(file);
			Path fresh = tempSibling(file);
			FileChannel channel = createLocked(fresh);
			tmp = fresh; // ours from here on: deleted on failure
			try (channel) {
				OutputStream out = new BufferedOutputStream(new NonClosingOutputStream(
					Channels.newOutputStream(channel)), BUFFER_SIZE);
				content.accept(out);
				out.flush();
				channel.force(true);
			} // the lock goes with the channel; the rename follows at once
			if (replaceExisting) replace(tmp, file);
			else publishNew(tmp, file);
			moved = true;
			syncDirectory(file.getParent());
		}
		catch (FileAlreadyExistsException e) {
			throw new FileAlreadyExistsException(file.toString(), null, file +
				" already exists (written by " +
				"another run meanwhile?); it was not replaced");
		}
		catch (IOException e) {
			throw describe(e, file);
		}
		finally {
			if (!moved && tmp != null) deleteQuietly(tmp);
		}
	}

	/**
	 * Creates {@code tmp} and locks it at once: the lock tells later writes of
	 * the same target that this temporary is being written and must stay.
	 */
	private static FileChannel createLocked(Path tmp) throws IOException {
		// Not Files.createTempFile: on POSIX it creates the file rw------- and the
		// target would inherit that instead of the usual permissions.
		FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
			StandardOpenOption.WRITE);
		try {
			channel.lock();
			return channel;
		}
		catch (IOException | RuntimeException e) {
			channel.close();
			throw e;
		}
	}

	/** A fresh {@code .name.tmp-<random>} path next to {@code file}. */
	private static Path tempSibling(Path file) throws IOException {
		for (int attempt = 0;; attempt++) {
			String suffix = Long.toUnsignedString(ThreadLocalRandom.current()
				.nextLong(), 36);
			Path tmp = file.resolveSibling(tempPrefix(file) + suffix);
			if (!Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) return tmp;
			if (attempt >= MAX_NAME_ATTEMPTS) throw new FileAlreadyExistsException(tmp
				.toString());
		}
	}

	private static String tempPrefix(Path file) {
		return "." + file.getFileName() + ".tmp-";
	}

	/**
	 * Deletes the temporaries of earlier writes of {@code file} that were killed
	 * before they could clean up (a model temporary can take hundreds of MB). A
	 * temporary still locked belongs to a write in progress, in this or another
	 * process, and is kept. Best effort: what cannot be checked or deleted stays.
	 */
	private static void removeStaleTemporaries(Path file) {
		String prefix = tempPrefix(file);
		List<Path> candidates = new ArrayList<>();
		try (DirectoryStream<Path> dir = Files.newDirectoryStream(file
			.getParent()))
		{
			for (Path p : dir)
				if (p.getFileName().toString().startsWith(prefix)) candidates.add(p);
		}
		catch (IOException | RuntimeException e) {
			return;
		}
		for (Path p : candidates)
			if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && isUnlocked(p))
				deleteQuietly(p);
	}

	/**
	 * Whether nobody holds the lock of {@code file}: its writer is gone (a killed
	 * write). False when it is locked, by this JVM too, or cannot be checked.
	 */
	static boolean isUnlocked(Path file) {
		try (FileChannel channel = FileChannel.open(file,
			StandardOpenOption.WRITE))
		{
			FileLock lock = channel.tryLock();
			if (lock == null) return false;
			lock.release();
			return true;
		}
		catch (OverlappingFileLockException e) { // locked by a write of this JVM
			return false;
		}
		catch (IOException | RuntimeException e) {
			return false;
		}
	}

	private static void replace(Path tmp, Path file) throws IOException {
		try {
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			// Rare file systems (some network shares) cannot rename atomically;
			// a plain replace still never exposes a partly written file.
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/**
	 * Gives the complete temporary file the target's name unless that exists: a
	 * hard link is created atomically or not at all, where a rename would
	 * silently replace a file that appeared after an existence check.
	 */
	private static void publishNew(Path tmp, Path file) throws IOException {
		try {
			Files.createLink(file, tmp);
		}
		catch (FileAlreadyExistsException e) {
			throw e;
		}
		catch (UnsupportedOperationException | IOException e) {
			// File systems without hard links (FAT, some shares): a move that refuses
			// an existing target.
			Files.move(tmp, file);
			return;
		}
		deleteQuietly(tmp);
	}

	/**
	 * Makes the rename itself durable on Linux; other systems cannot open folders
	 * and need not.
	 */
	private static void syncDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException | RuntimeException e) {
			// best effort: the file content itself is already on the disk
		}
	}

	private static void deleteQuietly(Path tmp) {
		try {
			Files.deleteIfExists(tmp);
		}
		catch (IOException e) {
			// nothing more to do: the target is untouched, only a hidden leftover
			// remains
		}
	}

	static IOException describe(IOException e, Path file) {
		String message = String.valueOf(e.getMessage());
		String kept = Files.exists(file) ? "the previous version is kept"
			: "no file was written";
		if (message.contains("No space left on device") || message.contains(
			"Disk quota exceeded")) return new IOException(
				"disk full while writing " + file + "; " + kept, e);
		if (e instanceof AccessDeniedException) // its message is only the path
			return new IOException("could not write " + file + " (" + kept +
				"): permission denied for " + message +
				"; choose a folder you may write to", e);
		return new IOException("could not write " + file + " (" + kept + "): " +
			message, e);
	}

	/**
	 * Lets the callback close "its" stream without closing the channel we still
	 * have to force.
	 */
	private static final class NonClosingOutputStream extends FilterOutputStream {

		NonClosingOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}
	}
}
