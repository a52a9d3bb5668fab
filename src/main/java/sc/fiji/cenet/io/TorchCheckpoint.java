
package sc.fiji.cenet.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.cenet.io.TorchPickle.Dtype;
import sc.fiji.cenet.io.TorchPickle.Tensor;
import sc.fiji.cenet.io.TorchPickle.Tuple;
import sc.fiji.cenet.model.StateDict;

/**
 * Reads the state_dict in a file {@code torch.save} wrote, in either of its
 * formats, through {@link TorchPickle} (so nothing in the file is run):
 * <ul>
 * <li>the zip format (PyTorch 1.6 and later): {@code <name>/data.pkl} holds the
 * pickle, {@code <name>/data/<key>} each storage's raw bytes, and
 * {@code <name>/byteorder}, when present, their byte order;</li>
 * <li>the legacy format ({@code _use_new_zipfile_serialization=False}): a
 * stream of pickles (magic number, protocol 1001, system info, the object, the
 * list of storage keys), then each storage as an int64 element count and its
 * raw bytes.</li>
 * </ul>
 * The object may be a state_dict (dict or OrderedDict of tensors), or a dict
 * holding one under {@code state_dict} or {@code model}, whose other entries
 * (e.g. {@code optimizer}, {@code epoch}) are ignored and their storages not
 * read. Tensors may be views of shared storages (offset, size, stride); each
 * becomes a contiguous float32 array in C order. BatchNorm's
 * {@code num_batches_tracked} counters are skipped, as {@link Npz} does.
 */
final class TorchCheckpoint {

	/** The first pickle of the legacy format. */
	private static final BigInteger LEGACY_MAGIC = new BigInteger(
		"1950a86a20f9469cfc6c", 16);
	private static final long LEGACY_PROTOCOL = 1001;
	private static final String PICKLE = "data.pkl";
	private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
	/**
	 * Largest view with more elements than its storage (expand()): a tiny file
	 * must not fill the memory.
	 */
	private static final long MAX_BROADCAST = 1 << 24;
	private static final String[] WRAPPERS = { "state_dict", "model" };

	/**
	 * A storage named by a persistent id; for a legacy storage view, its offset
	 * into the root storage.
	 */
	private static final class Storage {

		final String key;
		final Dtype dtype;
		final long offset;

		Storage(String key, Dtype dtype, long offset) {
			this.key = key;
			this.dtype = dtype;
			this.offset = offset;
		}
	}

	private TorchCheckpoint() {}

	/**
	 * The zip entry holding the pickle of a torch zip ({@code data.pkl} in a top
	 * folder), or null for other zips.
	 */
	static String pickleEntry(TensorArchive.Reader archive) {
		for (String name : archive.names()) {
			int slash = name.indexOf('/');
			if (name.endsWith("/" + PICKLE) && slash == name.length() - PICKLE
				.length() - 1) return name;
		}
		return null;
	}

	/**
	 * Reads a torch zip whose pickle is {@code pickleEntry} (see
	 * {@link #pickleEntry}).
	 */
	static StateDict readZip(TensorArchive.Reader archive, String pickleEntry)
		throws IOException
	{
		String source = archive.file().toString();
		String prefix = pickleEntry.substring(0, pickleEntry.length() - PICKLE
			.length());
		ByteOrder order = ByteOrder.LITTLE_ENDIAN;
		if (archive.contains(prefix + "byteorder")) {
			String text = archive.text(prefix + "byteorder").trim();
			if (text.equals("big")) order = ByteOrder.BIG_ENDIAN;
			else if (!text.equals("little")) throw new IOException(source +
				": unknown byte order '" + text + "' in " + prefix + "byteorder");
		}
		Map<String, Storage> storages = new HashMap<>();
		Object root;
		try (InputStream in = new ByteArrayInputStream(archive.bytes(
			pickleEntry)))
		{
			root = TorchPickle.load(in, source, pid -> storage(pid, storages, source,
				false));
		}
		Map<String, Tensor> tensors = select(root, source);
		Map<String, Integer> uses = uses(tensors);
		Map<String, float[]> values = new HashMap<>();
		StateDict dict = new StateDict();
		for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
			Storage s = (Storage) e.getValue().storage;
			float[] data = values.get(s.key);
			if (data == null) {
				String entry = prefix + "data/" + s.key;
				if (!archive.contains(entry)) throw new IOException(source +
					": tensor " + e.getKey() + " needs storage " + s.key +
					", which the file lacks (" + entry + ")");
				byte[] bytes = archive.bytes(entry);
				if (bytes.length % s.dtype.size != 0) throw new IOException(source +
					": entry " + entry + " holds " + bytes.length +
					" bytes, not a whole number of " + s.dtype.size + "-byte elements");
				data = decode(bytes, 0, bytes.length / s.dtype.size, s.dtype, order,
					source);
				values.put(s.key, data);
			}
			put(dict, e.getKey(), e.getValue(), data, uses, source);
			if (uses.merge(s.key, -1, Integer::sum) == 0) values.remove(s.key);
		}
		return dict;
	}

	/**
	 * Whether {@code start} (a file's first bytes) may begin a legacy torch file:
	 * a pickle PROTO opcode (torch.save writes protocol 2; other pickles are read
	 * as far as needed to refuse them with a reason).
	 */
	static boolean looksLegacy(byte[] start) {
		return start.length >= 2 && (start[0] & 0xff) == 0x80 && start[1] >= 2 &&
			start[1] <= 5;
	}

	/** Reads a file in the legacy (non-zip) format. */
	static StateDict readLegacy(Path file) throws IOException {
		String source = file.toString();
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file),
			1 << 16))
		{
			TorchPickle.Storages none = pid -> {
				throw new IOException(source +
					": malformed legacy header: unexpected storage");
			};
			Object magic = TorchPickle.load(in, source, none);
			if (!LEGACY_MAGIC.equals(magic)) throw new IOException(source +
				" is a pickle but not a PyTorch checkpoint (no torch.save" +
				" magic number); plain pickles are not read");
			Object protocol = TorchPickle.load(in, source, none);
			if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol))
				throw new IOException(source + ": unknown legacy torch.save protocol " +
					protocol);
			Object sysInfo = TorchPickle.load(in, source, none);
			ByteOrder order = ByteOrder.LITTLE_ENDIAN;
			if (sysInfo instanceof Map && Boolean.FALSE.equals(((Map<?, ?>) sysInfo)
				.get("little_endian"))) order = ByteOrder.BIG_ENDIAN;

			Map<String, Storage> storages = new HashMap<>();
			Object root = TorchPickle.load(in, source, pid -> storage(pid, storages,
				source, true));
			Object keys = TorchPickle.load(in, source, none);
			if (!(keys instanceof List)) throw new IOException(source +
				": the list of storage keys is " + TorchPickle.describe(keys));

			Map<String, Tensor> tensors = select(root, source);
			Map<String, Integer> uses = uses(tensors);
			Map<String, float[]> values = new HashMap<>();
			for (Object k : (List<?>) keys) {
				Storage s = k instanceof String ? storages.get(k) : null;
				if (s == null) throw new IOException(source + ": storage " + k +
					" is stored but no tensor names it");
				byte[] count = in.readNBytes(8);
				if (count.length < 8) throw truncated(source, s.key);
				long numel = ByteBuffer.wrap(count).order(order).getLong();
				long bytes = numel * s.dtype.size;
				if (numel < 0 || numel > MAX_ELEMENTS / s.dtype.size)
					throw new IOException(source + ": storage " + s.key + " claims " +
						numel + " elements");
				if (!uses.containsKey(s.key)) {
					skip(in, bytes, source, s.key);
					continue;
				}
				byte[] raw = in.readNBytes((int) bytes);
				if (raw.length < bytes) throw truncated(source, s.key);
				values.put(s.key, decode(raw, 0, (int) numel, s.dtype, order, source));
			}
			StateDict dict = new StateDict();
			for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
				Storage s = (Storage) e.getValue().storage;
				float[] data = values.get(s.key);
				if (data == null) throw new IOException(source + ": tensor " + e
					.getKey() + " needs storage " + s.key + ", which the file lacks");
				put(dict, e.getKey(), e.getValue(), data, uses, source);
			}
			return dict;
		}
	}

	private static void skip(InputStream in, long bytes, String source,
		String key) throws IOException
	{
		for (long left = bytes; left > 0;) {
			long n = in.skip(left);
			if (n <= 0) {
				if (in.read() < 0) throw truncated(source, key);
				n = 1;
			}
			left -= n;
		}
	}

	private static IOException truncated(String source, String key) {
		return new IOException(source + " is truncated: storage " + key +
			" is incomplete");
	}

	/**
	 * A persistent id: {@code ('storage', type, key, location, numel)}, in the
	 * legacy format with a 6th item, the view.
	 */
	private static Storage storage(Tuple pid, Map<String, Storage> storages,
		String source, boolean legacy) throws IOException
	{
		if (pid.size() < 5 || !"storage".equals(pid.get(0)) || !(pid.get(
			2) instanceof String)) throw new IOException(source +
				": unknown persistent id in the pickle (" + pid.size() + " items" + (pid
					.size() > 0 ? ", first " + TorchPickle.describe(pid.get(0)) : "") +
				")");
		Dtype dtype = TorchPickle.storageDtype(pid.get(1), source);
		String key = (String) pid.get(2);
		long offset = 0;
		if (legacy && pid.size() > 5 && pid.get(5) != null) { // (view key, offset,
																													// view size)
			Object view = pid.get(5);
			if (!(view instanceof Tuple) || ((Tuple) view).size() != 3 ||
				!(((Tuple) view).get(1) instanceof Long)) throw new IOException(source +
					": storage " + key + " has a malformed view " + TorchPickle.describe(
						view));
			offset = (Long) ((Tuple) view).get(1);
			if (offset < 0) throw new IOException(source + ": storage view of " +
				key + " starts at " + offset);
		}
		Storage known = storages.get(key);
		if (known != null && known.dtype != dtype) throw new IOException(source +
			": storage " + key + " is named both as " + known.dtype.storageClass +
			" and " + dtype.storageClass);
		if (known == null) storages.put(key, new Storage(key, dtype, 0));
		return offset == 0 ? storages.get(key) : new Storage(key, dtype, offset);
	}

	/**
	 * The tensors of the state_dict in {@code root}: {@code root} itself, or its
	 * {@code state_dict} or {@code model} entry when that is a dict. Step
	 * counters are left out.
	 */
	private static Map<String, Tensor> select(Object root, String source)
		throws IOException
	{
		if (!(root instanceof Map)) throw new IOException(source + " holds " +
			TorchPickle.describe(root) + ", not a state_dict (a dict of tensors)");
		Map<?, ?> dict = (Map<?, ?>) root;
		String where = "the state_dict";
		for (String wrapper : WRAPPERS) {
			if (dict.get(wrapper) instanceof Map) {
				dict = (Map<?, ?>) dict.get(wrapper);
				where = "'" + wrapper + "'";
				break;
			}
		}
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		for (Map.Entry<?, ?> e : dict.entrySet()) {
			if (!(e.getKey() instanceof String)) throw new IOException(source + ": " +
				where + " has a key that is " + TorchPickle.describe(e.getKey()) +
				", not a string");
			String key = (String) e.getKey();
			if (!(e.getValue() instanceof Tensor)) throw new IOException(source +
				": entry '" + key + "' of " + where + " is " + TorchPickle.describe(e
					.getValue()) +
				", not a tensor (expected a state_dict, or a dict holding one under " +
				"'state_dict' or 'model')");
			if (!StateDictImport.isStepCounter(key)) tensors.put(key, (Tensor) e
				.getValue());
		}
		return tensors;
	}

	/** How many of the tensors use each storage. */
	private static Map<String, Integer> uses(Map<String, Tensor> tensors) {
		Map<String, Integer> uses = new HashMap<>();
		for (Tensor t : tensors.values())
			uses.merge(((Storage) t.storage).key, 1, Integer::sum);
		return uses;
	}

	private static float[] decode(byte[] bytes, int offset, int numel,
		Dtype dtype, ByteOrder order, String source) throws IOException
	{
		float[] out = new float[numel];
		dtype.decode(ByteBuffer.wrap(bytes, offset, numel * dtype.size).order(
			order), out, 0, numel);
		return out;
	}

	/**
	 * Adds the tensor as a contiguous array, honouring offset and stride; a
	 * tensor that is the whole of a storage no other tensor uses keeps the
	 * storage's array.
	 */
	private static void put(StateDict dict, String key, Tensor t, float[] storage,
		Map<String, Integer> uses, String source) throws IOException
	{
		Storage s = (Storage) t.storage;
		long offset = s.offset + t.offset;
		int rank = t.size.length;
		long numel = 1, last = offset;
		boolean contiguous = true;
		long expectedStride = 1;
		for (int d = rank - 1; d >= 0; d--) {
			if (t.size[d] < 0 || t.stride[d] < 0) throw new IOException(source +
				": tensor " + key + " has a negative size or stride");
			if (t.size[d] != 1 && t.stride[d] != expectedStride) contiguous = false;
			expectedStride *= t.size[d];
			numel *= t.size[d];
			if (numel > MAX_ELEMENTS) throw new IOException(source + ": tensor " +
				key + " is too large");
			if (t.size[d] > 0) last += (t.size[d] - 1) * t.stride[d];
		}
		if (offset < 0) throw new IOException(source + ": tensor " + key +
			" starts at element " + offset);
		if (numel > storage.length && numel > MAX_BROADCAST) throw new IOException(
			source + ": tensor " + key + " repeats " + storage.length +
				" stored values as " + numel +
				" (a broadcast view); save it with .contiguous()");
		if (numel > 0 && last >= storage.length) throw new IOException(source +
			": tensor " + key + " reaches element " + last + " of storage " + s.key +
			", which holds " + storage.length);
		float[] data;
		if (contiguous && offset == 0 && numel == storage.length && uses.get(
			s.key) == 1) data = storage;
		else {
			data = new float[(int) numel];
			long[] index = new long[rank];
			long pos = offset;
			for (int i = 0; i < numel; i++) {
				data[i] = storage[(int) pos];
				for (int d = rank - 1; d >= 0; d--) {
					pos += t.stride[d];
					if (++index[d] < t.size[d]) break;
					pos -= t.stride[d] * t.size[d];
					index[d] = 0;
				}
			}
		}
		dict.put(key, t.size, data);
	}

}
