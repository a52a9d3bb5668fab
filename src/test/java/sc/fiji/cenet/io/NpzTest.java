
package sc.fiji.cenet.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static sc.fiji.cenet.io.TestTensors.names;
import static sc.fiji.cenet.io.TestTensors.npy;
import static sc.fiji.cenet.io.TestTensors.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.model.StateDict;

public class NpzTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/**
	 * {@code np.savez_compressed(f, **{'conv.weight': np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5,
	 * 'bn.num_batches_tracked': np.array(7), 'bn.running_var': np.array([0.5,
	 * 2.0], dtype=np.float32)})} with NumPy 2.4: deflated, with zip64 local
	 * headers.
	 */
	private static final String NUMPY_SAVEZ_COMPRESSED =
		"UEsDBC0AAAAIAAAAIQBtctun//////////8PABQAY29udi53ZWlnaHQubnB5AQAQAJgAAAAAAAAAWQAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2airqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOgrGmjoKtQpkAy4GBoUDDAwH9jMwMICwPZANxAoOAFBLAwQtAAAACAAAACEAI7jwbP//////////GgAUAGJuLm51bV9iYXRjaGVzX3RyYWNrZWQubnB5AQAQAIgAAAAAAAAARgAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RqaOgq1ChQBLnYGCAAAUEsDBC0AAAAIAAAAIQBC3hv5//////////8SABQAYm4ucnVubmluZ192YXIubnB5AQAQAIgAAAAAAAAASwAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2airqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFAAuBgYGeyB2AABQSwECLQMtAAAACAAAACEAbXLbp1kAAACYAAAADwAAAAAAAAAAAAAAgAEAAAAAY29udi53ZWlnaHQubnB5UEsBAi0DLQAAAAgAAAAhACO48GxGAAAAiAAAABoAAAAAAAAAAAAAAIABmgAAAGJuLm51bV9iYXRjaGVzX3RyYWNrZWQubnB5UEsBAi0DLQAAAAgAAAAhAELeG/lLAAAAiAAAABIAAAAAAAAAAAAAAIABLAEAAGJuLnJ1bm5pbmdfdmFyLm5weVBLBQYAAAAAAwADAMUAAAC7AQAAAAA=";

	@Test
	public void readsWhatNumPyWrote() throws IOException {
		StateDict d = Npz.read(TestTensors.write(file("numpy.npz"), Base64
			.getDecoder().decode(NUMPY_SAVEZ_COMPRESSED)));
		assertEquals(List.of("conv.weight", "bn.running_var"), names(d));
		assertArrayEquals(new long[] { 2, 3 }, d.get("conv.weight").shape());
		assertArrayEquals(new float[] { -2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f }, d
			.get("conv.weight").data(), 0f);
		assertArrayEquals(new float[] { 0.5f, 2f }, d.get("bn.running_var").data(),
			0f);
	}

	@Test
	public void readsStoredAndDeflatedZipsInZipOrder() throws IOException {
		for (boolean deflate : new boolean[] { false, true }) {
			byte[] zip = zip(deflate, "z.weight.npy", f4("(2,)", 1, 2),
				"layer1.0.bn1.num_batches_tracked.npy", npy(1,
					"{'descr': '<i8', 'fortran_order': False, 'shape': (), }", le(8)
						.putLong(99).array()), "a.bias.npy", f4("(1, 1)", 3));
			StateDict d = Npz.read(TestTensors.write(file("w" + deflate + ".npz"),
				zip));
			assertEquals("counters skipped, zip order kept", List.of("z.weight",
				"a.bias"), names(d));
			assertArrayEquals(new float[] { 1, 2 }, d.get("z.weight").data(), 0f);
			assertArrayEquals(new long[] { 1, 1 }, d.get("a.bias").shape());
		}
	}

	@Test
	public void writesANumPyStyleArchive() throws IOException {
		StateDict d = new StateDict().put("b.weight", new long[] { 2, 2 },
			new float[] { 1, 2, 3, 4 }).put("a.bias", new long[] { 1 }, new float[] {
				-1 });
		Path file = file("out.npz");
		Npz.write(file, d);
		TestTensors.assertBitIdentical(d, Npz.read(file));
		try (ZipFile zip = new ZipFile(file.toFile())) {
			ZipEntry e = zip.getEntry("b.weight.npy");
			assertEquals("uncompressed", ZipEntry.STORED, e.getMethod());
		}
	}

	@Test
	public void reportsDamagedFiles() throws IOException {
		assertFails(TestTensors.write(file("text.npz"), "not a zip".getBytes(
			StandardCharsets.UTF_8)), "corrupt or truncated");
		byte[] zip = zip(false, "a.npy", f4("(3,)", 1, 2, 3));
		zip[zip.length / 3] ^= 0x55; // inside the data: the CRC check fails
		assertFails(TestTensors.write(file("flipped.npz"), zip),
			"corrupt or truncated");
		assertFails(TestTensors.write(file("badheader.npz"), zip(false, "a.npy",
			npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
				new byte[8]))), "entry a.npy: unsupported .npy dtype '<c8'");
	}

	private static void assertFails(Path file, String expected) {
		try {
			Npz.read(file);
			fail();
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(file.toString()));
			assertTrue(e.getMessage(), e.getMessage().contains(expected));
		}
	}

	private Path file(String name) {
		return tmp.getRoot().toPath().resolve(name);
	}

	private static byte[] f4(String shape, float... values) {
		ByteBuffer b = le(4 * values.length);
		for (float v : values)
			b.putFloat(v);
		return npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape +
			", }", b.array());
	}

	private static ByteBuffer le(int bytes) {
		return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
	}
}
