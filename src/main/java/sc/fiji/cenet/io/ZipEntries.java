
package sc.fiji.cenet.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Files into zip archives, as model packages are made (a package of named
 * files, a folder such as a SavedModel as one zip). Entry names use {@code /}
 * on every platform.
 */
public final class ZipEntries {

	private ZipEntries() {}

	/**
	 * Adds a file as an entry; stored, not deflated, when {@code deflate} is off
	 * (a zip inside the zip gains nothing from deflating again, and a stored
	 * entry can be read in place).
	 */
	public static void add(final ZipOutputStream zip, final Path file,
		final String name, final boolean deflate) throws IOException
	{
		ZipEntry e = new ZipEntry(name);
		if (!deflate) {
			final CRC32 crc = new CRC32();
			final byte[] buffer = new byte[1 << 16];
			try (InputStream in = Files.newInputStream(file)) {
				for (int n; (n = in.read(buffer)) >= 0;)
					crc.update(buffer, 0, n);
			}
			e = stored(name, Files.size(file), crc.getValue());
		}
		zip.putNextEntry(e);
		Files.copy(file, zip);
		zip.closeEntry();
	}

	/**
	 * An entry stored (uncompressed): its size and CRC must precede its data.
	 */
	public static ZipEntry stored(final String name, final long size,
		final long crc)
	{
		final ZipEntry e = new ZipEntry(name);
		e.setMethod(ZipEntry.STORED);
		e.setSize(size);
		e.setCompressedSize(size);
		e.setCrc(crc);
		return e;
	}

	/**
	 * A folder's files, in path order and with their paths relative to it, as a
	 * new zip file (fast deflation: these are mostly weights).
	 */
	public static void zipFolder(final Path folder, final Path zipFile)
		throws IOException
	{
		final List<Path> files = new ArrayList<>();
		try (Stream<Path> s = Files.walk(folder)) {
			s.filter(Files::isRegularFile).sorted(Comparator.comparing(
				Path::toString)).forEach(files::add);
		}
		try (OutputStream out = Files.newOutputStream(zipFile);
				ZipOutputStream z = new ZipOutputStream(out))
		{
			z.setLevel(Deflater.BEST_SPEED);
			for (final Path f : files)
				add(z, f, folder.relativize(f).toString().replace('\\', '/'), true);
		}
	}
}
