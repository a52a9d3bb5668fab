
package sc.fiji.cenet.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

public class ShardTest {

	@Test
	public void partsAreBalancedContiguousAndCoverTheListInOrder() {
		for (int size = 0; size <= 13; size++)
			for (int n = 1; n <= 6; n++) {
				final List<Integer> all = new ArrayList<>();
				for (int i = 0; i < size; i++)
					all.add(i);
				final List<Integer> joined = new ArrayList<>();
				for (int k = 1; k <= n; k++) {
					final List<Integer> part = new Shard(k, n).select(all);
					assertTrue(size + " in " + n + ": " + part.size(), part
						.size() == size / n || part.size() == size / n + 1);
					joined.addAll(part);
				}
				assertEquals(all, joined);
			}
	}

	@Test
	public void examples() {
		final List<String> files = Arrays.asList("a", "b", "c", "d", "e", "f", "g");
		assertEquals(Arrays.asList("a", "b", "c"), Shard.parse("1/2", "shard")
			.select(files));
		assertEquals(Arrays.asList("d", "e", "f", "g"), Shard.parse("2/2", "shard")
			.select(files));
		assertEquals(Arrays.asList("c", "d"), Shard.parse(" 2 / 3 ", "shard")
			.select(files));
		assertEquals(files, Shard.parse("1/1", "shard").select(files));
		assertEquals(Shard.ALL, Shard.parse("", "shard"));
		assertEquals(Shard.ALL, Shard.parse(null, "shard"));
		assertEquals("shard-3-of-8", Shard.parse("3/8", "shard").fileTag());
		assertEquals("3/8", Shard.parse("3/8", "shard").toString());
	}

	@Test
	public void badValuesNameTheKey() {
		bad("0/4", "shard 0/4: K must lie in 1..4");
		bad("5/4", "shard 5/4: K must lie in 1..4");
		bad("1/0", "shard 1/0: N must be at least 1");
		for (final String v : new String[] { "3", "a/b", "-1/4", "1/4/2", "1.5/4",
			"1 of 4" })
			bad(v, "shard must be K/N, part K of N (e.g. 3/8; 1/1 = all), not '" + v +
				"'");
	}

	private static void bad(final String value, final String message) {
		try {
			Shard.parse(value, "shard");
			fail(value);
		}
		catch (final IllegalArgumentException e) {
			assertEquals(message, e.getMessage());
		}
	}
}
