
package sc.fiji.cenet.io;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An export's work folder goes when closed, and one a kill left behind goes
 * with the next export.
 */
public class WorkFolderTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void aClosedFolderIsGone() throws Exception {
		Path p;
		try (WorkFolder f = WorkFolder.create("cenet-test-work")) {
			p = f.path();
			Files.write(p.resolve("big.bin"), new byte[1000]);
			assertTrue(Files.isDirectory(p));
		}
		assertFalse(Files.exists(p));
	}

	@Test
	public void aStaleFolderIsRemovedAndOneInUseKept() throws Exception {
		Path root = tmp.getRoot().toPath();
		// left by a killed export: its lock file, held by nobody
		Path stale = Files.createDirectory(root.resolve("cenet-x-1"));
		Files.write(stale.resolve(".in-use"), new byte[0]);
		Files.write(stale.resolve("saved_model.pb"), new byte[100]);
		Path noLock = Files.createDirectory(root.resolve("cenet-x-2")), young =
			Files.createDirectory(root.resolve("cenet-x-3"));
		Files.setLastModifiedTime(noLock, java.nio.file.attribute.FileTime
			.fromMillis(System.currentTimeMillis() - 120_000));
		Path other = Files.createDirectory(root.resolve("other-1"));
		try (WorkFolder inUse = WorkFolder.create("cenet-x-")) {
			// in this JVM's temporary folder; one of the prefix in another folder is
			// left to its own runs
			WorkFolder.removeStale(root, "cenet-x-");
			assertFalse(Files.exists(stale));
			assertFalse(Files.exists(noLock));
			assertTrue("a young folder without its lock yet may be another process's",
				Files.exists(young));
			assertTrue(Files.exists(other));
			WorkFolder.removeStale(inUse.path().getParent(), "cenet-x-");
			assertTrue("the lock of a folder in use is held", Files.exists(inUse
				.path()));
		}
	}
}
