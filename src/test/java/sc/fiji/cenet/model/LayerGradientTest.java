
package sc.fiji.cenet.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import sc.fiji.cenet.PropertiesWhile;
import sc.fiji.cenet.model.Layers.DilatedTrainingConv;

/**
 * Every layer kind CE-Net uses, as {@link Layers} builds it: forward against
 * {@link ReferenceLayers} and TF's gradient against finite differences
 * ({@link GradientChecker}), on small random inputs fed through placeholders.
 * <p>
 * TF Java's gradients have bitten twice: Conv2D's gradient ignores dilations,
 * and oneDNN's Conv2DBackpropInput is wrong past the last multiple of 32 output
 * channels. The channel counts below include CE-Net's 516 and 129 (decoder4),
 * and the last two tests show that both bugs fail these checks.
 */
public class LayerGradientTest {

	/**
	 * Linear layers: the finite difference is exact up to float32 rounding,
	 * whatever eps.
	 */
	private static final double LINEAR_EPS = 0.5, LINEAR_TOLERANCE = 1e-3;
	/**
	 * Training batch norm is smooth but not linear: central differences are
	 * O(eps^2) off.
	 */
	private static final double SMOOTH_EPS = 1e-2, SMOOTH_TOLERANCE = 1e-2;
	/**
	 * Forward against the loops, relative to the largest output (float32 sums of
	 * up to 9 * 516 products).
	 */
	private static final double FORWARD_TOLERANCE = 1e-5;
	/** A gradient this far off is a bug, not rounding. */
	private static final double CLEARLY_WRONG = 100 * LINEAR_TOLERANCE;

	private final Random rnd = new Random(20190301);

	// ---- convolutions: encoder, DAC, decoder 1x1, final 3x3 ----

	@Test
	public void firstConv7x7Stride2Pad3() {
		checkConv(1, 12, 10, 3, 8, 7, 2, 3, 1);
	}

	@Test
	public void conv3x3Stride2Pad1() {
		checkConv(2, 9, 8, 16, 16, 3, 2, 1, 1);
	}

	@Test
	public void conv3x3Stride1Pad1() {
		checkConv(1, 7, 9, 32, 32, 3, 1, 1, 1);
	}

	@Test
	public void downsample1x1Stride2() {
		checkConv(1, 8, 7, 16, 32, 1, 2, 0, 1);
	}

	@Test
	public void conv1x1Decoder4From516To129() {
		checkConv(1, 6, 6, 516, 129, 1, 1, 0, 1);
	}

	@Test
	public void conv1x1Decoder4From129To256() {
		checkConv(1, 12, 12, 129, 256, 1, 1, 0, 1);
	}

	/**
	 * Both ways a dilated conv runs in training, whichever this processor uses.
	 */
	@Test
	public void dilatedConvs() {
		for (DilatedTrainingConv way : DilatedTrainingConv.values())
			for (int d : new int[] { 3, 5 }) {
				checkConv(1, 6, 6, 8, 8, 3, 1, d, d, way);
				checkConv(2, 7, 9, 8, 8, 3, 1, d, d, way);
			}
	}

	/**
	 * Identical training runs must give identical models (a resumed run is
	 * checked against an uninterrupted one): the dilated convs' gradients the
	 * same to the bit in every new session, at the DAC block's 512 channels. Nine
	 * slices of the padded input failed this (their gradient's AddN summed in an
	 * order that changed between sessions).
	 */
	@Test
	public void dilatedConvGradientsAreTheSameInEverySession() {
		Map<String, HostArray> in = inputs("x", HostArray.uniform(rnd, -1, 1, 2, 6,
			6, 512), "w", HostArray.uniform(rnd, -1, 1, 3, 3, 512, 512));
		HostArray dy = HostArray.uniform(rnd, -1, 1, 2, 6, 6, 512);
		for (DilatedTrainingConv way : DilatedTrainingConv.values()) {
			GradientChecker.Layer conv = (tf, v) -> new Layers(tf, true,
				Layers.PATCH_CONV_CHANNELS, false, way, false).conv(v.get("x"), v.get(
					"w"), null, 3, 1, 3, 3);
			List<HostArray> first = null;
			for (int session = 0; session < 4; session++)
				try (GradientChecker c = new GradientChecker(conv, in)) {
					List<HostArray> g = c.gradients(dy);
					if (first == null) first = g;
					else for (int i = 0; i < g.size(); i++)
						assertTrue(way + ": gradient " + i + " in session " + session +
							" differs from session 0's", Arrays.equals(first.get(i).data, g
								.get(i).data));
				}
		}
	}

	private void checkConv(int n, int h, int w, int cin, int cout, int k,
		int stride, int pad, int dilation)
	{
		checkConv(n, h, w, cin, cout, k, stride, pad, dilation, Layers
			.dilatedTrainingConv());
	}

	private void checkConv(int n, int h, int w, int cin, int cout, int k,
		int stride, int pad, int dilation, DilatedTrainingConv way)
	{
		checkConv(n, h, w, cin, cout, k, stride, pad, dilation, way, false);
	}

	/**
	 * @param asConv3d the conv built as {@link ConvAsConv3d} (checked to be in
	 *          the graph)
	 */
	private void checkConv(int n, int h, int w, int cin, int cout, int k,
		int stride, int pad, int dilation, DilatedTrainingConv way,
		boolean asConv3d)
	{
		checkConv(n, h, w, cin, cout, k, stride, pad, dilation, way, asConv3d,
			false);
	}

	/**
	 * @param taps the filter gradient by {@link TapsFilterGradient} where the
	 *          conv is one it computes (stride 1, SAME), checked to be in the
	 *          graph and TF's not
	 */
	private void checkConv(int n, int h, int w, int cin, int cout, int k,
		int stride, int pad, int dilation, DilatedTrainingConv way,
		boolean asConv3d, boolean taps)
	{
		boolean byTaps = taps && stride == 1 && 2 * pad == k - 1 && dilation == 1 &&
			k > 1;
		String what = String.format(
			"conv %dx%d stride %d pad %d dilation %d (%s%s%s), %d->%d channels on %dx%dx%d",
			k, k, stride, pad, dilation, way, asConv3d ? ", as Conv3D" : "", byTaps
				? ", filter gradient by taps" : "", cin, cout, n, h, w);
		Map<String, HostArray> in = inputs("x", HostArray.uniform(rnd, -1, 1, n, h,
			w, cin), "w", HostArray.uniform(rnd, -1, 1, k, k, cin, cout), "b",
			HostArray.uniform(rnd, -1, 1, cout));
		GradientChecker.Layer conv = (tf, v) -> {
			Operand<TFloat32> y = new Layers(tf, true, Layers.PATCH_CONV_CHANNELS,
				false, way, asConv3d, taps).conv(v.get("x"), v.get("w"), v.get("b"), k,
					stride, pad, dilation);
			assertEquals(what + ": Conv3D ops", asConv3d || byTaps, opsOfType(tf,
				"Conv3D") > 0);
			return y;
		};
		try (GradientChecker c = new GradientChecker(conv, in)) {
			if (byTaps) assertEquals(what +
				": the data gradient waits for the filter gradient", 1, c
					.waitingOpsOfType("Conv2DBackpropInput"));
			if (byTaps && k * k * cout > cin) assertEquals(what +
				": the input is padded once the output gradient exists", 1, c
					.waitingOpsOfType("Pad"));
			if (taps && !byTaps) assertTrue(what + ": TF's filter gradient", c
				.opsOfType("Conv2DBackpropFilter") > 0);
			if (byTaps) assertTrue(what + ": the filter gradient is the taps'", c
				.opsOfType("Conv2DBackpropFilter") == 0 && c.opsOfType(
					"Conv3DBackpropFilterV2") == 0 && c.opsOfType("MatMul") == (k * k *
						cout <= cin || cin >= TapsFilterGradient.PATCHES_INPUT_CHANNELS ? 1
							: k * k));
			else if (asConv3d) assertTrue(what +
				": the gradient of the depth-1 view is the 2-D ops'", c.opsOfType(
					"Conv2DBackpropFilter") > 0 && c.opsOfType(
						"Conv3DBackpropFilterV2") == 0);
			assertForward(what, ReferenceLayers.conv(in.get("x"), in.get("w"), in.get(
				"b"), stride, pad, dilation), c.forward());
			assertGradients(what, c.check(LINEAR_EPS, rnd.nextLong()),
				LINEAR_TOLERANCE);
		}
	}

	/**
	 * Training's stride-1 3x3 convs of {@link Layers#SPLIT_OUTPUT_CHANNELS} as
	 * two halves where {@link Layers#splitOutputConvs()} (bias and residual split
	 * with them), else as one: the same values and gradients either way. A conv
	 * of another width, a stride-2 one and prediction's keep one conv.
	 */
	@Test
	public void convsOf256OutputChannelsInHalves() {
		int out = (int) Layers.SPLIT_OUTPUT_CHANNELS;
		Map<String, HostArray> in = inputs("x", HostArray.uniform(rnd, -1, 1, 1, 4,
			5, 8), "w", HostArray.uniform(rnd, -1, 1, 3, 3, 8, out), "b", HostArray
				.uniform(rnd, -1, 1, out), "r", HostArray.uniform(rnd, -1, 1, 1, 4, 5,
					out));
		HostArray expected = ReferenceLayers.conv(in.get("x"), in.get("w"), in.get(
			"b"), 1, 1, 1);
		for (int i = 0; i < expected.size(); i++)
			expected.data[i] += in.get("r").data[i];
		for (boolean split : new boolean[] { true, false }) {
			String what = "3x3 conv to " + out + " channels, " + (split ? "in halves"
				: "whole");
			GradientChecker.Layer conv = (tf, v) -> new Layers(tf, true).conv(v.get(
				"x"), v.get("w"), v.get("b"), 3, 1, 1, 1, v.get("r"), false);
			try (GradientChecker c = PropertiesWhile.built("cenet.splitOutputConvs=" +
				split, () -> new GradientChecker(conv, in)))
			{
				assertEquals(what + ": convs", split ? 2 : 1, c.opsOfType("Conv2D") + c
					.opsOfType("Conv3D"));
				assertForward(what, expected, c.forward());
				assertGradients(what, c.check(LINEAR_EPS, rnd.nextLong()),
					LINEAR_TOLERANCE);
			}
		}
		PropertiesWhile.built("cenet.splitOutputConvs=true", () -> {
			for (int[] c : new int[][] { { 1, out / 2, 1 }, { 1, out, 2 }, { 0, out,
				1 } })
			{
				try (Graph g = TfRuntime.newGraph()) {
					Ops tf = Ops.create(g);
					Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder
						.shape(Shape.of(1, 6, 6, 8)));
					new Layers(tf, c[0] == 1).conv(x, tf.constant(
						new float[3][3][8][c[1]]), null, 3, c[2], 1, 1);
					assertEquals(Arrays.toString(c) + ": one conv", 1, opsOfType(tf,
						"Conv2D") + opsOfType(tf, "Conv3D"));
				}
			}
			return null;
		});
	}

	/**
	 * The plain convs as Conv3D, as graphs for batches of one build them where
	 * measured faster (the first conv, stride 2, stride 1, the 1x1 stride-2
	 * downsample): forward and the gradient that {@link ConvAsConv3d} registers.
	 */
	@Test
	public void convsAsConv3d() {
		assumeTrue("TF Java's gradients are registered on Linux only", Platform
			.linux());
		assertTrue(ConvAsConv3d.gradientRegistered());
		DilatedTrainingConv way = DilatedTrainingConv.SPACE_TO_BATCH;
		checkConv(1, 12, 10, 3, 8, 7, 2, 3, 1, way, true);
		checkConv(2, 9, 8, 16, 16, 3, 2, 1, 1, way, true);
		checkConv(1, 7, 9, 32, 32, 3, 1, 1, 1, way, true);
		checkConv(1, 8, 7, 16, 32, 1, 2, 0, 1, way, true);
	}

	/**
	 * Stride-1 convs whose filter gradient is {@link TapsFilterGradient}'s:
	 * forward and both gradients against finite differences, for 3x3 and 5x5
	 * kernels, a batch of two, channels whose rows TF slices without a copy (16)
	 * and with one (3), one output channel (CE-Net's last conv) by runs of pixels
	 * (8 input channels) and by shifted output gradients (16), 512 input channels
	 * by image patches; the data gradient and the input's pad wait for what they
	 * should; a stride-2 conv keeps TF's filter gradient.
	 */
	@Test
	public void filterGradientsByTaps() {
		assumeTrue("TF Java's gradients are registered on Linux only", Platform
			.linux());
		DilatedTrainingConv way = DilatedTrainingConv.SPACE_TO_BATCH;
		checkConv(2, 7, 9, 16, 16, 3, 1, 1, 1, way, false, true);
		checkConv(1, 6, 5, 3, 4, 3, 1, 1, 1, way, false, true);
		checkConv(2, 6, 6, 8, 1, 3, 1, 1, 1, way, false, true);
		checkConv(2, 6, 7, 16, 1, 3, 1, 1, 1, way, false, true);
		checkConv(1, 8, 7, 8, 8, 5, 1, 2, 1, way, false, true);
		checkConv(1, 7, 9, 32, 32, 3, 1, 1, 1, way, true, true);
		checkConv(2, 9, 8, 16, 16, 3, 2, 1, 1, way, false, true);
		// many input channels: one product over image patches
		checkConv(1, 4, 5, 512, 64, 3, 1, 1, 1, way, false, true);
	}

	/**
	 * Which stride-1 convs take their filter gradient by taps where
	 * {@link Layers#filterGradientAsTaps()}: up to
	 * {@link Layers#TAPS_INPUT_CHANNELS} input channels; from 16 more, TF's.
	 */
	@Test
	public void whichConvsTakeTaps() {
		assumeTrue("TF Java's gradients are registered on Linux only", Platform
			.linux());
		for (int cin : new int[] { (int) Layers.TAPS_INPUT_CHANNELS,
			(int) Layers.TAPS_INPUT_CHANNELS + 16 })
		{
			boolean taps = cin <= Layers.TAPS_INPUT_CHANNELS;
			Map<String, HostArray> in = inputs("x", HostArray.uniform(rnd, -1, 1, 2,
				5, 4, cin), "w", HostArray.uniform(rnd, -1, 1, 3, 3, cin, 16), "b",
				HostArray.uniform(rnd, -1, 1, 16));
			GradientChecker.Layer conv = (tf, v) -> new Layers(tf, true).conv(v.get(
				"x"), v.get("w"), v.get("b"), 3, 1, 1, 1);
			try (GradientChecker c = PropertiesWhile.built(
				"cenet.filterGradientTaps=true", () -> new GradientChecker(conv, in)))
			{
				assertEquals(cin + " input channels: TF's filter gradient", taps ? 0
					: 1, c.opsOfType("Conv2DBackpropFilter"));
				assertEquals(cin + " input channels: products of the taps", taps ? 9
					: 0, c.opsOfType("MatMul"));
			}
		}
	}

	/**
	 * {@link TapsFilterGradient} against TF's Conv2DBackpropFilter, to rounding,
	 * at sizes finite differences cannot afford: 32 channels on 2 x 40 x 36, 128
	 * to 64 on 2 x 10 x 9, images one pixel wide (the runs' padding rows), and a
	 * kernel of another height than width (3 x 5), each by runs of pixels, by
	 * shifted output gradients (one and two output channels) and by image patches
	 * (512 input channels).
	 */
	@Test
	public void tapsFilterGradientIsTfs() {
		for (int[] c : new int[][] { { 2, 40, 36, 32, 16, 3, 3 }, { 2, 10, 9, 128,
			64, 3, 3 }, { 3, 4, 1, 16, 16, 3, 3 }, { 1, 11, 13, 8, 24, 3, 5 }, { 2,
				40, 36, 32, 1, 3, 3 }, { 1, 11, 13, 48, 2, 3, 5 }, { 2, 14, 12, 512, 96,
					3, 3 }, { 1, 9, 7, 512, 64, 3, 5 } })
		{
			int n = c[0], h = c[1], w = c[2], cin = c[3], cout = c[4], kh = c[5], kw =
				c[6];
			assertFilterGradientIsTfs(Arrays.toString(c), HostArray.uniform(rnd, -1,
				1, n, h, w, cin), HostArray.uniform(rnd, -1, 1, n, h, w, cout),
				new long[] { kh, kw, cin, cout }, (tf, x, dy) -> Arrays.asList(
					TapsFilterGradient.of(tf, x, dy, kh, kw, cin, cout), tf.nn
						.conv2dBackpropFilter(x, tf.constant(new int[] { kh, kw, cin,
							cout }), dy, Arrays.asList(1L, 1L, 1L, 1L), "SAME")));
		}
	}

	/**
	 * {@link TapsFilterGradient#ofTransposed} against TF's Conv2DBackpropFilter
	 * of the transposed conv (k4, stride 2, SAME), to rounding, at the final
	 * transposed conv's channels (64 to 32) on 2 x 20 x 18, and with channels
	 * that are no multiple of 16 (24 to 5) on 1 x 7 x 9.
	 */
	@Test
	public void transposedTapsFilterGradientIsTfs() {
		for (int[] c : new int[][] { { 2, 20, 18, 64, 32 }, { 1, 7, 9, 24, 5 } }) {
			int n = c[0], h = c[1], w = c[2], cin = c[3], cout = c[4];
			assertFilterGradientIsTfs(Arrays.toString(c), HostArray.uniform(rnd, -1,
				1, n, h, w, cin), HostArray.uniform(rnd, -1, 1, n, 2 * h, 2 * w, cout),
				new long[] { 4, 4, cout, cin }, (tf, x, dy) -> Arrays.asList(
					TapsFilterGradient.ofTransposed(tf, x, dy, cin, cout), tf.nn
						.conv2dBackpropFilter(dy, tf.constant(new int[] { 4, 4, cout,
							cin }), x, Arrays.asList(1L, 2L, 2L, 1L), "SAME")));
		}
	}

	/** Ours and TF's filter gradient of the same x and dy. */
	private interface FilterGradients {

		List<Operand<TFloat32>> of(Ops tf, Operand<TFloat32> x,
			Operand<TFloat32> dy);
	}

	/**
	 * Ours equals TF's, both of the given shape, to 1e-5 of TF's largest value
	 * (rounding: the sums run in other orders).
	 */
	private static void assertFilterGradientIsTfs(String what, HostArray x,
		HostArray dy, long[] shape, FilterGradients both)
	{
		float[][] dw = new float[2][];
		try (Graph g = new Graph(); Session s = new Session(g)) {
			Ops tf = Ops.create(g);
			List<Operand<TFloat32>> oursAndTfs = both.of(tf, tf.constant(Shape.of(
				x.shape), DataBuffers.of(x.data)), tf.constant(Shape.of(dy.shape),
					DataBuffers.of(dy.data)));
			try (Result r = s.runner().fetch(oursAndTfs.get(0)).fetch(oursAndTfs.get(
				1)).run())
			{
				for (int i = 0; i < 2; i++) {
					HostArray t = HostArray.of((TFloat32) r.get(i));
					assertArrayEquals(what, shape, t.shape);
					dw[i] = t.data;
				}
			}
		}
		double max = 0;
		for (float v : dw[1])
			max = Math.max(max, Math.abs(v));
		assertArrayEquals(what, dw[1], dw[0], (float) (1e-5 * max));
	}

	/**
	 * The gradient registered for Conv3DBackpropInputV2 serves every one of the
	 * process: a true 3-D transposed conv (depth 3, a filter 2 deep, stride 2 in
	 * height) gets TF's 3-D gradient ops, checked against finite differences.
	 */
	@Test
	public void aTrueTransposedConv3dGetsItsGradientToo() {
		assumeTrue("TF Java's gradients are registered on Linux only", Platform
			.linux());
		assertTrue(ConvAsConv3d.gradientRegistered());
		Map<String, HostArray> in = inputs("x", HostArray.uniform(rnd, -1, 1, 2, 3,
			3, 4, 3), "w", HostArray.uniform(rnd, -1, 1, 2, 3, 3, 4, 3));
		GradientChecker.Layer deconv = (tf, v) -> tf.nn.conv3dBackpropInput(tf
			.constant(new int[] { 2, 3, 6, 4, 4 }), v.get("w"), v.get("x"), Arrays
				.asList(1L, 1L, 2L, 1L, 1L), "SAME");
		try (GradientChecker c = new GradientChecker(deconv, in)) {
			assertEquals(1, c.opsOfType("Conv3DBackpropFilterV2"));
			assertGradients("transposed conv3d", c.check(LINEAR_EPS, rnd.nextLong()),
				LINEAR_TOLERANCE);
		}
	}

	/**
	 * The gradient registered for Conv3D serves every Conv3D of the process: a
	 * true 3-D conv (depth 3, a filter 2 deep, stride 2 in depth) gets TF's 3-D
	 * gradient ops, checked against finite differences.
	 */
	@Test
	public void aTrueConv3dGetsItsGradientToo() {
		assumeTrue("TF Java's gradients are registered on Linux only", Platform
			.linux());
		assertTrue(ConvAsConv3d.gradientRegistered());
		for (String padding : new String[] { "SAME", "VALID" }) {
			Map<String, HostArray> in = inputs("x", HostArray.uniform(rnd, -1, 1, 2,
				3, 5, 4, 3), "w", HostArray.uniform(rnd, -1, 1, 2, 3, 3, 3, 4));
			GradientChecker.Layer conv = (tf, v) -> tf.nn.conv3d(v.get("x"), v.get(
				"w"), Arrays.asList(1L, 2L, 1L, 1L, 1L), padding);
			try (GradientChecker c = new GradientChecker(conv, in)) {
				assertEquals(1, c.opsOfType("Conv3DBackpropFilterV2"));
				assertGradients("conv3d " + padding, c.check(LINEAR_EPS, rnd
					.nextLong()), LINEAR_TOLERANCE);
			}
		}
	}

	private static int opsOfType(Ops tf, String type) {
		return GraphOpTypes.count((org.tensorflow.Graph) tf.scope().env(), type);
	}

	// ---- transposed convolutions: decoder (k=3) and final (k=4) ----

	@Test
	public void transposedConv3x3Decoder4With129Channels() {
		checkTransposedConv(1, 6, 6, 129, 129, 3);
	}

	@Test
	public void transposedConv3x3() {
		checkTransposedConv(2, 5, 7, 16, 16, 3);
	}

	@Test
	public void transposedConv4x4Final() {
		checkTransposedConv(1, 6, 5, 64, 32, 4);
	}

	/**
	 * The final transposed conv as {@link ConvAsConv3d#transposedConv}, its
	 * filter gradient by {@link TapsFilterGradient#ofTransposed}: a batch of two,
	 * channels whose phase rows TF slices without a copy (16 out: 64 values a
	 * row) and with one (3 out), a square and an oblong image; the data gradient
	 * (a Conv3D on the views) and the input's pad wait for what they should. The
	 * 3x3 ones keep TF's.
	 */
	@Test
	public void transposedConvFilterGradientByTaps() {
		assumeTrue("TF Java's gradients are registered on Linux only", Platform
			.linux());
		assertTrue(ConvAsConv3d.gradientRegistered());
		checkTransposedConv(2, 5, 5, 8, 16, 4, true);
		checkTransposedConv(1, 4, 6, 5, 3, 4, true);
		checkTransposedConv(2, 5, 7, 16, 16, 3, true);
	}

	private void checkTransposedConv(int n, int h, int w, int cin, int cout,
		int k)
	{
		checkTransposedConv(n, h, w, cin, cout, k, false);
	}

	private void checkTransposedConv(int n, int h, int w, int cin, int cout,
		int k, boolean taps)
	{
		boolean byTaps = taps && k == 4;
		String what = String.format(
			"transposed conv %dx%d%s, %d->%d channels on %dx%dx%d", k, k, byTaps
				? ", filter gradient by taps" : "", cin, cout, n, h, w);
		Map<String, HostArray> in = inputs("x", HostArray.uniform(rnd, -1, 1, n, h,
			w, cin), "w", HostArray.uniform(rnd, -1, 1, k, k, cout, cin), "b",
			HostArray.uniform(rnd, -1, 1, cout));
		GradientChecker.Layer deconv = (tf, v) -> new Layers(tf, true,
			Layers.PATCH_CONV_CHANNELS, false, DilatedTrainingConv.SPACE_TO_BATCH,
			false, taps).transposedConv(v.get("x"), v.get("w"), v.get("b"), k);
		try (GradientChecker c = new GradientChecker(deconv, in)) {
			assertEquals(what + ": TF's filter gradient", byTaps ? 0 : 1, c.opsOfType(
				"Conv2DBackpropFilter"));
			if (byTaps) {
				assertEquals(what + ": four products", 4, c.opsOfType("MatMul"));
				assertEquals(what + ": the data gradient waits for the filter gradient",
					1, c.waitingOpsOfType("Conv3D"));
				assertEquals(what + ": the data gradient a Conv3D on the views (TF's " +
					"oneDNN Conv2D at a batch of one is im2col + GEMM)", 0, c.opsOfType(
						"Conv2D"));
				assertEquals(what + ": the input is padded once the output gradient " +
					"exists", 1, c.waitingOpsOfType("Pad"));
			}
			assertForward(what, ReferenceLayers.transposedConv(in.get("x"), in.get(
				"w"), in.get("b")), c.forward());
			assertGradients(what, c.check(LINEAR_EPS, rnd.nextLong()),
				LINEAR_TOLERANCE);
		}
	}

	// ---- batch norm ----

	/**
	 * The normalised output y; the running-statistics outputs get no gradient.
	 */
	@Test
	public void trainingBatchNorm() {
		Map<String, HostArray> in = batchNormInputs();
		HostArray mean = HostArray.uniform(rnd, -1, 1, 8), var = HostArray.uniform(
			rnd, 0.5, 2, 8);
		GradientChecker.Layer bn = (tf, v) -> new Layers(tf, true)
			.trainingBatchNorm(v.get("x"), v.get("gamma"), v.get("beta"), constant(tf,
				mean), constant(tf, var)).y();
		try (GradientChecker c = new GradientChecker(bn, in)) {
			assertForward("training batch norm", ReferenceLayers.batchNorm(in.get(
				"x"), in.get("gamma"), in.get("beta"), null, null), c.forward());
			assertGradients("training batch norm", c.check(SMOOTH_EPS, rnd
				.nextLong()), SMOOTH_TOLERANCE);
		}
	}

	@Test
	public void inferenceBatchNorm() {
		Map<String, HostArray> in = batchNormInputs();
		HostArray mean = HostArray.uniform(rnd, -1, 1, 8), var = HostArray.uniform(
			rnd, 0.5, 2, 8);
		GradientChecker.Layer bn = (tf, v) -> new Layers(tf, true).batchNorm(v.get(
			"x"), v.get("gamma"), v.get("beta"), constant(tf, mean), constant(tf,
				var));
		try (GradientChecker c = new GradientChecker(bn, in)) {
			assertForward("inference batch norm", ReferenceLayers.batchNorm(in.get(
				"x"), in.get("gamma"), in.get("beta"), mean, var), c.forward());
			assertGradients("inference batch norm", c.check(LINEAR_EPS, rnd
				.nextLong()), LINEAR_TOLERANCE);
		}
	}

	private Map<String, HostArray> batchNormInputs() {
		return inputs("x", HostArray.uniform(rnd, -2, 3, 2, 5, 6, 8), "gamma",
			HostArray.uniform(rnd, 0.5, 1.5, 8), "beta", HostArray.uniform(rnd, -1, 1,
				8));
	}

	// ---- pooling and resizing ----

	@Test
	public void firstMaxPool3x3Stride2Pad1() {
		checkMaxPool(2, 8, 10, 4, 3, 2, 1);
		checkMaxPool(1, 7, 9, 3, 3, 2, 1);
	}

	@Test
	public void rmpMaxPools() {
		for (int k : new int[] { 2, 3, 5, 6 }) {
			checkMaxPool(1, 6, 6, 4, k, k, 0);
			checkMaxPool(2, 7, 9, 3, k, k, 0);
		}
	}

	private void checkMaxPool(int n, int h, int w, int c, int k, int s, int p) {
		String what = String.format("max-pool %d stride %d pad %d on %dx%dx%dx%d",
			k, s, p, n, h, w, c);
		HostArray x = HostArray.distinct(rnd, 0, 8, n, h, w, c);
		GradientChecker.Layer pool = (tf, v) -> new Layers(tf, true).maxPool(v.get(
			"x"), k, s, p);
		try (GradientChecker ch = new GradientChecker(pool, inputs("x", x))) {
			assertForward(what, ReferenceLayers.maxPool(x, k, s, p), ch.forward());
			assertGradients(what, ch.check(maxPoolEps(x), rnd.nextLong()),
				LINEAR_TOLERANCE);
		}
	}

	@Test
	public void resizeBilinear() {
		for (int from : new int[] { 1, 2, 3 })
			for (int[] to : new int[][] { { 6, 6 }, { 7, 9 } }) {
				String what = "bilinear resize " + from + "x" + from + " to " + to[0] +
					"x" + to[1];
				HostArray x = HostArray.uniform(rnd, -1, 1, 2, from, from, 3);
				GradientChecker.Layer resize = (tf, v) -> new Layers(tf, true)
					.resizeBilinear(v.get("x"), tf.constant(to));
				try (GradientChecker c = new GradientChecker(resize, inputs("x", x))) {
					assertForward(what, ReferenceLayers.resizeBilinear(x, to[0], to[1]), c
						.forward());
					assertGradients(what, c.check(LINEAR_EPS, rnd.nextLong()),
						LINEAR_TOLERANCE);
				}
			}
	}

	/**
	 * RMP as {@link CENetGraph} wires it: pools 2, 3, 5, 6, a shared 1x1 conv to
	 * one channel, resize, concat.
	 */
	@Test
	public void rmpPath() {
		for (int[] size : new int[][] { { 6, 6 }, { 7, 9 } }) {
			Map<String, HostArray> in = inputs("x", HostArray.distinct(rnd, 0, 8, 1,
				size[0], size[1], 8), "w", HostArray.uniform(rnd, -1, 1, 1, 1, 8, 1),
				"b", HostArray.uniform(rnd, -1, 1, 1));
			GradientChecker.Layer rmp = (tf, v) -> {
				Layers layers = new Layers(tf, true);
				Operand<TFloat32> x = v.get("x");
				Operand<TInt32> hw = layers.spatialSize(x);
				List<Operand<TFloat32>> parts = new ArrayList<>();
				for (int k : new int[] { 2, 3, 5, 6 })
					parts.add(layers.resizeBilinear(layers.conv(layers.maxPool(x, k, k,
						0), v.get("w"), v.get("b"), 1, 1, 0, 1), hw));
				parts.add(x);
				return tf.concat(parts, tf.constant(3));
			};
			try (GradientChecker c = new GradientChecker(rmp, in)) {
				assertGradients("RMP on " + size[0] + "x" + size[1], c.check(maxPoolEps(
					in.get("x")), rnd.nextLong()), LINEAR_TOLERANCE);
			}
		}
	}

	/**
	 * The ReLU's forms: inference's, training's {@link OutputGradientRelu} and
	 * training's Select (where that gradient cannot be registered).
	 */
	private static final String[][] RELU_FORMS = { { "inference", "none" }, {
		"training, output gradient", "cenet.outputGradientRelu=true" }, {
			"training, Select", "cenet.outputGradientRelu=false" } };

	@Test
	public void relu() {
		assertTrue(OutputGradientRelu.gradientRegistered());
		// distinct, an even count: no value within 8/size of the kink at 0, which
		// the finite difference's eps stays inside
		HostArray x = HostArray.distinct(rnd, -8, 8, 2, 6, 7, 4);
		HostArray expected = HostArray.zeros(x.shape);
		for (int i = 0; i < x.size(); i++)
			expected.data[i] = Math.max(x.data[i], 0f);
		for (String[] form : RELU_FORMS) {
			boolean training = !form[0].equals("inference");
			GradientChecker.Layer relu = (tf, v) -> new Layers(tf, training).relu(v
				.get("x"));
			try (GradientChecker c = PropertiesWhile.built(form[1],
				() -> new GradientChecker(relu, inputs("x", x))))
			{
				String what = "ReLU, " + form[0];
				assertForward(what, expected, c.forward());
				assertGradients(what, c.check(maxPoolEps(x), rnd.nextLong()),
					LINEAR_TOLERANCE);
				// a diverging run must still show in its loss
				HostArray nan = HostArray.zeros(x.shape);
				Arrays.fill(nan.data, Float.NaN);
				assertTrue(what + " of NaN", Float.isNaN(c.forward(inputs("x",
					nan)).data[0]));
			}
		}
	}

	/**
	 * Training's ReLU leaves its input to the forward pass: TF's own ReLU
	 * gradient reads it, so the input (a batch norm's output) was kept until the
	 * backward pass beside the output.
	 */
	@Test
	public void theTrainingReluGradientDoesNotReadItsInput() {
		for (String[] form : RELU_FORMS) {
			if (form[0].equals("inference")) continue;
			try (Graph g = TfRuntime.newGraph()) {
				Ops tf = Ops.create(g);
				Operand<TFloat32> x = tf.placeholder(TFloat32.class);
				Operand<TFloat32> z = tf.withName("BatchNormOutput").math.mul(x, tf
					.constant(2f));
				Operand<TFloat32> y = PropertiesWhile.built(form[1], () -> new Layers(
					tf, true).relu(z));
				tf.gradients(tf.reduceSum(tf.math.mul(y, y), tf.constant(new int[] { 0,
					1, 2, 3 })), Collections.singletonList(x));
				for (GraphOperation consumer : ((GraphOperation) z.op()).consumers())
					assertTrue(form[0] + ": " + consumer.name() + " (" + consumer.type() +
						") reads the ReLU's input in the backward pass", !consumer.name()
							.startsWith("Gradients"));
			}
		}
	}

	/**
	 * Training's {@link OutputGradientRelu}: one op each way, the backward one
	 * reading the forward one's output.
	 */
	@Test
	public void theOutputGradientReluIsOnePassEachWay() {
		try (Graph g = TfRuntime.newGraph()) {
			Ops tf = Ops.create(g);
			Operand<TFloat32> x = tf.placeholder(TFloat32.class);
			Operand<TFloat32> y = PropertiesWhile.built(
				"cenet.outputGradientRelu=true", () -> new Layers(tf, true).relu(x));
			tf.gradients(tf.reduceSum(tf.math.mul(y, y), tf.constant(new int[] { 0, 1,
				2, 3 })), Collections.singletonList(x));
			assertEquals("ReluGrad", y.op().type());
			List<String> backward = new ArrayList<>();
			for (Iterator<GraphOperation> it = g.operations(); it.hasNext();) {
				GraphOperation op = it.next();
				if (op.type().equals("ReluGrad") && !op.equals(y.op())) {
					assertEquals("the backward ReluGrad's features", y.asOutput(), op
						.input(1));
					backward.add(op.name());
				}
			}
			assertEquals("backward ReluGrads " + backward, 1, backward.size());
			assertEquals("ops of Select's form", 0, GraphOpTypes.count(g, "Select") +
				GraphOpTypes.count(g, "ZerosLike") + GraphOpTypes.count(g,
					"LessEqual"));
		}
	}

	/**
	 * The gradient registered for ReluGrad is TF Python's for a ReluGrad that
	 * {@link OutputGradientRelu} did not build (the output's sign is not the
	 * features' there: negative incoming gradients).
	 */
	@Test
	public void anotherReluGradKeepsItsOwnGradient() {
		assertTrue(OutputGradientRelu.gradientRegistered());
		HostArray g = HostArray.uniform(rnd, -1, 1, 1, 5, 6, 3), f = HostArray
			.distinct(rnd, -8, 8, 1, 5, 6, 3);
		HostArray expected = HostArray.zeros(g.shape);
		for (int i = 0; i < g.size(); i++)
			expected.data[i] = f.data[i] > 0 ? g.data[i] : 0f;
		GradientChecker.Layer reluGrad = (tf, v) -> tf.nn.reluGrad(v.get("g"), v
			.get("f"));
		try (GradientChecker c = new GradientChecker(reluGrad, inputs("g", g, "f",
			f)))
		{
			assertForward("ReluGrad", expected, c.forward());
			assertGradients("ReluGrad", c.check(maxPoolEps(f), rnd.nextLong()),
				LINEAR_TOLERANCE);
		}
	}

	/**
	 * Max-pool inputs are distinct, >= 0 (as after ReLU, which the zero padding
	 * relies on) and 8/size apart; perturbations of at most 0.4 of that gap keep
	 * every window's argmax, so the finite difference is exact.
	 */
	private static double maxPoolEps(HostArray x) {
		return 0.4 * 8 / x.size();
	}

	// ---- the checks catch the TF bugs that Layers works around ----

	/**
	 * TF's own dilated Conv2D: right forward, but a gradient that ignores the
	 * dilation.
	 */
	@Test
	public void rejectsBuiltInDilatedConvGradient() {
		int d = 3;
		Map<String, HostArray> in = inputs("x", HostArray.uniform(rnd, -1, 1, 1, 7,
			9, 8), "w", HostArray.uniform(rnd, -1, 1, 3, 3, 8, 8));
		GradientChecker.Layer builtIn = (tf, v) -> tf.nn.conv2d(v.get("x"), v.get(
			"w"), Arrays.asList(1L, 1L, 1L, 1L), "SAME", Conv2d.dilations(Arrays
				.asList(1L, (long) d, (long) d, 1L)));
		try (GradientChecker c = new GradientChecker(builtIn, in)) {
			assertForward("built-in dilated conv", ReferenceLayers.conv(in.get("x"),
				in.get("w"), null, 1, d, d), c.forward());
			GradientReport r = c.check(LINEAR_EPS, rnd.nextLong());
			assertTrue(
				"the built-in dilated conv gradient must be rejected, worst error x " +
					r.worst("x") + ", w " + r.worst("w"), r.worst("x") > CLEARLY_WRONG &&
						r.worst("w") > CLEARLY_WRONG);
		}
	}

	/**
	 * oneDNN's Conv2DBackpropInput with 129 output channels. Where the bug shows
	 * (here with AVX2 and AVX-512 kernels, not with oneDNN limited to SSE4.1), it
	 * is confined to channel 128, and it fails both checks: the forward of a
	 * transposed conv not padded to 160 channels, and the input gradient of a 1x1
	 * conv run as Conv2D instead of a matrix product.
	 */
	@Test
	public void rejectsOneDnnChannelBug() {
		Map<String, HostArray> in = inputs("x", HostArray.uniform(rnd, -1, 1, 1, 6,
			6, 129), "w", HostArray.uniform(rnd, -1, 1, 3, 3, 129, 129));
		GradientChecker.Layer unpadded = (tf, v) -> {
			Operand<TFloat32> y = tf.nn.conv2dBackpropInput(tf.constant(new int[] { 1,
				13, 13, 129 }), v.get("w"), v.get("x"), Arrays.asList(1L, 2L, 2L, 1L),
				"VALID");
			return tf.slice(y, tf.constant(new int[] { 0, 1, 1, 0 }), tf.constant(
				new int[] { -1, 12, 12, -1 }));
		};
		try (GradientChecker c = new GradientChecker(unpadded, in)) {
			HostArray y = c.forward(), expected = ReferenceLayers.transposedConv(in
				.get("x"), in.get("w"), null);
			double[] worst = new double[129];
			for (int i = 0; i < y.size(); i++)
				worst[i % 129] = Math.max(worst[i % 129], Math.abs(y.data[i] -
					expected.data[i]));
			assumeTrue(
				"oneDNN's Conv2DBackpropInput is right for 129 channels on this CPU",
				worst[128] > 1e-2);
			for (int ch = 0; ch < 128; ch++)
				assertTrue("channel " + ch + " off by " + worst[ch], worst[ch] < 1e-3);
			GradientReport r = c.check(LINEAR_EPS, rnd.nextLong());
			assertTrue("the unpadded transposed conv must be rejected, worst error " +
				r.worst(""), r.worst("") > CLEARLY_WRONG);
		}
		Map<String, HostArray> conv = inputs("x", HostArray.uniform(rnd, -1, 1, 1,
			6, 6, 129), "w", HostArray.uniform(rnd, -1, 1, 1, 1, 129, 256));
		GradientChecker.Layer conv2d = (tf, v) -> tf.nn.conv2d(v.get("x"), v.get(
			"w"), Arrays.asList(1L, 1L, 1L, 1L), "VALID");
		try (GradientChecker c = new GradientChecker(conv2d, conv)) {
			GradientReport r = c.check(LINEAR_EPS, rnd.nextLong());
			assertTrue(
				"the 1x1 Conv2D's input gradient must be rejected, worst error " + r
					.worst("x"), r.worst("x") > CLEARLY_WRONG);
		}
	}

	// ---- helpers ----

	private static Map<String, HostArray> inputs(Object... nameValuePairs) {
		Map<String, HostArray> m = new LinkedHashMap<>();
		for (int i = 0; i < nameValuePairs.length; i += 2)
			m.put((String) nameValuePairs[i], (HostArray) nameValuePairs[i + 1]);
		return m;
	}

	private static Operand<TFloat32> constant(Ops tf, HostArray a) {
		return tf.constant(Shape.of(a.shape), DataBuffers.of(a.data, true, false));
	}

	private static void assertGradients(String what, GradientReport r,
		double tolerance)
	{
		String failures = r.failures(tolerance);
		assertTrue(what +
			": TF gradient differs from finite differences by more than " +
			tolerance + failures, failures.isEmpty());
	}

	private static void assertForward(String what, HostArray expected,
		HostArray actual)
	{
		assertEquals(what + ": output shape", Arrays.toString(expected.shape),
			Arrays.toString(actual.shape));
		double scale = 0, worst = 0;
		int at = -1;
		for (int i = 0; i < expected.size(); i++) {
			scale = Math.max(scale, Math.abs(expected.data[i]));
			double e = Math.abs(expected.data[i] - actual.data[i]);
			if (e > worst) {
				worst = e;
				at = i;
			}
		}
		assertTrue(String.format(
			"%s: forward differs from the loops by %.3g (largest output %.3g) at flat index %d",
			what, worst, scale, at), worst <= FORWARD_TOLERANCE * scale);
	}
}
