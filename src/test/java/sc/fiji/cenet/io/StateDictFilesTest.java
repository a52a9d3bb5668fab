
package sc.fiji.cenet.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.model.StateDict;

/**
 * Reads the files in {@code src/test/resources/torch}, written by
 * {@code make_fixtures.py} with {@code torch.save}, against the values the
 * script recorded in {@code expected.npz}.
 */
public class StateDictFilesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final List<String> FIXTURES = List.of("zip_ordereddict",
		"legacy_ordereddict", "zip_float32", "legacy_float32", "zip_float16",
		"legacy_float16", "zip_bfloat16", "legacy_bfloat16", "zip_float64",
		"legacy_float64", "zip_int64", "legacy_int64", "zip_module_prefix",
		"zip_checkpoint_state_dict", "legacy_checkpoint_model", "zip_parameters",
		"zip_views", "legacy_views");

	static Path resource(String name) {
		try {
			return Paths.get(StateDictFilesTest.class.getResource("/torch/" + name)
				.toURI());
		}
		catch (URISyntaxException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	public void everyFixtureReadsToTheValuesTorchSaved() throws IOException {
		StateDict expected = Npz.read(resource("expected.npz"));
		Set<String> covered = new LinkedHashSet<>();
		for (String key : expected.names())
			covered.add(key.substring(0, key.indexOf('/')));
		assertEquals("fixtures in expected.npz", new LinkedHashSet<>(FIXTURES),
			covered);
		for (String fixture : FIXTURES) {
			StateDict read = StateDictFiles.read(resource(fixture + ".pth"));
			List<String> expectedNames = new ArrayList<>();
			for (String key : expected.names())
				if (key.startsWith(fixture + "/")) expectedNames.add(key.substring(
					fixture.length() + 1));
			assertEquals(fixture, expectedNames, new ArrayList<>(read.names()));
			for (String name : expectedNames) {
				StateDict.Entry want = expected.get(fixture + "/" + name), got = read
					.get(name);
				assertArrayEquals(fixture + " " + name, want.shape(), got.shape());
				assertArrayEquals(fixture + " " + name, want.data(), got.data(), 0f);
			}
		}
	}

	@Test
	public void stepCountersAreSkippedAndOtherIntegersConverted()
		throws IOException
	{
		for (String format : new String[] { "zip", "legacy" }) {
			StateDict d = StateDictFiles.read(resource(format + "_int64.pth"));
			assertEquals(List.of("index", "bn.weight"), new ArrayList<>(d.names()));
			assertArrayEquals(new long[] { 2, 2 }, d.get("index").shape());
			assertArrayEquals(new float[] { -3, 0, 5, 1 << 20 }, d.get("index")
				.data(), 0f);
		}
		assertFalse(StateDictFiles.read(resource("zip_ordereddict.pth")).contains(
			"bn.num_batches_tracked"));
	}

	@Test
	public void halvesIncludingSubnormalsConvertExactly() throws IOException {
		StateDict d = StateDictFiles.read(resource("zip_float16.pth"));
		// torch.tensor([6e-8, -6e-8, 1e-5], dtype=float16): the smallest subnormal,
		// its negative, a subnormal
		float[] tiny = d.get("tiny").data();
		assertEquals(0x1p-24f, tiny[0], 0f);
		assertEquals(-0x1p-24f, tiny[1], 0f);
		assertEquals(168 * 0x1p-24f, tiny[2], 0f);
		assertEquals(-65504f, d.get("b").data()[1], 0f);
	}

	@Test
	public void viewsOfOneStorageBecomeContiguousArrays() throws IOException {
		for (String format : new String[] { "zip", "legacy" }) {
			StateDict d = StateDictFiles.read(resource(format + "_views.pth"));
			// base = arange(24) / 4 - 2; transposed = base.view(4, 6).t()
			assertArrayEquals(new long[] { 6, 4 }, d.get("transposed").shape());
			float[] t = d.get("transposed").data();
			for (int i = 0; i < 6; i++)
				for (int j = 0; j < 4; j++)
					assertEquals((j * 6 + i) / 4f - 2, t[i * 4 + j], 0f);
			assertEquals(5 / 4f - 2, d.get("sliced").data()[0], 0f);
			assertArrayEquals(new long[] { 3, 3 }, d.get("strided").shape());
			float[] strided = d.get("strided").data(); // base.view(4, 6)[1:, ::2]:
																									// base[6], base[8], ...
																									// base[22]
			for (int i = 0; i < 9; i++)
				assertEquals((6 + 2 * i) / 4f - 2, strided[i], 0f);
			assertTrue("views do not share arrays", d.get("whole").data() != d.get(
				"sliced").data());
		}
	}

	@Test
	public void wrappersAndPrefixesAreKeptAsTheyAre() throws IOException {
		StateDict prefixed = StateDictFiles.read(resource("zip_module_prefix.pth"));
		assertTrue(prefixed.names().toString(), prefixed.names().stream().allMatch(
			k -> k.startsWith("module.")));
		StateDict inStateDict = StateDictFiles.read(resource(
			"zip_checkpoint_state_dict.pth"));
		assertEquals(List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias",
			"bn.running_mean", "bn.running_var"), new ArrayList<>(inStateDict
				.names()));
		assertEquals(inStateDict.names(), StateDictFiles.read(resource(
			"legacy_checkpoint_model.pth")).names());
	}

	@Test
	public void maliciousPicklesAreRefusedNamingTheGlobal() {
		for (String[] c : new String[][] { { "malicious_zip.pth", "posix system" },
			{ "malicious_legacy.pth", "posix system" }, { "malicious_plain.pth",
				"__builtin__ eval" } })
		{
			Path file = resource(c[0]);
			try {
				StateDictFiles.read(file);
				fail(c[0] + " was read");
			}
			catch (IOException e) {
				assertEquals(file + ": refuses to load '" + c[1] +
					"': a checkpoint may only hold tensors and dicts", e.getMessage());
			}
		}
	}

	@Test
	public void broadcastViewsThatWouldFillTheMemoryAreRefused() {
		assertRefused(resource("broadcast_bomb.pth"),
			": tensor w repeats 1 stored values as 134217728 (a broadcast view)");
	}

	@Test
	public void npzStillReads() throws IOException {
		StateDict d = new StateDict().put("a.weight", new long[] { 2 },
			new float[] { 1.5f, -2 }).put("a.num_batches_tracked", new long[0],
				new float[] { 3 });
		Path npz = tmp.getRoot().toPath().resolve("w.npz");
		Npz.write(npz, d);
		StateDict read = StateDictFiles.read(npz);
		assertEquals(List.of("a.weight"), new ArrayList<>(read.names()));
		assertArrayEquals(new float[] { 1.5f, -2 }, read.get("a.weight").data(),
			0f);
	}

	@Test
	public void otherFilesAreRefusedNamingTheFile() throws IOException {
		assertRefused(write("text.pth", "hello".getBytes(
			StandardCharsets.US_ASCII)),
			"is neither a NumPy .npz nor a PyTorch checkpoint");
		// pickle.dumps({}, protocol=2): a pickle, but not a torch.save file
		assertRefused(write("plain.pkl", new byte[] { (byte) 0x80, 2, '}', 'q', 0,
			'.' }), "is a pickle but not a PyTorch checkpoint");
		byte[] legacy = Files.readAllBytes(resource("legacy_float32.pth"));
		assertRefused(write("cut.pth", Arrays.copyOf(legacy, legacy.length - 5)),
			"is truncated");
		assertRefused(write("cut-pickle.pth", Arrays.copyOf(legacy, 200)),
			"is truncated");
	}

	@Test
	public void refusesGlobalsInHandMadePickles() throws IOException {
		for (String[] global : new String[][] { { "builtins", "getattr" }, {
			"__builtin__", "getattr" }, { "torch.nn.modules.conv", "Conv2d" }, {
				"torch", "load" }, { "collections", "defaultdict" } })
		{
			ByteArrayOutputStream b = new ByteArrayOutputStream();
			b.write(new byte[] { (byte) 0x80, 2, 'c' });
			b.write((global[0] + "\n" + global[1] + "\n").getBytes(
				StandardCharsets.US_ASCII));
			b.write(new byte[] { ')', 'R', '.' });
			Path file = write("g.pth", b.toByteArray());
			assertRefused(file, "refuses to load '" + global[0] + " " + global[1] +
				"'");
		}
		// a whole model (torch.save(model)): named, with what to save instead; a
		// function is not a model
		for (String[] global : new String[][] { { "torch.nn.modules.conv", "Conv2d",
			"yes" }, { "__main__", "CE_Net_", "yes" }, { "networks.cenet", "CE_Net_",
				"yes" }, { "builtins", "getattr", "no" }, { "posix", "System", "no" } })
		{
			ByteArrayOutputStream m = new ByteArrayOutputStream();
			m.write(new byte[] { (byte) 0x80, 2, 'c' });
			m.write((global[0] + "\n" + global[1] + "\n").getBytes(
				StandardCharsets.US_ASCII));
			m.write(new byte[] { ')', 'R', '.' });
			Path file = write("model.pth", m.toByteArray());
			try {
				StateDictFiles.read(file);
				fail("read " + global[0] + " " + global[1]);
			}
			catch (IOException e) {
				assertEquals(e.getMessage(), global[2].equals("yes"), e.getMessage()
					.endsWith(
						"; this looks like a whole model saved with torch.save(model), which needs its Python code: save " +
							"torch.save(model.state_dict(), path) instead"));
			}
		}
		// STACK_GLOBAL names the same way
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		b.write(new byte[] { (byte) 0x80, 4, (byte) 0x8c, 2, 'o', 's', (byte) 0x8c,
			6 });
		b.write("system".getBytes(StandardCharsets.US_ASCII));
		b.write(new byte[] { (byte) 0x93, '.' });
		assertRefused(write("s.pth", b.toByteArray()),
			"refuses to load 'os system'");
	}

	@Test
	public void readsPython2Strings() throws IOException {
		// Python 2's pickle.dumps({'conv.w': 'cpu'}, 2): keys as SHORT_BINSTRING,
		// plus a BINSTRING
		byte[] pickle = { (byte) 0x80, 2, '}', 'q', 0, 'U', 6, 'c', 'o', 'n', 'v',
			'.', 'w', 'T', 3, 0, 0, 0, 'c', 'p', 'u', 's', '.' };
		Object d = TorchPickle.load(new java.io.ByteArrayInputStream(pickle), "py2",
			pid -> null);
		assertEquals(java.util.Map.of("conv.w", "cpu"), d);
	}

	@Test
	public void unsupportedOpcodesAreRefused() throws IOException {
		// INST 'os system' (protocol 0): not an opcode torch.save emits
		assertRefused(write("inst.pth", new byte[] { (byte) 0x80, 2, '(', 'i', 'o',
			's', '\n' }), "unsupported pickle opcode 0x69");
	}

	private Path write(String name, byte[] bytes) throws IOException {
		Path file = tmp.getRoot().toPath().resolve(name);
		Files.write(file, bytes);
		return file;
	}

	private static void assertRefused(Path file, String part) {
		try {
			StateDictFiles.read(file);
			fail(file + " was read");
		}
		catch (IOException e) {
			String m = e.getMessage();
			assertTrue(m, m.startsWith(file.toString()) && m.contains(part) && !m
				.contains("\n"));
		}
	}
}
