
package sc.fiji.cenet.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import sc.fiji.cenet.model.StateDict;

/**
 * The container behind model files, checkpoints and {@code .npz}: a zip of
 * {@code .npy} tensors and small text entries. Entries are stored uncompressed,
 * since float weights barely compress and saving is faster without; reading
 * accepts stored and deflated entries.
 */
final class TensorArchive {

	static final String NPY = ".npy";

	/**
	 * This plugin's version, from the jar manifest; "dev" when run from classes.
	 */
	static final String SOFTWARE_VERSION = softwareVersion();

	private TensorArchive() {}

	private static String softwareVersion() {
		Package p = TensorArchive.class.getPackage();
		String v = p == null ? null : p.getImplementationVersion();
		return v == null || v.isEmpty() ? "dev" : v;
	}

	/**
	 * A versioned file kind: a properties entry whose {@code format} key holds a
	 * marker and whose {@code format_version} key a version number.
	 */
	static final class Format {

		static final String FORMAT_KEY = "format";
		static final String VERSION_KEY = "format_version";
		static final String SOFTWARE_VERSION_KEY = "software_version";

		/** E.g. "CE-Net model"; used in messages. */
		final String description;
		/** E.g. "model format"; used in the too-new message. */
		final String versionName;
		final String propertiesEntry;
		final String marker;
		final int version;

		Format(String description, String versionName, String propertiesEntry,
			String marker, int version)
		{
			this.description = description;
			this.versionName = versionName;
			this.propertiesEntry = propertiesEntry;
			this.marker = marker;
			this.version = version;
		}

		/**
		 * The header for a new file: marker, version and writer, then
		 * {@code content} (which must not set those).
		 */
		Properties header(Properties content) {
			for (String key : new String[] { FORMAT_KEY, VERSION_KEY })
				if (content.containsKey(key)) throw new IllegalArgumentException(
					"property '" + key + "' is reserved by the " + description + " file");
			Properties p = new Properties();
			p.putAll(content);
			p.setProperty(FORMAT_KEY, marker);
			p.setProperty(VERSION_KEY, Integer.toString(version));
			p.setProperty(SOFTWARE_VERSION_KEY, SOFTWARE_VERSION);
			return p;
		}
	}

	/**
	 * Reads an archive. Every failure is an {@link IOException} naming the file:
	 * damaged zip data (including CRC mismatches) reads as "corrupt or
	 * truncated", malformed content as a message about that entry.
	 */
	static final class Reader implements Closeable {

		private final ZipFile zip;
		private final Path file;
		private final String description;

		private Reader(ZipFile zip, Path file, String description) {
			this.zip = zip;
			this.file = file;
			this.description = description;
		}

		/**
		 * @param description what the file should be, e.g. "CE-Net model", for
		 *          messages
		 */
		static Reader open(Path file, String description) throws IOException {
			if (!Files.exists(file)) throw new NoSuchFileException(file.toString(),
				null, "no such file");
			if (Files.isDirectory(file)) throw new IOException(file +
				" is a folder, not a " + description + " file");
			try {
				return new Reader(new ZipFile(file.toFile()), file, description);
			}
			catch (ZipException e) {
				throw corruptFile(file, description,
					"cannot read it as a zip archive (" + e.getMessage() + ")", e);
			}
		}

		Path file() {
			return file;
		}

		/** Entry names in the zip's order. */
		List<String> names() {
			List<String> names = new ArrayList<>();
			for (Enumeration<? extends ZipEntry> e = zip.entries(); e
				.hasMoreElements();)
				names.add(e.nextElement().getName());
			return names;
		}

		boolean contains(String entry) {
			return zip.getEntry(entry) != null;
		}

		/** Names of the top-level folders, in zip order of their first entry. */
		List<String> topFolders() {
			List<String> folders = new ArrayList<>();
			for (String n : names()) {
				int slash = n.indexOf('/');
				if (slash > 0 && !folders.contains(n.substring(0, slash))) folders.add(n
					.substring(0, slash));
			}
			return folders;
		}

		/**
		 * Reads the format header and checks marker and version.
		 *
		 * @throws IOException "not a ... file" when the marker is missing (a
		 *           foreign zip), "written by a newer ..." when the version is
		 *           above what this code reads
		 */
		Properties header(Format format) throws IOException {
			Properties p = contains(format.propertiesEntry) ? properties(
				format.propertiesEntry) : new Properties();
			if (!format.marker.equals(p.getProperty(Format.FORMAT_KEY)))
				throw new IOException(file + " is not a " + format.description +
					" file");
			String v = p.getProperty(Format.VERSION_KEY);
			int version;
			try {
				version = Integer.parseInt(v == null ? "" : v.trim());
			}
			catch (NumberFormatException e) {
				throw corrupt("invalid " + Format.VERSION_KEY + " '" + v + "' in " +
					format.propertiesEntry, e);
			}
			if (version > format.version) throw new IOException(file +
				" was written by a newer CE-Net for Fiji (" + format.versionName + " " +
				version + "); please update the plugin");
			if (version < 1) throw corrupt("invalid " + Format.VERSION_KEY + " " +
				version + " in " + format.propertiesEntry, null);
			return p;
		}

		Properties properties(String entry) throws IOException {
			Properties p = new Properties();
			try (InputStream in = new ByteArrayInputStream(bytes(entry))) {
				p.load(in);
			}
			catch (IllegalArgumentException e) { // malformed \\uXXXX escape
				throw corrupt(entry + ": " + e.getMessage(), e);
			}
			return p;
		}

		String text(String entry) throws IOException {
			return new String(bytes(entry), StandardCharsets.UTF_8);
		}

		/**
		 * All {@code .npy} entries below {@code prefix} (any depth; "" for all), in
		 * zip order, keyed by their path after the prefix without ".npy". Other
		 * entries are skipped.
		 */
		StateDict tensors(String prefix) throws IOException {
			StateDict dict = new StateDict();
			for (String key : tensorKeys(prefix)) {
				StateDict.Entry t = tensor(prefix + key + NPY);
				dict.put(key, t.shape(), t.data());
			}
			return dict;
		}

		/** The keys {@link #tensors} gives, without reading any tensor. */
		List<String> tensorKeys(String prefix) throws IOException {
			List<String> keys = new ArrayList<>();
			java.util.Set<String> seen = new java.util.HashSet<>();
			for (String name : names()) {
				if (!name.startsWith(prefix) || !name.endsWith(NPY) || name
					.length() == prefix.length() + NPY.length()) continue;
				String key = name.substring(prefix.length(), name.length() - NPY
					.length());
				if (!seen.add(key)) throw corrupt("duplicate entry " + name, null);
				keys.add(key);
			}
			return keys;
		}

		/**
		 * One {@code .npy} entry, parsed as it is inflated (no copy of its bytes)
		 * and checked against its CRC; an entry that fails its CRC is reported as
		 * damage even where its content cannot be parsed.
		 */
		StateDict.Entry tensor(String entry) throws IOException {
			return tensor(entry, float[]::new);
		}

		/**
		 * {@link #tensor(String)}, its values read into
		 * {@code arrays.apply(length)}.
		 */
		StateDict.Entry tensor(String entry,
			java.util.function.IntFunction<float[]> arrays) throws IOException
		{
			ZipEntry e = zip.getEntry(entry);
			if (e == null) throw new IOException(file + " has no entry " + entry);
			CRC32 crc = new CRC32();
			StateDict.Entry tensor = null;
			IOException malformed = null;
			try (InputStream in = new CheckedInputStream(zip.getInputStream(e),
				crc))
			{
				try {
					tensor = Npy.read(in, file + ": entry " + entry, e.getSize(), arrays);
				}
				catch (ZipException | EOFException ex) {
					throw ex;
				}
				catch (IOException ex) { // reported below unless the CRC says the entry
																	// is damaged
					malformed = ex;
				}
				in.transferTo(OutputStream.nullOutputStream()); // the rest, for the CRC
			}
			catch (ZipException | EOFException ex) {
				throw corrupt("entry " + entry + ": " + ex.getMessage(), ex);
			}
			if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) throw corrupt(
				"entry " + entry + " fails its CRC check", malformed);
			if (malformed != null) throw malformed;
			return tensor;
		}

		/**
		 * The whole entry, checked against its CRC so damage is reported as such,
		 * not as bad content.
		 */
		byte[] bytes(String entry) throws IOException {
			ZipEntry e = zip.getEntry(entry);
			if (e == null) throw new IOException(file + " has no entry " + entry);
			long size = e.getSize();
			if (size > Integer.MAX_VALUE - 8) throw new IOException(file +
				": entry " + entry + " is too large (" + size + " bytes)");
			byte[] bytes;
			try (InputStream in = zip.getInputStream(e)) {
				bytes = size >= 0 ? in.readNBytes((int) size) : in.readAllBytes();
				if (size >= 0 && bytes.length < size) throw new EOFException("entry " +
					entry + " ends after " + bytes.length + " of " + size + " bytes");
			}
			catch (ZipException | EOFException ex) {
				throw corrupt("entry " + entry + ": " + ex.getMessage(), ex);
			}
			CRC32 crc = new CRC32();
			crc.update(bytes);
			if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) throw corrupt(
				"entry " + entry + " fails its CRC check", null);
			return bytes;
		}

		IOException corrupt(String detail, Throwable cause) {
			return corruptFile(file, description, detail, cause);
		}

		@Override
		public void close() throws IOException {
			zip.close();
		}
	}

	private static IOException corruptFile(Path file, String description,
		String detail, Throwable cause)
	{
		return new IOException(file + " is not a readable " + description +
			" (corrupt or truncated): " + detail, cause);
	}

	/**
	 * Writes an archive, every entry stored (uncompressed). Closing finishes the
	 * zip.
	 */
	static final class Writer implements Closeable {

		private final ZipOutputStream zip;

		Writer(OutputStream out) {
			zip = new ZipOutputStream(out);
		}

		/**
		 * An empty folder entry, so that an empty group still exists after reading.
		 */
		void folder(String name) throws IOException {
			put(name.endsWith("/") ? name : name + "/", new byte[0]);
		}

		void properties(String entry, Properties p, String comment)
			throws IOException
		{
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			p.store(out, comment);
			put(entry, out.toByteArray());
		}

		void text(String entry, String text) throws IOException {
			put(entry, text.getBytes(StandardCharsets.UTF_8));
		}

		/** One {@code <prefix><name>.npy} entry per tensor, in the dict's order. */
		void tensors(String prefix, StateDict dict) throws IOException {
			tensors(prefix, dict.asSource());
		}

		/**
		 * One {@code <prefix><name>.npy} entry per tensor of the source, each
		 * written as it comes.
		 */
		void tensors(String prefix, StateDict.EntrySource source)
			throws IOException
		{
			byte[] chunk = new byte[1 << 16];
			source.forEach((name, t) -> tensor(prefix + name + NPY, t, chunk));
		}

		/**
		 * A stored {@code .npy} entry without a copy of its bytes: a stored zip
		 * entry needs its CRC before its data, so the values are encoded twice, a
		 * chunk at a time, once for the CRC and once to write them.
		 */
		private void tensor(String name, StateDict.Entry t, byte[] chunk)
			throws IOException
		{
			byte[] header = Npy.header(t.shape());
			float[] v = t.data();
			CRC32 crc = new CRC32();
			crc.update(header);
			for (int off = 0; off < v.length;) {
				int n = encode(v, off, chunk);
				crc.update(chunk, 0, 4 * n);
				off += n;
			}
			begin(name, header.length + 4L * v.length, crc.getValue());
			zip.write(header);
			for (int off = 0; off < v.length;) {
				int n = encode(v, off, chunk);
				zip.write(chunk, 0, 4 * n);
				off += n;
			}
			zip.closeEntry();
		}

		/**
		 * Values from {@code off} as little-endian float32 into {@code chunk}; how
		 * many fitted.
		 */
		private static int encode(float[] v, int off, byte[] chunk) {
			int n = Math.min(chunk.length / 4, v.length - off);
			ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(
				v, off, n);
			return n;
		}

		private void put(String name, byte[] bytes) throws IOException {
			CRC32 crc = new CRC32();
			crc.update(bytes);
			begin(name, bytes.length, crc.getValue());
			zip.write(bytes);
			zip.closeEntry();
		}

		/**
		 * Starts a stored (uncompressed) entry: its size and CRC go before its
		 * data.
		 */
		private void begin(String name, long size, long crc) throws IOException {
			zip.putNextEntry(ZipEntries.stored(name, size, crc));
		}

		@Override
		public void close() throws IOException {
			zip.close();
		}
	}
}
