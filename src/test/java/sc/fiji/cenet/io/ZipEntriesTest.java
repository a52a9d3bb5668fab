
package sc.fiji.cenet.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ZipEntriesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void storedAndDeflatedEntriesReadBack() throws Exception {
		final Path a = tmp.newFile("a.txt").toPath();
		final byte[] text = String.join("", Collections.nCopies(1000, "vessel "))
			.getBytes(StandardCharsets.UTF_8);
		Files.write(a, text);
		final Path zip = tmp.getRoot().toPath().resolve("p.zip");
		try (OutputStream out = Files.newOutputStream(zip);
				ZipOutputStream z = new ZipOutputStream(out))
		{
			ZipEntries.add(z, a, "stored.txt", false);
			ZipEntries.add(z, a, "deflated.txt", true);
		}
		try (ZipFile z = new ZipFile(zip.toFile())) {
			final ZipEntry stored = z.getEntry("stored.txt");
			assertEquals(ZipEntry.STORED, stored.getMethod());
			assertEquals(text.length, stored.getCompressedSize());
			assertEquals(ZipEntry.DEFLATED, z.getEntry("deflated.txt").getMethod());
			for (final String name : Arrays.asList("stored.txt", "deflated.txt"))
				assertArrayEquals(name, text, readAll(z, name));
		}
	}

	@Test
	public void aFolderZipsWithRelativeSlashedNamesInPathOrder()
		throws Exception
	{
		final Path folder = tmp.newFolder("saved_model").toPath();
		Files.createDirectories(folder.resolve("variables"));
		Files.write(folder.resolve("variables/variables.index"), new byte[] { 1 });
		Files.write(folder.resolve("saved_model.pb"), new byte[] { 2, 3 });
		final Path zip = tmp.getRoot().toPath().resolve("w.zip");
		ZipEntries.zipFolder(folder, zip);
		final List<String> names = new ArrayList<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			z.stream().forEach(e -> names.add(e.getName()));
			assertArrayEquals(new byte[] { 2, 3 }, readAll(z, "saved_model.pb"));
		}
		assertEquals(Arrays.asList("saved_model.pb", "variables/variables.index"),
			names);
	}

	private static byte[] readAll(final ZipFile z, final String name)
		throws Exception
	{
		try (java.io.InputStream in = z.getInputStream(z.getEntry(name))) {
			return in.readAllBytes();
		}
	}
}
