
package sc.fiji.cenet.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static sc.fiji.cenet.io.TestTensors.bits;
import static sc.fiji.cenet.io.TestTensors.npy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.model.StateDict;

public class NpyTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/**
	 * {@code np.save(f, np.asfortranarray(np.array([[1.5, -2.25, 3.0], [4.0, 5.0, -6.5]])))}
	 * with NumPy 2.4.
	 */
	private static final String NUMPY_FORTRAN_F8 =
		"k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAABBAAAAAAAAAAsAAAAAAAAAUQAAAAAAAAAhAAAAAAAAAGsA=";

	@Test
	public void roundTripsFloat32OfAnyRank() throws IOException {
		float[] special = { 0f, -0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE,
			Float.NEGATIVE_INFINITY };
		check(new long[] { 2, 3 }, special);
		check(new long[] { 2, 1, 3, 2 }, new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9,
			10, 11, 12 });
		check(new long[] { 4 }, new float[] { 1, -1, 0.5f, 7 });
		check(new long[] {}, new float[] { 42 });
		check(new long[] { 0, 5 }, new float[0]);
	}

	private static void check(long[] shape, float[] data) throws IOException {
		byte[] bytes = Npy.toBytes(shape, data);
		int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
		assertEquals("version 1.0", 1, bytes[6]);
		assertEquals("header padded to 64 bytes", 0, (10 + headerLength) % 64);
		assertEquals(10 + headerLength + 4 * data.length, bytes.length);
		StateDict.Entry e = Npy.read(new ByteArrayInputStream(bytes), "t.npy");
		assertArrayEquals(shape, e.shape());
		assertArrayEquals(bits(data), bits(e.data()));
	}

	@Test
	public void writesTheHeaderNumPyWrites() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Npy.write(out, new long[] { 3 }, new float[] { 1, 2, 3 });
		String header = new String(out.toByteArray(), 10, 118,
			StandardCharsets.ISO_8859_1);
		assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
			header.trim());
		assertTrue(header.endsWith("\n"));
	}

	@Test
	public void readsEveryDtype() throws IOException {
		assertValues("<f4", le(4).putFloat(1.5f).putFloat(-2f), 1.5f, -2f);
		assertValues(">f4", be(4).putFloat(1.5f).putFloat(-2f), 1.5f, -2f);
		assertValues("<f8", le(8).putDouble(0.1).putDouble(-3), 0.1f, -3f);
		assertValues(">f8", be(8).putDouble(0.1).putDouble(-3), 0.1f, -3f);
		assertValues("<i8", le(8).putLong(7).putLong(-9_000_000_000L), 7f, -9e9f);
		assertValues("<i4", le(4).putInt(-5).putInt(123456), -5f, 123456f);
		assertValues(">i4", be(4).putInt(-5).putInt(123456), -5f, 123456f);
		assertValues("<i2", le(2).putShort((short) -300).putShort((short) 300),
			-300f, 300f);
		assertValues("|i1", le(1).put((byte) -7).put((byte) 7), -7f, 7f);
		assertValues("<u1", le(1).put((byte) 200).put((byte) 1), 200f, 1f);
		assertValues("|u1", le(1).put((byte) 255).put((byte) 0), 255f, 0f);
		assertValues("|b1", le(1).put((byte) 1).put((byte) 0), 1f, 0f);
		assertValues("<u2", le(2).putShort((short) 65535).putShort((short) 2),
			65535f, 2f);
		assertValues("<u4", le(4).putInt(-1).putInt(3), 4294967295f, 3f);
		assertValues("<u8", le(8).putLong(-1L).putLong(3), 18446744073709551615f,
			3f);
	}

	private static ByteBuffer le(int size) {
		return ByteBuffer.allocate(2 * size).order(ByteOrder.LITTLE_ENDIAN);
	}

	private static ByteBuffer be(int size) {
		return ByteBuffer.allocate(2 * size).order(ByteOrder.BIG_ENDIAN);
	}

	private static void assertValues(String descr, ByteBuffer data,
		float... expected) throws IOException
	{
		byte[] bytes = npy(1, "{'descr': '" + descr +
			"', 'fortran_order': False, 'shape': (2,), }", data.array());
		StateDict.Entry e = Npy.read(new ByteArrayInputStream(bytes), descr);
		assertArrayEquals(descr, new long[] { 2 }, e.shape());
		assertArrayEquals(descr, expected, e.data(), 0f);
	}

	@Test
	public void convertsFortranOrderToCOrder() throws IOException {
		// shape (2, 3, 2): Fortran order runs the first axis fastest
		long[] shape = { 2, 3, 2 };
		float[] c = new float[12];
		float[] fortran = new float[12];
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 3; j++)
				for (int k = 0; k < 2; k++) {
					float v = 100 * i + 10 * j + k;
					c[(i * 3 + j) * 2 + k] = v;
					fortran[i + 2 * (j + 3 * k)] = v;
				}
		ByteBuffer data = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
		data.asFloatBuffer().put(fortran);
		byte[] bytes = npy(1,
			"{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 2), }", data
				.array());
		StateDict.Entry e = Npy.read(new ByteArrayInputStream(bytes), "f.npy");
		assertArrayEquals(shape, e.shape());
		assertArrayEquals(c, e.data(), 0f);
	}

	@Test
	public void readsWhatNumPyWrote() throws IOException {
		StateDict.Entry e = Npy.read(new ByteArrayInputStream(Base64.getDecoder()
			.decode(NUMPY_FORTRAN_F8)), "numpy.npy");
		assertArrayEquals(new long[] { 2, 3 }, e.shape());
		assertArrayEquals(new float[] { 1.5f, -2.25f, 3f, 4f, 5f, -6.5f }, e.data(),
			0f);
	}

	@Test
	public void readsVersions2And3() throws IOException {
		byte[] data = le(4).putFloat(1).putFloat(2).array();
		for (int major : new int[] { 2, 3 }) {
			byte[] bytes = npy(major,
				"{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", data);
			StateDict.Entry e = Npy.read(new ByteArrayInputStream(bytes), "v" +
				major);
			assertArrayEquals(new long[] { 1, 2 }, e.shape());
			assertArrayEquals(new float[] { 1, 2 }, e.data(), 0f);
		}
	}

	@Test
	public void readsScalars() throws IOException {
		byte[] bytes = npy(1,
			"{'descr': '<i8', 'fortran_order': False, 'shape': (), }", le(8).putLong(
				5).array());
		StateDict.Entry e = Npy.read(new ByteArrayInputStream(Arrays.copyOf(bytes,
			bytes.length - 8)), "counter.npy");
		assertEquals(0, e.rank());
		assertArrayEquals(new float[] { 5 }, e.data(), 0f);
	}

	@Test
	public void stopsRightAfterTheArray() throws IOException {
		byte[] a = Npy.toBytes(new long[] { 2 }, new float[] { 1, 2 });
		byte[] b = Npy.toBytes(new long[] { 1 }, new float[] { 3 });
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		ByteArrayInputStream in = new ByteArrayInputStream(both);
		assertArrayEquals(new float[] { 1, 2 }, Npy.read(in, "a").data(), 0f);
		assertArrayEquals(new float[] { 3 }, Npy.read(in, "b").data(), 0f);
	}

	@Test
	public void reportsBadInputNamingTheEntry() {
		byte[] two = le(4).putFloat(1).putFloat(2).array();
		assertFails("not a .npy array", "x.npy", "hello, world, this is text"
			.getBytes(StandardCharsets.US_ASCII));
		assertFails("unsupported .npy dtype '<c8'", "x.npy", npy(1,
			"{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
			new byte[8]));
		assertFails("unsupported .npy dtype '|f4'", "x.npy", npy(1,
			"{'descr': '|f4', 'fortran_order': False, 'shape': (2,), }", two));
		assertFails("no simple 'descr'", "x.npy", npy(1,
			"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }",
			two));
		assertFails("no 'shape'", "x.npy", npy(1,
			"{'descr': '<f4', 'fortran_order': False, }", two));
		assertFails("malformed shape", "x.npy", npy(1,
			"{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", two));
		assertFails("truncated data", "x.npy", npy(1,
			"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", two));
		assertFails("unsupported .npy format version 4.0", "x.npy", npy(4, "{}",
			two));
		assertFails("too large", "x.npy", npy(1,
			"{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }",
			two));
	}

	private static void assertFails(String expected, String name, byte[] bytes) {
		try {
			Npy.read(new ByteArrayInputStream(bytes), name);
			fail("no exception for " + expected);
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(name + ": "));
			assertTrue(e.getMessage(), e.getMessage().contains(expected));
		}
	}

	@Test
	public void refusesToAllocateMoreThanAFileHolds() throws IOException {
		Path file = TestTensors.write(tmp.getRoot().toPath().resolve("big.npy"),
			npy(1,
				"{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000,), }",
				new byte[16]));
		try {
			Npy.read(file);
			fail();
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(
				"truncated .npy array"));
			assertTrue(e.getMessage(), e.getMessage().contains("big.npy"));
		}
	}

	@Test
	public void writesFilesThatReadBack() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("sub/w.npy");
		Npy.write(file, new StateDict.Entry(new long[] { 2, 2 }, new float[] { 1, 2,
			3, 4 }));
		StateDict.Entry e = Npy.read(file);
		assertArrayEquals(new long[] { 2, 2 }, e.shape());
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, e.data(), 0f);
	}
}
