
package sc.fiji.cenet.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

public class VariableSetTest {

	/**
	 * Variables of 3, 5, 2 x 2 x 1 x 1 (4-D: stored in TF layout), 7 and 1
	 * floats.
	 */
	private static final long[][] SHAPES = { { 3 }, { 5 }, { 2, 2, 1, 1 }, { 7 },
		{ 1 } };

	private static StateDict values(int seed) {
		StateDict d = new StateDict();
		for (int i = 0; i < SHAPES.length; i++) {
			float[] v = new float[(int) StateDict.numel(SHAPES[i])];
			for (int j = 0; j < v.length; j++)
				v[j] = seed * 100 + i * 10 + j;
			d.put("v" + i, SHAPES[i], v);
		}
		return d;
	}

	@Test
	public void loadsInChunksOfAnySizeAndZeroes() {
		try (Graph g = TfRuntime.newGraph()) {
			VariableSet set = new VariableSet(Ops.create(g));
			for (int i = 0; i < SHAPES.length; i++)
				set.add("v" + i, SHAPES[i]);
			try (Session s = new Session(g)) {
				// chunks smaller than one variable (7 > 6), of several variables, of
				// exactly one, of all
				for (long chunk : new long[] { 1, 6, 7, 1000 }) {
					StateDict want = values((int) chunk);
					List<String> asked = new ArrayList<>();
					set.load(s, want.names(), n -> {
						asked.add(n);
						return want.get(n);
					}, chunk);
					assertEquals("each value asked for once, in order", new ArrayList<>(
						want.names()), asked);
					StateDict got = set.read(s, null);
					for (String n : want.names())
						assertArrayEquals(n + " chunk " + chunk, want.get(n).data(), got
							.get(n).data(), 0);
				}
				set.load(s, Collections.emptyList(), n -> {
					throw new AssertionError(n);
				}, 4);
				set.zero(s);
				for (StateDict.Entry e : Arrays.asList(set.read(s, null).get("v2"), set
					.read(s, null).get("v3")))
					for (float v : e.data())
						assertEquals(0f, v, 0);
			}
		}
	}

	/**
	 * Reading into a sink gives what read() gives, in order and in PyTorch
	 * layout, in arrays that are reused for the next value of their length (so
	 * the sink must copy what it keeps).
	 */
	@Test
	public void readsIntoASinkThroughReusedArrays() throws Exception {
		long[][] shapes = { { 3 }, { 3 }, { 2, 3, 1, 1 }, { 3, 2, 1, 1 }, { 2, 3, 1,
			1 } };
		try (Graph g = TfRuntime.newGraph()) {
			VariableSet set = new VariableSet(Ops.create(g));
			StateDict want = new StateDict();
			for (int i = 0; i < shapes.length; i++) {
				set.add("w" + i, shapes[i]);
				float[] v = new float[(int) StateDict.numel(shapes[i])];
				for (int j = 0; j < v.length; j++)
					v[j] = i * 10 + j;
				want.put("w" + i, shapes[i], v);
			}
			try (Session s = new Session(g)) {
				set.load(s, want);
				List<String> order = new ArrayList<>();
				List<float[]> arrays = new ArrayList<>();
				set.read(s, null, (name, e) -> {
					order.add(name);
					arrays.add(e.data());
					assertArrayEquals(name, want.get(name).shape(), e.shape());
					assertArrayEquals(name, want.get(name).data(), e.data(), 0);
				});
				assertEquals(new ArrayList<>(want.names()), order);
				assertSame("w1 reuses w0's array", arrays.get(0), arrays.get(1));
				assertSame("w3 reuses w2's array", arrays.get(2), arrays.get(3));
				assertSame("w4 reuses it again", arrays.get(2), arrays.get(4));
				assertArrayEquals("read() copies", want.get("w2").data(), set.read(s,
					null).get("w2").data(), 0);
			}
		}
	}
}
