
package sc.fiji.cenet.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;

/** Test helpers: random state_dicts, hand-made .npy bytes and zips. */
public final class TestTensors {

	private TestTensors() {}

	private static SoftReference<StateDict> shared = new SoftReference<>(null);

	/**
	 * Complete random weights for {@code config}. A full CE-Net holds 116 MB and
	 * the test JVM gets 512 MB, so all such dicts share the arrays of one random
	 * CE-Net except {@code firstconv.weight} and {@code finalconv3.*} (whose
	 * shapes depend on the config), drawn from {@code seed}. Tests must not
	 * modify the arrays; replace an entry to change it.
	 */
	static StateDict randomCENet(CENetConfig config, long seed) {
		StateDict base = sharedCENet();
		SplittableRandom random = new SplittableRandom(seed);
		StateDict d = new StateDict();
		for (Map.Entry<String, long[]> e : new CENetArchitecture(config).shapes()
			.entrySet())
		{
			String name = e.getKey();
			boolean ownArray = name.equals("firstconv.weight") || name.startsWith(
				"finalconv3.");
			d.put(name, e.getValue(), ownArray ? randomFloats(random, (int) StateDict
				.numel(e.getValue())) : base.get(name).data());
		}
		return d;
	}

	private static synchronized StateDict sharedCENet() {
		StateDict d = shared.get();
		if (d == null) {
			d = new StateDict();
			SplittableRandom random = new SplittableRandom(20190101);
			for (Map.Entry<String, long[]> e : new CENetArchitecture(new CENetConfig(
				3, 1)).shapes().entrySet())
				d.put(e.getKey(), e.getValue(), randomFloats(random, (int) StateDict
					.numel(e.getValue())));
			shared = new SoftReference<>(d); // reclaimable once the tests that use it
																				// are done
		}
		return d;
	}

	static float[] randomFloats(SplittableRandom random, int n) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = (float) (2 * random.nextDouble() - 1);
		return v;
	}

	/** A view of {@code d} with the same arrays, each key renamed. */
	static StateDict renamed(StateDict d,
		java.util.function.UnaryOperator<String> rename)
	{
		StateDict out = new StateDict();
		for (String k : d.names())
			out.put(rename.apply(k), d.get(k).shape(), d.get(k).data());
		return out;
	}

	/** A view of {@code d} without {@code key}. */
	static StateDict without(StateDict d, String key) {
		StateDict out = new StateDict();
		for (String k : d.names())
			if (!k.equals(key)) out.put(k, d.get(k).shape(), d.get(k).data());
		return out;
	}

	/**
	 * .npy bytes: magic, version, little-endian header length, {@code header}
	 * padded like NumPy, then {@code data}.
	 */
	static byte[] npy(int major, String header, byte[] data) {
		int lengthBytes = major == 1 ? 2 : 4;
		StringBuilder h = new StringBuilder(header);
		while ((8 + lengthBytes + h.length() + 1) % 64 != 0)
			h.append(' ');
		byte[] text = h.append('\n').toString().getBytes(major == 3
			? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
		ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + text.length +
			data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put(
			(byte) major).put((byte) 0);
		if (major == 1) b.putShort((short) text.length);
		else b.putInt(text.length);
		return b.put(text).put(data).array();
	}

	/**
	 * A zip of the given entries (name, bytes, name, bytes, ...), stored or
	 * deflated.
	 */
	static byte[] zip(boolean deflate, Object... namesAndBytes)
		throws IOException
	{
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (int i = 0; i < namesAndBytes.length; i += 2) {
				byte[] content = (byte[]) namesAndBytes[i + 1];
				ZipEntry e = new ZipEntry((String) namesAndBytes[i]);
				if (!deflate) {
					CRC32 crc = new CRC32();
					crc.update(content);
					e.setMethod(ZipEntry.STORED);
					e.setSize(content.length);
					e.setCrc(crc.getValue());
				}
				zip.putNextEntry(e);
				zip.write(content);
				zip.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	static Path write(Path file, byte[] bytes) throws IOException {
		Files.write(file, bytes);
		return file;
	}

	/** Same names in the same order, same shapes, same float bits. */
	public static void assertBitIdentical(StateDict expected, StateDict actual) {
		assertEquals(new ArrayList<>(expected.names()), new ArrayList<>(actual
			.names()));
		for (String k : expected.names()) {
			assertArrayEquals(k, expected.get(k).shape(), actual.get(k).shape());
			assertArrayEquals(k, bits(expected.get(k).data()), bits(actual.get(k)
				.data()));
		}
	}

	static int[] bits(float[] v) {
		int[] b = new int[v.length];
		for (int i = 0; i < v.length; i++)
			b[i] = Float.floatToRawIntBits(v[i]);
		return b;
	}

	static List<String> names(StateDict d) {
		return new ArrayList<>(d.names());
	}
}
