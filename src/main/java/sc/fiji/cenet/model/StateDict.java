
package sc.fiji.cenet.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named float tensors in PyTorch layout, keyed as in the reference model's
 * {@code state_dict()} (e.g. {@code encoder2.0.downsample.0.weight}).
 * <p>
 * PyTorch layout is the one canonical layout of this project: model files,
 * {@code .npz} imports and checkpoints all hold it, and only the graph builder
 * converts to TensorFlow layout. Conv2d weights are {@code [out, in, kh, kw]},
 * ConvTranspose2d weights {@code [in, out, kh, kw]}, vectors {@code [C]}; data
 * is flat in C order.
 */
public final class StateDict {

	/** One tensor: shape and C-order values. */
	public static final class Entry {

		private final long[] shape;
		private final float[] data;

		public Entry(long[] shape, float[] data) {
			long n = numel(shape);
			if (n != data.length) throw new IllegalArgumentException("shape " + Arrays
				.toString(shape) + " holds " + n + " values, got " + data.length);
			this.shape = shape.clone();
			this.data = data;
		}

		public long[] shape() {
			return shape.clone();
		}

		/**
		 * The values, not copied: callers must not modify them unless they own the
		 * dict.
		 */
		public float[] data() {
			return data;
		}

		public int rank() {
			return shape.length;
		}
	}

	/**
	 * Takes entries one at a time; an entry's array is valid only during the call
	 * (it may be reused).
	 */
	@FunctionalInterface
	public interface EntrySink {

		void accept(String name, Entry entry) throws java.io.IOException;
	}

	/**
	 * Entries handed out one at a time, in order: e.g. variables read from
	 * TensorFlow a few at a time as they are written to a file, so that no copy
	 * of them all is ever on the heap.
	 */
	@FunctionalInterface
	public interface EntrySource {

		void forEach(EntrySink sink) throws java.io.IOException;
	}

	private final Map<String, Entry> entries = new LinkedHashMap<>();

	/** This dict's entries, in order, as a source. */
	public EntrySource asSource() {
		return sink -> {
			for (Map.Entry<String, Entry> e : entries.entrySet())
				sink.accept(e.getKey(), e.getValue());
		};
	}

	public static long numel(long[] shape) {
		long n = 1;
		for (long d : shape)
			n *= d;
		return n;
	}

	public StateDict put(String name, long[] shape, float[] data) {
		entries.put(name, new Entry(shape, data));
		return this;
	}

	public Entry get(String name) {
		return entries.get(name);
	}

	public boolean contains(String name) {
		return entries.containsKey(name);
	}

	/** Names in insertion order. */
	public Set<String> names() {
		return Collections.unmodifiableSet(entries.keySet());
	}

	public int size() {
		return entries.size();
	}

	/** Deep copy: the values are copied too. */
	public StateDict copy() {
		StateDict c = new StateDict();
		entries.forEach((k, e) -> c.put(k, e.shape, e.data.clone()));
		return c;
	}
}
