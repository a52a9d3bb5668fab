
package sc.fiji.cenet.data;

import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One part {@code K/N} of a sorted file list, for job arrays: part K of N takes
 * the K-th of N contiguous blocks whose sizes differ by at most one
 * ({@code floor((K-1) n / N)} up to {@code floor(K n / N)}). The split depends
 * only on the list, so every node of a cluster computes the same one, and the
 * blocks, concatenated in order 1..N, are the whole list in its order (which
 * lets a merge rebuild an unsharded result). {@code 1/1} (or an empty value) is
 * the whole list.
 */
public final class Shard {

	/** The whole list. */
	public static final Shard ALL = new Shard(1, 1);

	/** {@code K/N}, spaces allowed around the numbers. */
	private static final Pattern FORMAT = Pattern.compile(
		"\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

	private final int index, count;

	/**
	 * @param index K, 1..count
	 * @param count N, at least 1
	 */
	public Shard(final int index, final int count) {
		if (count < 1 || index < 1 || index > count)
			throw new IllegalArgumentException("a shard K/N needs 1 <= K <= N, not " +
				index + "/" + count);
		this.index = index;
		this.count = count;
	}

	/**
	 * Parses {@code K/N}; null or blank is {@link #ALL}.
	 *
	 * @param key how messages name the value, e.g. "shard"
	 * @throws IllegalArgumentException naming the key and the value
	 */
	public static Shard parse(final String value, final String key) {
		if (value == null || value.trim().isEmpty()) return ALL;
		final Matcher m = FORMAT.matcher(value);
		if (!m.matches()) throw new IllegalArgumentException(key +
			" must be K/N, part K of N (e.g. 3/8; 1/1 = all), not '" + value + "'");
		final int k = Integer.parseInt(m.group(1)), n = Integer.parseInt(m.group(
			2));
		if (n < 1) throw new IllegalArgumentException(key + " " + value.trim() +
			": N must be at least 1");
		if (k < 1 || k > n) throw new IllegalArgumentException(key + " " + value
			.trim() + ": K must lie in 1.." + n);
		return new Shard(k, n);
	}

	/** K, 1..N. */
	public int index() {
		return index;
	}

	/** N. */
	public int count() {
		return count;
	}

	public boolean isAll() {
		return count == 1;
	}

	/**
	 * First position (inclusive) of this part in a list of {@code size} items.
	 */
	public int start(final int size) {
		return (int) ((long) (index - 1) * size / count);
	}

	/** Last position (exclusive) of this part in a list of {@code size} items. */
	public int end(final int size) {
		return (int) ((long) index * size / count);
	}

	/**
	 * This part of a list (a view; empty when N exceeds the list's size and K
	 * falls between).
	 */
	public <T> List<T> select(final List<T> all) {
		if (isAll()) return all;
		return Collections.unmodifiableList(all.subList(start(all.size()), end(all
			.size())));
	}

	/** {@code shard-K-of-N}, for file names. */
	public String fileTag() {
		return "shard-" + index + "-of-" + count;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Shard && ((Shard) o).index == index &&
			((Shard) o).count == count;
	}

	@Override
	public int hashCode() {
		return index * 31 + count;
	}

	/** {@code K/N}. */
	@Override
	public String toString() {
		return index + "/" + count;
	}
}
