
package sc.fiji.cenet.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.cenet.model.StateDict;

/**
 * NumPy's {@code .npy} array format: reads the numeric dtypes PyTorch and NumPy
 * export weights in, converting to float32 in C order; writes float32 in C
 * order, format version 1.0.
 *
 * @see <a href=
 *      "https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	/**
	 * Same guard as NumPy's {@code max_header_size}, generously: real headers are
	 * ~100 bytes.
	 */
	private static final int MAX_HEADER_SIZE = 1 << 16;
	private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
	private static final int CHUNK_BYTES = 1 << 16;

	private static final Pattern DESCR = Pattern.compile(
		"['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
	private static final Pattern FORTRAN = Pattern.compile(
		"['\"]fortran_order['\"]\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile(
		"['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

	private Npy() {}

	/** Reads a {@code .npy} file. */
	public static StateDict.Entry read(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, file.toString(), Files.size(file));
		}
	}

	/**
	 * Reads one array from {@code in}, leaving the stream after its last byte.
	 *
	 * @param name the file or archive entry, for error messages
	 * @throws IOException naming {@code name} for a malformed header, an
	 *           unsupported dtype or missing data
	 */
	public static StateDict.Entry read(InputStream in, String name)
		throws IOException
	{
		return read(in, name, -1);
	}

	/**
	 * @param length the number of bytes the array occupies in total, or -1 if
	 *          unknown; lets a corrupt header fail with a message rather than a
	 *          huge allocation
	 */
	static StateDict.Entry read(InputStream in, String name, long length)
		throws IOException
	{
		return read(in, name, length, float[]::new);
	}

	/**
	 * @param arrays gives the array of the given length that the values are read
	 *          into
	 */
	static StateDict.Entry read(InputStream in, String name, long length,
		IntFunction<float[]> arrays) throws IOException
	{
		// Not buffered: reading stops exactly after the array; values are read in
		// large chunks anyway.
		DataInputStream data = new DataInputStream(in);
		byte[] prelude = new byte[MAGIC.length + 2];
		readFully(data, prelude, prelude.length, name,
			"too short for a .npy array");
		if (!Arrays.equals(Arrays.copyOf(prelude, MAGIC.length), MAGIC))
			throw new IOException(name + ": not a .npy array (no \\x93NUMPY magic)");
		int major = prelude[6] & 0xff, minor = prelude[7] & 0xff;
		int headerSize;
		Charset charset;
		if (major == 1) {
			byte[] b = new byte[2];
			readFully(data, b, 2, name, "truncated header");
			headerSize = (b[0] & 0xff) | (b[1] & 0xff) << 8;
			charset = StandardCharsets.ISO_8859_1;
		}
		else if (major == 2 || major == 3) {
			byte[] b = new byte[4];
			readFully(data, b, 4, name, "truncated header");
			long size = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() &
				0xffffffffL;
			if (size > MAX_HEADER_SIZE) throw new IOException(name +
				": .npy header of " + size + " bytes is implausibly large");
			headerSize = (int) size;
			charset = major == 3 ? StandardCharsets.UTF_8
				: StandardCharsets.ISO_8859_1;
		}
		else throw new IOException(name + ": unsupported .npy format version " +
			major + "." + minor);

		byte[] headerBytes = new byte[headerSize];
		readFully(data, headerBytes, headerSize, name, "truncated header");
		Header header = Header.parse(new String(headerBytes, charset), name);

		long count = numel(header.shape, name);
		long dataBytes = count * header.dtype.size;
		long available = length < 0 ? -1 : length - prelude.length - (major == 1 ? 2
			: 4) - headerSize;
		if (available >= 0 && available < dataBytes) throw new IOException(name +
			": truncated .npy array: shape " + Arrays.toString(header.shape) +
			" of " + header.descr + " needs " + dataBytes + " bytes, only " +
			available + " present");
		float[] values = arrays.apply((int) count);
		readValues(data, header, values, name);
		if (header.fortranOrder && header.shape.length > 1) values = fortranToC(
			values, header.shape);
		return new StateDict.Entry(header.shape, values);
	}

	/**
	 * Writes float32 values of the given C-order shape as a version 1.0
	 * {@code .npy}.
	 */
	public static void write(OutputStream out, long[] shape, float[] data)
		throws IOException
	{
		out.write(toBytes(shape, data));
	}

	/** Writes a {@code .npy} file atomically. */
	public static void write(Path file, StateDict.Entry array)
		throws IOException
	{
		byte[] bytes = toBytes(array.shape(), array.data());
		AtomicFiles.write(file, out -> out.write(bytes));
	}

	/**
	 * The complete {@code .npy} encoding of a float32 array (header and
	 * little-endian data).
	 */
	public static byte[] toBytes(long[] shape, float[] data) {
		long count = StateDict.numel(shape);
		if (count != data.length) throw new IllegalArgumentException("shape " +
			Arrays.toString(shape) + " holds " + count + " values, got " +
			data.length);
		byte[] header = header(shape);
		long total = header.length + 4L * data.length;
		if (total > MAX_ELEMENTS) throw new IllegalArgumentException("array of " +
			data.length + " floats is too large for one .npy buffer");
		byte[] bytes = Arrays.copyOf(header, (int) total);
		ByteBuffer.wrap(bytes, header.length, 4 * data.length).order(
			ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data);
		return bytes;
	}

	/**
	 * Magic, version, header length and the header dict padded to a multiple of
	 * 64 bytes.
	 */
	static byte[] header(long[] shape) {
		StringBuilder tuple = new StringBuilder("(");
		for (int i = 0; i < shape.length; i++)
			tuple.append(i > 0 ? ", " : "").append(shape[i]);
		if (shape.length == 1) tuple.append(',');
		tuple.append(')');
		String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple +
			", }";
		boolean v1 = dict.length() + 11 + 64 <= 0xffff;
		int prefix = MAGIC.length + 2 + (v1 ? 2 : 4);
		int padding = (64 - (prefix + dict.length() + 1) % 64) % 64;
		StringBuilder text = new StringBuilder(dict);
		for (int i = 0; i < padding; i++)
			text.append(' ');
		byte[] dictBytes = text.append('\n').toString().getBytes(
			StandardCharsets.ISO_8859_1);
		ByteBuffer b = ByteBuffer.allocate(prefix + dictBytes.length).order(
			ByteOrder.LITTLE_ENDIAN);
		b.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
		if (v1) b.putShort((short) dictBytes.length);
		else b.putInt(dictBytes.length);
		return b.put(dictBytes).array();
	}

	private static long numel(long[] shape, String name) throws IOException {
		long n = 1;
		for (long d : shape) {
			n *= d;
			if (n > MAX_ELEMENTS) throw new IOException(name + ": array of shape " +
				Arrays.toString(shape) + " is too large");
		}
		return n;
	}

	private static void readValues(DataInputStream in, Header header,
		float[] values, String name) throws IOException
	{
		Dtype dtype = header.dtype;
		// no larger than the values: a model file holds hundreds of small vectors
		int perChunk = (int) Math.max(1, Math.min(CHUNK_BYTES / dtype.size,
			values.length));
		byte[] chunk = new byte[perChunk * dtype.size];
		ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.order);
		for (int done = 0; done < values.length;) {
			int n = Math.min(perChunk, values.length - done);
			readFully(in, chunk, n * dtype.size, name, "truncated data");
			buffer.clear();
			dtype.decode(buffer, values, done, n);
			done += n;
		}
	}

	/**
	 * Reorders column-major (Fortran) values of {@code shape} into row-major (C)
	 * order.
	 */
	static float[] fortranToC(float[] in, long[] shape) {
		int rank = shape.length;
		long[] stride = new long[rank];
		for (int a = 0; a < rank; a++)
			stride[a] = a == 0 ? 1 : stride[a - 1] * shape[a - 1];
		float[] out = new float[in.length];
		long[] index = new long[rank];
		long offset = 0;
		for (int c = 0; c < out.length; c++) {
			out[c] = in[(int) offset];
			for (int a = rank - 1; a >= 0; a--) { // odometer over the C-order index,
																						// last axis fastest
				offset += stride[a];
				if (++index[a] < shape[a]) break;
				offset -= stride[a] * shape[a];
				index[a] = 0;
			}
		}
		return out;
	}

	private static void readFully(DataInputStream in, byte[] b, int n,
		String name, String what) throws IOException
	{
		try {
			in.readFully(b, 0, n);
		}
		catch (EOFException e) {
			EOFException eof = new EOFException(name + ": " + what);
			eof.initCause(e);
			throw eof;
		}
	}

	/** The parsed header dict. */
	private static final class Header {

		final String descr;
		final Dtype dtype;
		final ByteOrder order;
		final boolean fortranOrder;
		final long[] shape;

		private Header(String descr, Dtype dtype, ByteOrder order,
			boolean fortranOrder, long[] shape)
		{
			this.descr = descr;
			this.dtype = dtype;
			this.order = order;
			this.fortranOrder = fortranOrder;
			this.shape = shape;
		}

		static Header parse(String text, String name) throws IOException {
			String dict = text.trim();
			if (!dict.startsWith("{") || !dict.endsWith("}")) throw new IOException(
				name + ": malformed .npy header " + quote(text));
			Matcher descr = DESCR.matcher(dict), fortran = FORTRAN.matcher(dict),
					shape = SHAPE.matcher(dict);
			if (!descr.find()) throw new IOException(name +
				": .npy header has no simple 'descr' (structured arrays are not supported): " +
				quote(text));
			if (!fortran.find()) throw new IOException(name +
				": .npy header has no 'fortran_order': " + quote(text));
			if (!shape.find()) throw new IOException(name +
				": .npy header has no 'shape': " + quote(text));
			String d = descr.group(1);
			if (d.length() < 3) throw new IOException(name +
				": unsupported .npy dtype '" + d + "'");
			Dtype dtype = Dtype.of(d.substring(1));
			char byteOrder = d.charAt(0);
			boolean orderOk = byteOrder == '<' || byteOrder == '>' ||
				byteOrder == '|' && dtype != null && dtype.size == 1;
			if (dtype == null || !orderOk) throw new IOException(name +
				": unsupported .npy dtype '" + d +
				"' (supported: float32/64, (u)int8/16/32/64, bool)");
			ByteOrder order = byteOrder == '>' ? ByteOrder.BIG_ENDIAN
				: ByteOrder.LITTLE_ENDIAN;
			return new Header(d, dtype, order, fortran.group(1).equals("True"),
				parseShape(shape.group(1), name, text));
		}

		private static long[] parseShape(String tuple, String name, String text)
			throws IOException
		{
			List<Long> dims = new ArrayList<>();
			for (String part : tuple.split(",")) {
				String p = part.trim();
				if (p.endsWith("L")) p = p.substring(0, p.length() - 1); // Python 2
																																	// longs
				if (p.isEmpty()) continue;
				try {
					long d = Long.parseLong(p);
					if (d < 0) throw new NumberFormatException();
					dims.add(d);
				}
				catch (NumberFormatException e) {
					throw new IOException(name + ": malformed shape in .npy header " +
						quote(text));
				}
			}
			return dims.stream().mapToLong(Long::longValue).toArray();
		}

		private static String quote(String text) {
			String t = text.trim();
			return "\"" + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + "\"";
		}
	}

	/**
	 * The supported element types, by their {@code descr} without the byte-order
	 * character.
	 */
	private enum Dtype {

			F4("f4", 4), F8("f8", 8), I1("i1", 1), I2("i2", 2), I4("i4", 4), I8("i8",
				8), U1("u1", 1), U2("u2", 2), U4("u4", 4), U8("u8", 8), B1("b1", 1);

		final String code;
		final int size;

		Dtype(String code, int size) {
			this.code = code;
			this.size = size;
		}

		static Dtype of(String code) {
			for (Dtype t : values())
				if (t.code.equals(code)) return t;
			return null;
		}

		/**
		 * Converts {@code n} elements at the buffer's position into
		 * {@code out[off..]}.
		 */
		void decode(ByteBuffer b, float[] out, int off, int n) {
			switch (this) {
				case F4:
					b.asFloatBuffer().get(out, off, n);
					break;
				case F8:
					for (int i = 0; i < n; i++)
						out[off + i] = (float) b.getDouble();
					break;
				case I1:
					for (int i = 0; i < n; i++)
						out[off + i] = b.get();
					break;
				case I2:
					for (int i = 0; i < n; i++)
						out[off + i] = b.getShort();
					break;
				case I4:
					for (int i = 0; i < n; i++)
						out[off + i] = b.getInt();
					break;
				case I8:
					for (int i = 0; i < n; i++)
						out[off + i] = b.getLong();
					break;
				case U1:
					for (int i = 0; i < n; i++)
						out[off + i] = b.get() & 0xff;
					break;
				case U2:
					for (int i = 0; i < n; i++)
						out[off + i] = b.getShort() & 0xffff;
					break;
				case U4:
					for (int i = 0; i < n; i++)
						out[off + i] = b.getInt() & 0xffffffffL;
					break;
				case U8:
					for (int i = 0; i < n; i++)
						out[off + i] = unsignedToFloat(b.getLong());
					break;
				case B1:
					for (int i = 0; i < n; i++)
						out[off + i] = b.get() != 0 ? 1 : 0;
					break;
				default:
					throw new AssertionError(this);
			}
		}

		private static float unsignedToFloat(long v) {
			// halve (keeping the lowest bit for correct rounding), convert, double
			return v >= 0 ? v : 2f * ((v >>> 1) | (v & 1));
		}
	}
}
