
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
}
