
package sc.fiji.cenet.io;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted reader for the pickles {@code torch.save} writes: a small pickle
 * machine that knows only the opcodes a state_dict needs and builds only dicts,
 * lists, tuples, numbers, strings and tensor references. Of the globals a
 * pickle may name, only {@code collections.OrderedDict}, the tensor rebuild
 * functions of {@code torch._utils} and the typed storage classes
 * ({@code torch.FloatStorage}...) are accepted; any other (e.g.
 * {@code os.system}, {@code builtins.eval}, a model class) is refused before
 * anything is built. Nothing named in a file is ever run or instantiated.
 * <p>
 * Values read: {@code null} (None), {@link Boolean}, {@link Long} or
 * {@link BigInteger}, {@link Double}, {@link String}, {@link List} (lists,
 * mutable), {@link Tuple}, {@link Map} (dicts and OrderedDicts, in insertion
 * order), {@link Tensor} and whatever the {@link Storages} callback returns for
 * a persistent id.
 */
final class TorchPickle {

	/**
	 * Resolves a persistent id
	 * ({@code ('storage', type, key, location, numel, ...)}) to a storage.
	 */
	interface Storages {

		Object load(Tuple pid) throws IOException;
	}

	/** A Python tuple. */
	static final class Tuple {

		final List<Object> items;

		Tuple(List<Object> items) {
			this.items = Collections.unmodifiableList(new ArrayList<>(items));
		}

		int size() {
			return items.size();
		}

		Object get(int i) {
			return items.get(i);
		}
	}

	/** The element types of PyTorch's typed storages, by storage class name. */
	enum Dtype {

			FLOAT32("FloatStorage", 4), FLOAT16("HalfStorage", 2), BFLOAT16(
				"BFloat16Storage", 2), FLOAT64("DoubleStorage", 8), INT64("LongStorage",
					8), INT32("IntStorage", 4), INT16("ShortStorage", 2), INT8(
						"CharStorage", 1), UINT8("ByteStorage", 1), BOOL("BoolStorage", 1);

		final String storageClass;
		final int size;

		Dtype(String storageClass, int size) {
			this.storageClass = storageClass;
			this.size = size;
		}

		static Dtype ofStorageClass(String name) {
			for (Dtype t : values())
				if (t.storageClass.equals(name)) return t;
			return null;
		}

		/**
		 * Converts {@code n} elements at the buffer's position to float32 into
		 * {@code out[off..]}.
		 */
		void decode(ByteBuffer b, float[] out, int off, int n) {
			switch (this) {
				case FLOAT32:
					b.asFloatBuffer().get(out, off, n);
					b.position(b.position() + 4 * n);
					break;
				case FLOAT16:
					for (int i = 0; i < n; i++)
						out[off + i] = halfToFloat(b.getShort());
					break;
				case BFLOAT16:
					for (int i = 0; i < n; i++)
						out[off + i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
					break;
				case FLOAT64:
					for (int i = 0; i < n; i++)
						out[off + i] = (float) b.getDouble();
					break;
				case INT64:
					for (int i = 0; i < n; i++)
						out[off + i] = b.getLong();
					break;
				case INT32:
					for (int i = 0; i < n; i++)
						out[off + i] = b.getInt();
					break;
				case INT16:
					for (int i = 0; i < n; i++)
						out[off + i] = b.getShort();
					break;
				case INT8:
					for (int i = 0; i < n; i++)
						out[off + i] = b.get();
					break;
				case UINT8:
					for (int i = 0; i < n; i++)
						out[off + i] = b.get() & 0xff;
					break;
				case BOOL:
					for (int i = 0; i < n; i++)
						out[off + i] = b.get() != 0 ? 1 : 0;
					break;
				default:
					throw new AssertionError(this);
			}
		}

		/** IEEE 754 half precision to float: exact, as every half is a float. */
		static float halfToFloat(short h) {
			int bits = h & 0xffff;
			int sign = bits >>> 15, exponent = (bits >>> 10) & 0x1f, mantissa = bits &
				0x3ff;
			if (exponent == 0) {
				float v = mantissa * 0x1p-24f; // zero or subnormal
				return sign == 0 ? v : -v;
			}
			if (exponent == 0x1f) return Float.intBitsToFloat(sign << 31 |
				0x7f800000 | mantissa << 13);
			return Float.intBitsToFloat(sign << 31 | (exponent + 112) << 23 |
				mantissa << 13);
		}
	}

	/**
	 * A tensor as the pickle describes it: a view (offset, size, stride, in
	 * elements) of a storage.
	 */
	static final class Tensor {

		final Object storage;
		final long offset;
		final long[] size;
		final long[] stride;

		Tensor(Object storage, long offset, long[] size, long[] stride) {
			this.storage = storage;
			this.offset = offset;
			this.size = size;
			this.stride = stride;
		}
	}

	/** The globals a pickle may name, and only these. */
	private enum Global {

			ORDERED_DICT("collections", "OrderedDict"), REBUILD_TENSOR_V2(
				"torch._utils", "_rebuild_tensor_v2"), REBUILD_TENSOR("torch._utils",
					"_rebuild_tensor"), REBUILD_PARAMETER("torch._utils",
						"_rebuild_parameter"), STORAGE_TYPE("torch", null);

		final String module, name;

		Global(String module, String name) {
			this.module = module;
			this.name = name;
		}
	}

	/**
	 * A global on the stack: which one, and for storage classes the element type.
	 */
	private static final class GlobalRef {

		final Global global;
		final Dtype dtype;

		GlobalRef(Global global, Dtype dtype) {
			this.global = global;
			this.dtype = dtype;
		}
	}

	private static final int HIGHEST_PROTOCOL = 5;
	/** Longest string accepted: keys and storage names are short. */
	private static final int MAX_STRING = 1 << 20;

	private final InputStream in;
	private final String source;
	private final Storages storages;
	private final List<Object> stack = new ArrayList<>();
	private final List<Integer> marks = new ArrayList<>();
	private final Map<Long, Object> memo = new HashMap<>();
	private long position;

	private TorchPickle(InputStream in, String source, Storages storages) {
		this.in = in;
		this.source = source;
		this.storages = storages;
	}

	/**
	 * Reads one pickle from {@code in}, leaving the stream after its STOP opcode
	 * (several pickles may follow each other, as in the legacy format).
	 *
	 * @param source the file, for messages
	 * @throws IOException naming {@code source}: a refused global, an unsupported
	 *           opcode, malformed or truncated data
	 */
	static Object load(InputStream in, String source, Storages storages)
		throws IOException
	{
		return new TorchPickle(in, source, storages).run();
	}

	/**
	 * The element type of a storage class named in a persistent id, or an
	 * exception naming what it is.
	 */
	static Dtype storageDtype(Object type, String source) throws IOException {
		if (type instanceof GlobalRef &&
			((GlobalRef) type).global == Global.STORAGE_TYPE)
			return ((GlobalRef) type).dtype;
		throw new IOException(source + ": a storage's type is " + describe(type) +
			", not a torch storage class");
	}

	/** What a value is, in Python's words, for messages. */
	static String describe(Object v) {
		if (v == null) return "None";
		if (v instanceof Boolean) return "a bool";
		if (v instanceof Long || v instanceof BigInteger) return "an int";
		if (v instanceof Double) return "a float";
		if (v instanceof String) return "a string";
		if (v instanceof List) return "a list";
		if (v instanceof Tuple) return "a tuple";
		if (v instanceof Map) return "a dict";
		if (v instanceof Tensor) return "a tensor";
		if (v instanceof GlobalRef) {
			GlobalRef g = (GlobalRef) v;
			return "'" + g.global.module + "." + (g.dtype != null
				? g.dtype.storageClass : g.global.name) + "'";
		}
		return "a storage";
	}

	private Object run() throws IOException {
		while (true) {
			long at = position;
			int op = read();
			switch (op) {
				case 0x80: { // PROTO
					int protocol = read();
					if (protocol > HIGHEST_PROTOCOL) throw malformed("pickle protocol " +
						protocol + " is unknown", at);
					break;
				}
				case 0x95:
					bytes(8);
					break; // FRAME: a length hint only
				case '(':
					marks.add(stack.size());
					break; // MARK
				case '.': { // STOP
					Object result = pop(at);
					if (!stack.isEmpty() || !marks.isEmpty()) throw malformed(
						"values left on the stack at STOP", at);
					return result;
				}
				case 'N':
					push(null);
					break;
				case 0x88:
					push(Boolean.TRUE);
					break;
				case 0x89:
					push(Boolean.FALSE);
					break;
				case 'J':
					push((long) le(bytes(4)).getInt());
					break; // BININT
				case 'K':
					push((long) read());
					break; // BININT1
				case 'M':
					push((long) (le(bytes(2)).getShort() & 0xffff));
					break; // BININT2
				case 0x8a:
					push(longValue(bytes(read())));
					break; // LONG1
				case 0x8b:
					push(longValue(bytes(length(le(bytes(4)).getInt() & 0xffffffffL,
						at))));
					break; // LONG4
				case 'G':
					push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN)
						.getDouble());
					break; // BINFLOAT
				case 'X':
					push(string(le(bytes(4)).getInt() & 0xffffffffL, at));
					break; // BINUNICODE
				case 0x8c:
					push(string(read(), at));
					break; // SHORT_BINUNICODE
				case 0x8d:
					push(string(le(bytes(8)).getLong(), at));
					break; // BINUNICODE8
				case 'U':
					push(byteString(read(), at));
					break; // SHORT_BINSTRING: a Python 2 str
				case 'T':
					push(byteString(le(bytes(4)).getInt() & 0xffffffffL, at));
					break; // BINSTRING
				case '}':
					push(new LinkedHashMap<Object, Object>());
					break; // EMPTY_DICT
				case ']':
					push(new ArrayList<Object>());
					break; // EMPTY_LIST
				case ')':
					push(new Tuple(List.of()));
					break; // EMPTY_TUPLE
				case 0x85:
					push(new Tuple(popN(1, at)));
					break; // TUPLE1
				case 0x86:
					push(new Tuple(popN(2, at)));
					break; // TUPLE2
				case 0x87:
					push(new Tuple(popN(3, at)));
					break; // TUPLE3
				case 't':
					push(new Tuple(popMark(at)));
					break; // TUPLE
				case 'l':
					push(new ArrayList<>(popMark(at)));
					break; // LIST
				case 'd': { // DICT
					Map<Object, Object> d = new LinkedHashMap<>();
					setItems(d, popMark(at), at);
					push(d);
					break;
				}
				case 'q':
					memo.put((long) read(), top(at));
					break; // BINPUT
				case 'r':
					memo.put(le(bytes(4)).getInt() & 0xffffffffL, top(at));
					break; // LONG_BINPUT
				case 0x94:
					memo.put((long) memo.size(), top(at));
					break; // MEMOIZE
				case 'h':
					push(memo(read(), at));
					break; // BINGET
				case 'j':
					push(memo(le(bytes(4)).getInt() & 0xffffffffL, at));
					break; // LONG_BINGET
				case 'c':
					push(global(line(at), line(at), at));
					break; // GLOBAL
				case 0x93: { // STACK_GLOBAL
					Object name = pop(at), module = pop(at);
					if (!(module instanceof String) || !(name instanceof String))
						throw malformed("STACK_GLOBAL needs two strings", at);
					push(global((String) module, (String) name, at));
					break;
				}
				case 'R': { // REDUCE
					Object args = pop(at), func = pop(at);
					push(call(func, args, at));
					break;
				}
				case 0x81: { // NEWOBJ: only OrderedDict is a class we build
					Object args = pop(at), cls = pop(at);
					if (!(cls instanceof GlobalRef) ||
						((GlobalRef) cls).global != Global.ORDERED_DICT) throw malformed(
							"cannot instantiate " + describe(cls), at);
					push(call(cls, args, at));
					break;
				}
				case 'b': { // BUILD: an OrderedDict's attributes (a state_dict's
										// _metadata) are dropped
					Object state = pop(at), target = top(at);
					if (!(target instanceof Map)) throw malformed(
						"cannot set the state of " + describe(target), at);
					if (state != null && !(state instanceof Map) &&
						!(state instanceof Tuple)) throw malformed("BUILD with " + describe(
							state), at);
					break;
				}
				case 's': { // SETITEM
					Object value = pop(at), key = pop(at);
					setItems(dict(top(at), at), List.of(key, value), at);
					break;
				}
				case 'u': { // SETITEMS
					List<Object> items = popMark(at);
					setItems(dict(top(at), at), items, at);
					break;
				}
				case 'a': { // APPEND
					Object value = pop(at);
					list(top(at), at).add(value);
					break;
				}
				case 'e': { // APPENDS
					List<Object> items = popMark(at);
					list(top(at), at).addAll(items);
					break;
				}
				case 'Q': { // BINPERSID
					Object pid = pop(at);
					if (!(pid instanceof Tuple)) throw malformed("persistent id is " +
						describe(pid) + ", not a tuple", at);
					push(storages.load((Tuple) pid));
					break;
				}
				default:
					throw new IOException(source + ": unsupported pickle opcode 0x" +
						Integer.toHexString(op) + " at byte " + at +
						" (not a state_dict written by torch.save?)");
			}
		}
	}

	private Object global(String module, String name, long at)
		throws IOException
	{
		for (Global g : Global.values())
			if (g.module.equals(module) && name.equals(g.name)) return new GlobalRef(
				g, null);
		if (module.equals(Global.STORAGE_TYPE.module)) {
			Dtype dtype = Dtype.ofStorageClass(name);
			if (dtype != null) return new GlobalRef(Global.STORAGE_TYPE, dtype);
		}
		throw new IOException(source + ": refuses to load '" + module + " " + name +
			"': a checkpoint may only hold tensors and dicts" + (isModuleClass(module,
				name)
					? "; this looks like a whole model saved with torch.save(model), which needs its Python code: " +
						"save torch.save(model.state_dict(), path) instead" : ""));
	}

	/**
	 * A network class (torch.nn's, or a user's: a capitalised name), as
	 * torch.save(model) pickles it.
	 */
	private static boolean isModuleClass(String module, String name) {
		return module.startsWith("torch.nn") || module.equals("__main__") || !name
			.isEmpty() && Character.isUpperCase(name.charAt(0)) && !module.startsWith(
				"posix") && !module.startsWith("os") && !module.startsWith(
					"builtins") && !module.startsWith("subprocess");
	}

	private Object call(Object func, Object argsValue, long at)
		throws IOException
	{
		if (!(func instanceof GlobalRef)) throw malformed("cannot call " + describe(
			func), at);
		if (!(argsValue instanceof Tuple)) throw malformed("arguments are " +
			describe(argsValue) + ", not a tuple", at);
		Tuple args = (Tuple) argsValue;
		GlobalRef g = (GlobalRef) func;
		switch (g.global) {
			case ORDERED_DICT: {
				Map<Object, Object> d = new LinkedHashMap<>();
				if (args.size() > 1) throw malformed("OrderedDict with " + args.size() +
					" arguments", at);
				if (args.size() == 1) {
					if (!(args.get(0) instanceof List)) throw malformed(
						"OrderedDict of " + describe(args.get(0)), at);
					for (Object pair : (List<?>) args.get(0)) {
						List<Object> kv = pair instanceof Tuple ? ((Tuple) pair).items
							: pair instanceof List ? castList(pair) : null;
						if (kv == null || kv.size() != 2) throw malformed(
							"OrderedDict item is " + describe(pair) + ", not a pair", at);
						setItems(d, kv, at);
					}
				}
				return d;
			}
			case REBUILD_TENSOR_V2: // (storage, offset, size, stride, requires_grad,
															// backward_hooks[, metadata])
				if (args.size() < 4 || args.size() > 7) throw malformed(
					"_rebuild_tensor_v2 with " + args.size() + " arguments", at);
				return tensor(args, at);
			case REBUILD_TENSOR: // (storage, offset, size, stride)
				if (args.size() != 4) throw malformed("_rebuild_tensor with " + args
					.size() + " arguments", at);
				return tensor(args, at);
			case REBUILD_PARAMETER: // (data, requires_grad, backward_hooks)
				if (args.size() != 3 || !(args.get(0) instanceof Tensor))
					throw malformed(
						"_rebuild_parameter needs a tensor and 2 more arguments", at);
				return args.get(0);
			default:
				throw malformed("cannot call " + describe(func), at);
		}
	}

	private Tensor tensor(Tuple args, long at) throws IOException {
		Object storage = args.get(0);
		if (storage == null || storage instanceof Tensor ||
			storage instanceof GlobalRef || storage instanceof String ||
			storage instanceof Number || storage instanceof Map ||
			storage instanceof List || storage instanceof Tuple) throw malformed(
				"tensor over " + describe(storage) + ", not a storage", at);
		if (!(args.get(1) instanceof Long)) throw malformed("tensor offset is " +
			describe(args.get(1)), at);
		long[] size = longs(args.get(2), "size", at), stride = longs(args.get(3),
			"stride", at);
		if (size.length != stride.length) throw malformed("tensor with " +
			size.length + " sizes but " + stride.length + " strides", at);
		return new Tensor(storage, (Long) args.get(1), size, stride);
	}

	private long[] longs(Object tuple, String what, long at) throws IOException {
		if (!(tuple instanceof Tuple)) throw malformed("tensor " + what + " is " +
			describe(tuple) + ", not a tuple", at);
		Tuple t = (Tuple) tuple;
		long[] out = new long[t.size()];
		for (int i = 0; i < out.length; i++) {
			if (!(t.get(i) instanceof Long)) throw malformed("tensor " + what +
				" holds " + describe(t.get(i)), at);
			out[i] = (Long) t.get(i);
		}
		return out;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> castList(Object list) {
		return (List<Object>) list;
	}

	private void setItems(Map<Object, Object> d, List<Object> items, long at)
		throws IOException
	{
		if (items.size() % 2 != 0) throw malformed("odd number of dict items", at);
		for (int i = 0; i < items.size(); i += 2) {
			Object key = items.get(i);
			if (key != null && !(key instanceof String) && !(key instanceof Long) &&
				!(key instanceof Boolean) && !(key instanceof Double)) throw malformed(
					"dict key is " + describe(key), at);
			d.put(key, items.get(i + 1));
		}
	}

	@SuppressWarnings("unchecked")
	private Map<Object, Object> dict(Object v, long at) throws IOException {
		if (!(v instanceof Map)) throw malformed("setting items of " + describe(v),
			at);
		return (Map<Object, Object>) v;
	}

	private List<Object> list(Object v, long at) throws IOException {
		if (!(v instanceof List)) throw malformed("appending to " + describe(v),
			at);
		return castList(v);
	}

	private static Object longValue(byte[] littleEndian) {
		if (littleEndian.length == 0) return 0L;
		byte[] big = new byte[littleEndian.length];
		for (int i = 0; i < big.length; i++)
			big[i] = littleEndian[big.length - 1 - i];
		BigInteger v = new BigInteger(big);
		return v.bitLength() < 64 ? (Object) v.longValue() : v;
	}

	private String string(long length, long at) throws IOException {
		if (length > MAX_STRING) throw malformed("string of " + length + " bytes",
			at);
		return new String(bytes((int) length), StandardCharsets.UTF_8);
	}

	/**
	 * A Python 2 {@code str}, as old PyTorch versions under Python 2 wrote keys:
	 * bytes, read as Latin-1.
	 */
	private String byteString(long length, long at) throws IOException {
		if (length > MAX_STRING) throw malformed("string of " + length + " bytes",
			at);
		return new String(bytes((int) length), StandardCharsets.ISO_8859_1);
	}

	private int length(long length, long at) throws IOException {
		if (length > MAX_STRING) throw malformed("number of " + length + " bytes",
			at);
		return (int) length;
	}

	private String line(long at) throws IOException {
		StringBuilder s = new StringBuilder();
		for (int c = read(); c != '\n'; c = read()) {
			if (s.length() > 256) throw malformed("global name too long", at);
			s.append((char) c);
		}
		return s.toString();
	}

	private Object memo(long index, long at) throws IOException {
		if (!memo.containsKey(index)) throw malformed("memo " + index +
			" is not set", at);
		return memo.get(index);
	}

	private void push(Object v) {
		stack.add(v);
	}

	private Object top(long at) throws IOException {
		if (stack.size() <= floor()) throw malformed("stack underflow", at);
		return stack.get(stack.size() - 1);
	}

	private Object pop(long at) throws IOException {
		Object v = top(at);
		stack.remove(stack.size() - 1);
		return v;
	}

	private List<Object> popN(int n, long at) throws IOException {
		if (stack.size() - n < floor()) throw malformed("stack underflow", at);
		List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack
			.size()));
		stack.subList(stack.size() - n, stack.size()).clear();
		return items;
	}

	private List<Object> popMark(long at) throws IOException {
		if (marks.isEmpty()) throw malformed("no MARK", at);
		int mark = marks.remove(marks.size() - 1);
		List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
		stack.subList(mark, stack.size()).clear();
		return items;
	}

	/** Values below the innermost MARK belong to an outer construct. */
	private int floor() {
		return marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
	}

	private int read() throws IOException {
		int b = in.read();
		if (b < 0) throw new IOException(source +
			" is truncated: the pickle ends at byte " + position);
		position++;
		return b;
	}

	private byte[] bytes(int n) throws IOException {
		byte[] b = in.readNBytes(n);
		if (b.length < n) throw new IOException(source +
			" is truncated: the pickle ends at byte " + (position + b.length));
		position += n;
		return b;
	}

	private static ByteBuffer le(byte[] b) {
		return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
	}

	private IOException malformed(String detail, long at) {
		return new IOException(source + ": malformed pickle at byte " + at + ": " +
			detail);
	}

}
