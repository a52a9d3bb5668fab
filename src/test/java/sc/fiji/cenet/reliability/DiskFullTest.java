
package sc.fiji.cenet.reliability;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.io.AtomicFiles;

/**
 * A full disk in the middle of a write, on a real file system of 256 KB (a
 * tmpfs; needs root, as the CI and the developers' machines have; skipped
 * elsewhere): the previous file stays as it was, the message says so, and no
 * partial file is left to fill the disk further.
 */
public class DiskFullTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private File mountPoint;

	@Before
	public void mountTinyFileSystem() throws Exception {
		mountPoint = tmp.newFolder("tiny");
		Assume.assumeTrue("SKIP: no tmpfs to fill (needs root and mount)", run(
			"mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint
				.getPath()));
	}

	@After
	public void unmount() throws Exception {
		if (mountPoint != null) run("umount", mountPoint.getPath());
	}

	private static boolean run(final String... command) {
		try {
			final Process p = new ProcessBuilder(command).redirectErrorStream(true)
				.start();
			return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (final IOException e) {
			return false;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Test
	public void aFullDiskKeepsThePreviousFile() throws Exception {
		final Path model = mountPoint.toPath().resolve("model.cenet");
		final byte[] previous = new byte[100_000];
		java.util.Arrays.fill(previous, (byte) 7);
		AtomicFiles.write(model, out -> out.write(previous));
		try {
			AtomicFiles.write(model, out -> out.write(new byte[400_000]));
			fail("400 KB fit on a 256 KB disk");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(
				"disk full while writing " + model + "; the previous version is kept"));
		}
		assertArrayEquals(previous, Files.readAllBytes(model));
		assertEquals("no partial file left", 1, mountPoint.list().length);
	}
}
