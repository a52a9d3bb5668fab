
package sc.fiji.cenet.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

import sc.fiji.cenet.PropertiesWhile;

/**
 * An inference session with fixed filters (oneDNN keeps the filters it
 * reordered at the first run) gives what the plain, unfolded graph gives, also
 * when later runs change the batch and the image size, and the same again when
 * a size comes back.
 */
public class FixedFilterInferenceTest {

	private static final CENetConfig CONFIG = new CENetConfig(3, 1);

	@Test
	public void sizeChangesWithinOneSessionKeepTheResults() {
		StateDict w = WeightInit.random(CONFIG, 3);
		Random rnd = new Random(5);
		// batch norm statistics that fold into something other than the identity
		for (String name : w.names()) {
			float[] v = w.get(name).data();
			if (name.endsWith("running_var")) for (int i = 0; i < v.length; i++)
				v[i] = 0.5f + rnd.nextFloat();
			else if (name.endsWith("running_mean")) for (int i = 0; i < v.length; i++)
				v[i] = 0.2f * (float) rnd.nextGaussian();
		}
		int[][] runs = { { 1, 192, 192 }, { 2, 224, 256 }, { 1, 192, 192 } };
		float[][] inputs = new float[runs.length][], logits =
			new float[runs.length][];
		for (int i = 0; i < 2; i++) {
			inputs[i] = new float[runs[i][0] * runs[i][1] * runs[i][2] * 3];
			for (int j = 0; j < inputs[i].length; j++)
				inputs[i][j] = (float) rnd.nextGaussian();
		}
		inputs[2] = inputs[0];
		try (CENetInference fixed = CENetInference.withFixedFilters(CONFIG, w);
				CENetInference plain = new CENetInference(CONFIG, w,
					CENetGraph.Mode.INFERENCE, false))
		{
			for (int i = 0; i < runs.length; i++) {
				int n = runs[i][0], h = runs[i][1], wd = runs[i][2];
				float[] a = fixed.logits(inputs[i], n, h, wd), b = plain.logits(
					inputs[i], n, h, wd);
				double scale = 0, worst = 0;
				for (float v : b)
					scale = Math.max(scale, Math.abs(v));
				for (int j = 0; j < a.length; j++)
					worst = Math.max(worst, Math.abs(a[j] - b[j]));
				assertEquals(n + "x" + h + "x" + wd +
					": largest logit difference relative to the largest logit", 0, worst /
						scale, 1e-5);
				logits[i] = a;
			}
		}
		assertArrayEquals("the first size again, after another", logits[0],
			logits[2], 0f);
	}

	/**
	 * The head (final transposed conv and the two full-resolution convs) a few
	 * images at a time where the filters are fixed: one transposed conv per
	 * group, and the logits of the whole head, for batches of one (groups left
	 * empty), three (uneven groups) and five, with one class and with two (whose
	 * last conv is oneDNN's, which answers an empty batch with the wrong
	 * channels).
	 */
	@Test
	public void headByImagesGivesTheWholeHeadsLogits() {
		checkHeadByImages(CONFIG, new int[][] { { 1, 192, 192 }, { 3, 192, 224 }, {
			5, 192, 192 } });
		checkHeadByImages(new CENetConfig(3, 2), new int[][] { { 1, 192, 192 }, { 3,
			192, 192 } });
	}

	/**
	 * {@code -Dcenet.headGroups}: 4 unless set, a whole number from 1, else one
	 * line naming the key.
	 */
	@Test
	public void headGroupsAreAWholeNumberFromOne() {
		assertEquals(4, (int) PropertiesWhile.built("cenet.headGroups=4",
			CENetGraph::headGroups));
		String before = System.clearProperty("cenet.headGroups");
		try {
			assertEquals("by default", 4, CENetGraph.headGroups());
		}
		finally {
			if (before != null) System.setProperty("cenet.headGroups", before);
		}
		assertEquals(1, (int) PropertiesWhile.built("cenet.headGroups=1",
			CENetGraph::headGroups));
		for (String bad : new String[] { "0", "-2", "two" }) {
			IllegalArgumentException e = org.junit.Assert.assertThrows(
				IllegalArgumentException.class, () -> PropertiesWhile.built(
					"cenet.headGroups=" + bad, CENetGraph::headGroups));
			assertEquals("-Dcenet.headGroups=" + bad + ": use a whole number from 1",
				e.getMessage());
		}
	}

	private static void checkHeadByImages(CENetConfig config, int[][] runs) {
		StateDict w = WeightInit.random(config, 4);
		Random rnd = new Random(6);
		try (CENetInference whole = PropertiesWhile.built("cenet.headGroups=1",
			() -> CENetInference.withFixedFilters(config, w)))
		{
			int wholeDeconvs = GraphOpTypes.count(whole.graph(),
				"Conv2DBackpropInput");
			for (int groups : new int[] { 2, 4 }) {
				try (CENetInference split = PropertiesWhile.built("cenet.headGroups=" +
					groups, () -> CENetInference.withFixedFilters(config, w)))
				{
					assertEquals(groups + " groups: transposed convs", wholeDeconvs +
						groups - 1, GraphOpTypes.count(split.graph(),
							"Conv2DBackpropInput"));
					for (int[] run : runs) {
						int n = run[0], h = run[1], wd = run[2];
						float[] x = new float[n * h * wd * 3];
						for (int j = 0; j < x.length; j++)
							x[j] = (float) rnd.nextGaussian();
						float[] a = split.logits(x, n, h, wd), b = whole.logits(x, n, h,
							wd);
						assertEquals("logits", b.length, a.length);
						double scale = 0, worst = 0;
						for (float v : b)
							scale = Math.max(scale, Math.abs(v));
						for (int j = 0; j < a.length; j++)
							worst = Math.max(worst, Math.abs(a[j] - b[j]));
						assertEquals(config.classes() + " classes, " + groups +
							" groups, " + n + "x" + h + "x" + wd +
							": largest logit difference relative to the largest logit", 0,
							worst / scale, 1e-6);
					}
				}
			}
		}
	}
}
