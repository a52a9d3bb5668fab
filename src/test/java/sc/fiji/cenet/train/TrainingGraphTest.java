
package sc.fiji.cenet.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.Collections;
import java.util.Random;

import org.junit.Test;

import sc.fiji.cenet.PropertiesWhile;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.ConvAsConv3d;
import sc.fiji.cenet.model.GraphOpTypes;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.WeightInit;

public class TrainingGraphTest {

	/** A disc on a noisy background: learnable in a few steps. */
	static float[][] discBatch(int n, int s, long seed) {
		Random r = new Random(seed);
		float[] img = new float[n * s * s], tgt = new float[n * s * s];
		for (int b = 0; b < n; b++) {
			double cx = s * (0.3 + 0.4 * r.nextDouble()), cy = s * (0.3 + 0.4 * r
				.nextDouble()), rad = s * 0.2;
			for (int y = 0; y < s; y++)
				for (int x = 0; x < s; x++) {
					int i = (b * s + y) * s + x;
					boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) < rad * rad;
					tgt[i] = in ? 1 : 0;
					img[i] = (in ? 0.8f : -0.8f) + 0.3f * (float) r.nextGaussian();
				}
		}
		float[] w = new float[n * s * s];
		java.util.Arrays.fill(w, 1f);
		return new float[][] { img, tgt, w };
	}

	/**
	 * One NaN anywhere, a running statistic included, is seen: a step's loss is
	 * that of the weights before it.
	 */
	@Test
	public void weightsFiniteSeesOneNaN() {
		CENetConfig config = new CENetConfig(1, 1);
		StateDict init = WeightInit.random(config, 7);
		try (TrainingGraph g = new TrainingGraph(config, LossKind.DICE_BCE,
			Collections.emptySet(), false, 1))
		{
			g.initialize(init);
			assertTrue(g.weightsFinite());
			for (String name : new String[] { "finalconv3.bias",
				"firstbn.running_var" })
			{
				StateDict damaged = init.copy();
				damaged.get(name).data()[0] = Float.NaN;
				g.initialize(damaged);
				assertFalse(name, g.weightsFinite());
			}
			g.initialize(init);
			assertTrue(g.weightsFinite());
		}
	}

	@Test
	public void initializeLoadsEveryWeightExactlyAndClearsTheMoments() {
		CENetConfig config = new CENetConfig(1, 1);
		StateDict init = WeightInit.random(config, 7);
		float[][] b = discBatch(1, 192, 3);
		try (TrainingGraph g = new TrainingGraph(config, LossKind.DICE_BCE,
			Collections.emptySet(), false, 1))
		{
			// twice: the second initialize must clear the moments the step left
			for (int round = 0; round < 2; round++) {
				g.initialize(init);
				StateDict loaded = g.weights(); // ~21 M floats: loaded over several
																				// chunked runs
				for (String name : init.names())
					assertArrayEquals(name, init.get(name).data(), loaded.get(name)
						.data(), 0);
				StateDict moments = g.optimizerState();
				for (String name : moments.names())
					for (float v : moments.get(name).data())
						assertEquals(name, 0f, v, 0);
				g.step(b[0], b[1], b[2], 1, 192, 192, 1e-3, 1);
			}
			boolean moved = false;
			for (float v : g.optimizerState().get("adam_m/finalconv3.weight").data())
				moved |= v != 0;
			assertTrue("the step must have set the moments", moved);
		}
	}

	/**
	 * A graph for steps of one image, its convs as Conv3D (where measured faster;
	 * forced here), validates and trains as the Conv2D graph: the same
	 * probabilities and first loss up to the forward pass's rounding, and losses
	 * that stay together over the next steps. Not the weights themselves: at 192
	 * x 192 the deepest layers' gradients are about Adam's epsilon, where the
	 * rounding of either form moves half of their weights apart by up to 2 lr in
	 * the first step (Conv2D against itself: the same to the bit).
	 * LayerGradientTest checks the gradient itself. Two Conv3D runs are the same
	 * to the bit (identical runs give identical models). A graph for two images
	 * keeps Conv2D.
	 */
	@Test
	public void stepsOfOneImageAsConv3dTrainAsConv2d() {
		assumeConv3dGradient();
		CENetConfig config = new CENetConfig(1, 1);
		StateDict init = WeightInit.random(config, 5);
		float[][] b = discBatch(1, 192, 6);
		// Conv2D, Conv3D, Conv3D again
		float[][] losses = new float[3][4];
		float[][] probabilities = new float[3][];
		for (int k = 0; k < 3; k++) {
			boolean conv3d = k > 0;
			try (TrainingGraph g = PropertiesWhile.built("cenet.batchOfOneConv3d=" +
				conv3d + ",cenet.filterGradientTaps=false", () -> new TrainingGraph(
					config, LossKind.DICE_BCE, Collections.emptySet(), false, 1)))
			{
				assertEquals("the training branch's convs as Conv3D views", conv3d,
					gradientsOfViews(g.graph()));
				g.initialize(init);
				probabilities[k] = g.evaluate(b[0], b[1], b[2], 1, 192,
					192).probabilities;
				for (int s = 0; s < losses[k].length; s++)
					losses[k][s] = g.step(b[0], b[1], b[2], 1, 192, 192, 1e-3, s + 1);
			}
		}
		assertArrayEquals(probabilities[0], probabilities[1], 1e-5f);
		assertLossesStayTogether("", losses[0], losses[1]);
		// identical runs, identical to the bit
		assertArrayEquals(probabilities[1], probabilities[2], 0f);
		assertArrayEquals(losses[1], losses[2], 0f);
		try (TrainingGraph g = PropertiesWhile.built(
			"cenet.batchOfOneConv3d=true,cenet.filterGradientTaps=false",
			() -> new TrainingGraph(config, LossKind.DICE_BCE, Collections.emptySet(),
				false, 2)))
		{
			assertEquals(0, GraphOpTypes.count(g.graph(), "Conv3D"));
		}
	}

	/**
	 * A graph whose full-resolution convs and final transposed conv take their
	 * filter gradients by taps (where measured faster; forced here) trains as the
	 * one with TF's own filter gradients: the same first loss up to rounding and
	 * losses that stay together over the next steps (as in
	 * {@link #stepsOfOneImageAsConv3dTrainAsConv2d}, not the weights), at two
	 * images a step and at one, where the other convs are Conv3D views too (Zen
	 * 2's default). LayerGradientTest checks the gradient itself. Two runs at two
	 * images are the same to the bit (identical runs give identical models).
	 */
	@Test
	public void filterGradientsByTapsTrainAsTfs() {
		assumeConv3dGradient();
		CENetConfig config = new CENetConfig(1, 1);
		StateDict init = WeightInit.random(config, 8);
		for (int n = 2; n >= 1; n--) {
			int images = n;
			float[][] b = discBatch(images, 192, 9);
			// TF's, by taps, by taps again (at two images)
			float[][] losses = new float[images == 2 ? 3 : 2][4];
			for (int k = 0; k < losses.length; k++) {
				boolean taps = k > 0;
				try (TrainingGraph g = PropertiesWhile.built(
					"cenet.filterGradientTaps=" + taps + ",cenet.batchOfOneConv3d=" +
						taps, () -> new TrainingGraph(config, LossKind.DICE_BCE, Collections
							.emptySet(), false, images)))
				{
					assertEquals(images + " images: filter gradients by taps", taps,
						filterGradientsByTaps(g.graph()));
					assertEquals(images + " images: the transposed conv's by taps", taps
						? 1 : 0, GraphOpTypes.count(g.graph(), "SpaceToDepth"));
					g.initialize(init);
					for (int s = 0; s < losses[k].length; s++)
						losses[k][s] = g.step(b[0], b[1], b[2], images, 192, 192, 1e-3, s +
							1);
				}
			}
			assertLossesStayTogether(images + " images: ", losses[0], losses[1]);
			if (losses.length > 2) assertArrayEquals(losses[1], losses[2], 0f);
		}
	}

	/**
	 * Another form's losses against TF's form's: the first step's within 1e-5
	 * (rounding of the forward pass), the next steps' within 1e-3 (relative).
	 */
	private static void assertLossesStayTogether(String what, float[] tfs,
		float[] other)
	{
		assertEquals(what + "loss of step 1", tfs[0], other[0], 1e-5 * Math.abs(
			tfs[0]));
		for (int s = 1; s < tfs.length; s++)
			assertEquals(what + "loss of step " + (s + 1), tfs[s], other[s], 1e-3 *
				Math.abs(tfs[s]));
	}

	/**
	 * Skips where TF Java cannot register gradients (Linux only); elsewhere the
	 * Conv3D gradient must be registered.
	 */
	private static void assumeConv3dGradient() {
		assumeTrue("TF Java's gradients are registered on Linux only", System
			.getProperty("os.name", "").toLowerCase().startsWith("linux"));
		assertTrue(ConvAsConv3d.gradientRegistered());
	}

	/**
	 * Whether the training branch has filter gradients by taps (a matrix product
	 * of a slice of the padded, flattened input, transposed).
	 */
	private static boolean filterGradientsByTaps(org.tensorflow.Graph graph) {
		int taps = 0;
		for (java.util.Iterator<org.tensorflow.GraphOperation> it = graph
			.operations(); it.hasNext();)
		{
			org.tensorflow.GraphOperation op = it.next();
			if (op.type().equals("MatMul") && op.input(0).op().type().equals(
				"Slice") && op.attributes().getAttrBool("transpose_a")) taps++;
		}
		return taps > 0;
	}

	/**
	 * Whether the training branch's conv gradients are those of depth-1 views (a
	 * weight gradient reading a squeezed view); the validation branch, which has
	 * no gradient, cannot answer this.
	 */
	private static boolean gradientsOfViews(org.tensorflow.Graph graph) {
		for (java.util.Iterator<org.tensorflow.GraphOperation> it = graph
			.operations(); it.hasNext();)
		{
			org.tensorflow.GraphOperation op = it.next();
			if (op.type().equals("Conv2DBackpropFilter") && op.input(0).op().type()
				.equals("Squeeze")) return true;
		}
		return false;
	}

	@Test
	public void lossFallsAndRunningStatisticsMove() {
		CENetConfig config = new CENetConfig(1, 1);
		StateDict init = WeightInit.random(config, 1);
		float[][] b = discBatch(2, 192, 3);
		try (TrainingGraph g = new TrainingGraph(config, LossKind.DICE_BCE,
			Collections.emptySet(), false, 2))
		{
			g.initialize(init);
			float first = g.step(b[0], b[1], b[2], 2, 192, 192, 1e-3, 1);
			float last = first;
			for (int s = 2; s <= 6; s++)
				last = g.step(b[0], b[1], b[2], 2, 192, 192, 1e-3, s);
			assertTrue("loss " + first + " -> " + last, last < first * 0.9);
			StateDict after = g.weights();
			float[] mean0 = init.get("firstbn.running_mean").data(), mean1 = after
				.get("firstbn.running_mean").data();
			assertFalse("running mean must follow the batches", java.util.Arrays
				.equals(mean0, mean1));
			float[] frozenFree = after.get("finalconv3.weight").data();
			assertFalse(java.util.Arrays.equals(init.get("finalconv3.weight").data(),
				frozenFree));
		}
	}

	@Test
	public void frozenEncoderStaysPut() {
		CENetConfig config = new CENetConfig(1, 1);
		StateDict init = WeightInit.random(config, 2);
		float[][] b = discBatch(1, 192, 4);
		java.util.List<String> frozen = new java.util.ArrayList<>();
		for (String n : init.names())
			if (sc.fiji.cenet.model.CENetArchitecture.isEncoder(n)) frozen.add(n);
		try (TrainingGraph g = new TrainingGraph(config, LossKind.DICE, frozen,
			false, 1))
		{
			g.initialize(init);
			g.step(b[0], b[1], b[2], 1, 192, 192, 1e-3, 1);
			StateDict after = g.weights();
			assertArrayEquals(init.get("encoder2.0.conv1.weight").data(), after.get(
				"encoder2.0.conv1.weight").data(), 0f);
			assertFalse(java.util.Arrays.equals(init.get("decoder1.conv1.weight")
				.data(), after.get("decoder1.conv1.weight").data()));
			TrainingGraph.Evaluation e = g.evaluate(b[0], b[1], b[2], 1, 192, 192);
			assertEquals(192 * 192, e.probabilities.length);
			assertTrue(e.loss > 0);
		}
	}
}
