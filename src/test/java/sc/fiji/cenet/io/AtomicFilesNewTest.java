
package sc.fiji.cenet.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@link AtomicFiles#writeNew}: create-new semantics checked when the file
 * takes its name.
 */
public class AtomicFilesNewTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final byte[] MINE = "mine".getBytes(StandardCharsets.UTF_8);
	private static final byte[] THEIRS = "theirs".getBytes(
		StandardCharsets.UTF_8);

	@Test
	public void writesAFileThatDoesNotExist() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("out/a.tif");
		AtomicFiles.writeNew(file, out -> out.write(MINE));
		assertArrayEquals(MINE, Files.readAllBytes(file));
		assertEquals("a.tif", listing(file.getParent()));
	}

	/**
	 * Another run creates the file while this one is still writing: its file
	 * stays.
	 */
	@Test
	public void aFileThatAppearsDuringTheWriteIsKept() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("a.tif");
		try {
			AtomicFiles.writeNew(file, out -> {
				Files.write(file, THEIRS);
				out.write(MINE);
			});
			fail("replaced a file that appeared meanwhile");
		}
		catch (FileAlreadyExistsException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(file +
				" already exists"));
		}
		assertArrayEquals(THEIRS, Files.readAllBytes(file));
		assertEquals("no temporary left behind", "a.tif", listing(file
			.getParent()));
	}

	private static String listing(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors
				.joining(","));
		}
	}
}
