
package sc.fiji.cenet.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AtomicFilesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final byte[] OLD = "old content".getBytes(
		StandardCharsets.UTF_8);

	@Test
	public void createsFoldersAndWrites() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("a/b/model.cenet");
		AtomicFiles.write(file, out -> out.write(OLD));
		assertArrayEquals(OLD, Files.readAllBytes(file));
		assertEquals(List.of("model.cenet"), listing(file.getParent()));
	}

	@Test
	public void replacesAnExistingFile() throws IOException {
		Path file = TestTensors.write(tmp.getRoot().toPath().resolve("f.bin"), OLD);
		byte[] big = new byte[1 << 20];
		for (int i = 0; i < big.length; i++)
			big[i] = (byte) (i * 31);
		AtomicFiles.write(file, out -> {
			out.write(big, 0, 1000);
			out.write(big, 1000, big.length - 1000);
			out.close(); // allowed
		});
		assertArrayEquals(big, Files.readAllBytes(file));
		assertEquals(List.of("f.bin"), listing(file.getParent()));
	}

	@Test
	public void keepsThePreviousFileWhenWritingFails() throws IOException {
		Path file = TestTensors.write(tmp.getRoot().toPath().resolve("f.bin"), OLD);
		try {
			AtomicFiles.write(file, out -> {
				out.write(new byte[200_000]); // some of it reaches the temporary file
				throw new IOException("simulated failure");
			});
			fail();
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(file.toString()));
			assertTrue(e.getMessage(), e.getMessage().contains(
				"previous version is kept"));
			assertTrue(e.getMessage(), e.getMessage().contains("simulated failure"));
		}
		assertArrayEquals(OLD, Files.readAllBytes(file));
		assertEquals("no temporary file left", List.of("f.bin"), listing(file
			.getParent()));
	}

	@Test
	public void keepsThePreviousFileOnRuntimeExceptions() throws IOException {
		Path file = TestTensors.write(tmp.getRoot().toPath().resolve("f.bin"), OLD);
		IllegalStateException thrown = new IllegalStateException("bug");
		try {
			AtomicFiles.write(file, out -> {
				out.write(1);
				throw thrown;
			});
			fail();
		}
		catch (IllegalStateException e) {
			assertSame(thrown, e);
		}
		assertArrayEquals(OLD, Files.readAllBytes(file));
		assertEquals(List.of("f.bin"), listing(file.getParent()));
	}

	@Test
	public void explainsAFullDisk() throws IOException {
		Path file = TestTensors.write(tmp.getRoot().toPath().resolve("f.bin"), OLD);
		try {
			AtomicFiles.write(file, out -> {
				throw new IOException("No space left on device");
			});
			fail();
		}
		catch (IOException e) {
			assertEquals("disk full while writing " + file +
				"; the previous version is kept", e.getMessage());
		}
		Path fresh = tmp.getRoot().toPath().resolve("new.bin");
		try {
			AtomicFiles.write(fresh, out -> {
				throw new IOException("No space left on device");
			});
			fail();
		}
		catch (IOException e) {
			assertEquals("disk full while writing " + fresh + "; no file was written",
				e.getMessage());
		}
		assertFalse(Files.exists(fresh));
		assertEquals(List.of("f.bin"), listing(file.getParent()));
	}

	@Test
	public void removesStaleTemporariesOfTheSameTargetButNotLockedOnes()
		throws IOException
	{
		Path dir = tmp.getRoot().toPath();
		Path file = dir.resolve("model.cenet");
		Path stale = TestTensors.write(dir.resolve(".model.cenet.tmp-abc123"),
			new byte[1000]); // left by a killed write
		Path otherTarget = TestTensors.write(dir.resolve(".other.cenet.tmp-abc123"),
			OLD);
		Path inUse = TestTensors.write(dir.resolve(".model.cenet.tmp-busy"), OLD);
		try (FileChannel channel = FileChannel.open(inUse,
			StandardOpenOption.WRITE); FileLock lock = channel.lock())
		{
			AtomicFiles.write(file, out -> out.write(OLD));
			assertTrue(lock.isValid());
		}
		assertArrayEquals(OLD, Files.readAllBytes(file));
		assertFalse(Files.exists(stale));
		assertEquals(List.of(".model.cenet.tmp-busy", ".other.cenet.tmp-abc123",
			"model.cenet"), listing(dir));
		AtomicFiles.write(file, out -> out.write(OLD)); // no longer locked: now
																										// stale
		assertEquals(List.of(".other.cenet.tmp-abc123", "model.cenet"), listing(
			dir));
		assertTrue(Files.exists(otherTarget));
	}

	@Test
	public void locksTheTemporaryWhileWriting() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("f.bin");
		AtomicFiles.write(file, out -> {
			out.write(OLD);
			try (Stream<Path> s = Files.list(file.getParent())) {
				Path temporary = s.filter(p -> p.getFileName().toString().startsWith(
					".f.bin.tmp-")).findFirst().get();
				try (FileChannel channel = FileChannel.open(temporary,
					StandardOpenOption.WRITE))
				{
					channel.tryLock();
					fail("the temporary is not locked");
				}
				catch (OverlappingFileLockException e) {
					// locked by the write
				}
			}
		});
		assertArrayEquals(OLD, Files.readAllBytes(file));
	}

	@Test
	public void keepsThePermissionDeniedReason() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("f.bin");
		try {
			AtomicFiles.write(file, out -> {
				throw new AccessDeniedException(file.getParent().toString());
			});
			fail();
		}
		catch (IOException e) {
			assertEquals("could not write " + file +
				" (no file was written): permission denied for " + file.getParent() +
				"; choose a folder you may write to", e.getMessage());
		}
	}

	private static List<String> listing(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors
				.toList());
		}
	}
}
