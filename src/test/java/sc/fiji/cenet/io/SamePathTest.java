
package sc.fiji.cenet.io;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SamePathTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void otherSpellingsOfOneFolderAreTheSame() throws IOException {
		Path in = tmp.newFolder("in").toPath();
		Path link = Files.createSymbolicLink(tmp.getRoot().toPath().resolve("link"),
			in);
		assertTrue(SamePath.isSame(in, in.resolve(".")));
		assertTrue(SamePath.isSame(in, in.resolve("../in/")));
		assertTrue(SamePath.isSame(in, link));
		assertTrue(SamePath.isSame(in.resolve("a.tif"), link.resolve("a.tif")));
		assertFalse(SamePath.isSame(in, tmp.newFolder("out").toPath()));
	}

	@Test
	public void pathsThatDoNotExistYetCompareByTheirExistingPart()
		throws IOException
	{
		Path in = tmp.newFolder("in").toPath();
		Path link = Files.createSymbolicLink(tmp.getRoot().toPath().resolve("link"),
			in);
		assertTrue(SamePath.isSame(in.resolve("new/m.cenet"), link.resolve(
			"./new/m.cenet")));
		assertFalse(SamePath.isSame(in.resolve("new/m.cenet"), link.resolve(
			"new/n.cenet")));
		assertTrue(SamePath.isInside(link.resolve("sub"), in));
		assertFalse(SamePath.isInside(tmp.getRoot().toPath().resolve("inner"), in));
	}

	/**
	 * {@code link/..} is where the OS goes: the parent of the link's target, not
	 * the folder that holds the link.
	 */
	@Test
	public void dotDotAfterALinkIsTheParentOfItsTarget() throws IOException {
		final Path root = tmp.getRoot().toPath();
		final Path masks = Files.createDirectories(root.resolve("project/masks"));
		final Path mask = Files.write(masks.resolve("01.png"), new byte[] { 1 });
		Files.createDirectories(root.resolve("project/results"));
		final Path home = Files.createDirectories(root.resolve("home"));
		Files.createSymbolicLink(home.resolve("out"), root.resolve(
			"project/results"));
		final Path output = home.resolve("out/../masks/01.png");
		assertTrue("the OS reads the mask through it", Files.isSameFile(output,
			mask));
		assertTrue(SamePath.isSame(output, mask));
		assertTrue(SamePath.isInside(home.resolve("out/../masks/new.png"), masks));
		assertFalse(SamePath.isSame(home.resolve("masks/01.png"), mask));
	}
}
