
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.Random;

import org.junit.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.PropertiesWhile;

/**
 * The forward-only forms {@link Layers} uses for inference where they are
 * faster than oneDNN's convolution (patches times a matrix for 256+ input
 * channels, a tap sum for one output channel, fixed-filter convs) against the
 * plain-Java loops. Gradients never pass through them;
 * {@link LayerGradientTest} covers the training forms.
 */
public class InferenceConvTest {

	private final Random rnd = new Random(7);

	@Test
	public void patchConvForEncoderAndDacChannels() {
		check(1, 6, 7, 256, 32, 1);
		check(2, 5, 5, 512, 16, 1);
		check(1, 6, 6, 256, 8, 3);
		check(1, 7, 5, 256, 8, 5);
	}

	@Test
	public void tapSumConvForOneOutputChannel() {
		check(1, 9, 11, 32, 1, 1);
		check(2, 6, 5, 3, 1, 1);
	}

	/**
	 * Fixed-filter convs ({@link FixedFilterConv}: one oneDNN op with bias,
	 * residual and ReLU) in every form CE-Net's inference meets: 3x3 same,
	 * dilated, 3x3 and 7x7 stride 2 with padding, with and without residual and
	 * ReLU.
	 */
	@Test
	public void fixedFilterConvWithResidualAndRelu() {
		if (System.getProperty("os.name").startsWith("Linux") && System.getProperty(
			"os.arch").equals("amd64")) assertTrue(
				"TF Java's Linux x86-64 natives include oneDNN's fused conv",
				FixedFilterConv.available());
		checkFixed(1, 9, 7, 16, 24, 3, 1, 1, 1, true, true);
		checkFixed(2, 6, 6, 8, 8, 3, 1, 3, 3, false, true);
		checkFixed(1, 11, 9, 8, 16, 3, 2, 1, 1, false, false);
		checkFixed(1, 13, 12, 3, 8, 7, 2, 3, 1, false, true);
	}

	/**
	 * Prediction's fixed-filter 3x3 convs of {@link Layers#SPLIT_OUTPUT_CHANNELS}
	 * as two halves, and its dilated ones of
	 * {@link Layers#SPLIT_DILATED_OUTPUT_CHANNELS} (dilation 3 and 5) as four
	 * quarters, where {@link Layers#splitOutputConvs()} (bias and residual split
	 * with them, the ReLU on each), else as one; the same values either way.
	 * Without fixed filters (an exported graph) one conv.
	 */
	@Test
	public void fixedFilterConvsInParts() {
		assumeTrue("this TF has oneDNN's fused conv", FixedFilterConv.available());
		checkParts((int) Layers.SPLIT_OUTPUT_CHANNELS, 1, 2);
		checkParts((int) Layers.SPLIT_DILATED_OUTPUT_CHANNELS, 3, 4);
		checkParts((int) Layers.SPLIT_DILATED_OUTPUT_CHANNELS, 5, 4);
		checkParts((int) Layers.SPLIT_DILATED_OUTPUT_CHANNELS, 1, 1);
	}

	private void checkParts(int cout, int dilation, int parts) {
		int n = 1, h = 7, w = 6, cin = 8;
		HostArray x = HostArray.uniform(rnd, -1, 1, n, h, w, cin);
		HostArray f = HostArray.uniform(rnd, -1, 1, 3, 3, cin, cout);
		HostArray b = HostArray.uniform(rnd, -1, 1, cout);
		HostArray r = HostArray.uniform(rnd, -1, 1, n, h, w, cout);
		HostArray expected = ReferenceLayers.conv(x, f, b, 1, dilation, dilation);
		for (int i = 0; i < expected.data.length; i++)
			expected.data[i] = Math.max(0, expected.data[i] + r.data[i]);
		for (boolean split : new boolean[] { true, false })
			for (boolean fixed : new boolean[] { true, false }) {
				String what = "3x3 conv to " + cout + " channels, dilation " +
					dilation + ", " + (fixed ? "fixed filters" : "plain") + ", split " +
					split;
				try (Graph g = TfRuntime.newGraph()) {
					Ops tf = Ops.create(g);
					Operand<TFloat32> y = PropertiesWhile.built(
						"cenet.splitOutputConvs=" + split, () -> new Layers(tf, false,
							Long.MAX_VALUE, fixed, Layers.dilatedTrainingConv(), false).conv(
								constant(tf, x), constant(tf, f), constant(tf, b), 3, 1,
								dilation, dilation, constant(tf, r), true));
					assertEquals(what + ": convs", split && fixed ? parts : 1,
						GraphOpTypes.count(g, "_MklNativeFusedConv2D") + GraphOpTypes.count(
							g, "Conv2D"));
					compare(what, expected, g, y);
				}
			}
	}

	private void checkFixed(int n, int h, int w, int cin, int cout, int k,
		int stride, int pad, int dilation, boolean residual, boolean relu)
	{
		HostArray x = HostArray.uniform(rnd, -1, 1, n, h, w, cin);
		HostArray f = HostArray.uniform(rnd, -1, 1, k, k, cin, cout);
		HostArray b = HostArray.uniform(rnd, -1, 1, cout);
		HostArray expected = ReferenceLayers.conv(x, f, b, stride, pad, dilation);
		HostArray r = HostArray.uniform(rnd, -1, 1, expected.shape);
		for (int i = 0; i < expected.data.length; i++) {
			float v = expected.data[i] + (residual ? r.data[i] : 0);
			expected.data[i] = relu ? Math.max(0, v) : v;
		}
		try (Graph g = TfRuntime.newGraph()) {
			Ops tf = Ops.create(g);
			Operand<TFloat32> y = new Layers(tf, false, Long.MAX_VALUE, true, Layers
				.dilatedTrainingConv(), false).conv(constant(tf, x), constant(tf, f),
					constant(tf, b), k, stride, pad, dilation, residual ? constant(tf, r)
						: null, relu);
			assertEquals("one fused op", "_MklNativeFusedConv2D",
				((org.tensorflow.GraphOperation) y.op()).type());
			String what = String.format(
				"%dx%d stride %d pad %d dilation %d, %d->%d channels on %dx%dx%d%s%s",
				k, k, stride, pad, dilation, cin, cout, n, h, w, residual
					? " + residual" : "", relu ? ", relu" : "");
			compare(what, expected, g, y);
		}
	}

	private void check(int n, int h, int w, int cin, int cout, int dilation) {
		HostArray x = HostArray.uniform(rnd, -1, 1, n, h, w, cin);
		HostArray k = HostArray.uniform(rnd, -1, 1, 3, 3, cin, cout);
		HostArray b = HostArray.uniform(rnd, -1, 1, cout);
		HostArray expected = ReferenceLayers.conv(x, k, b, 1, dilation, dilation);
		try (Graph g = TfRuntime.newGraph()) {
			Ops tf = Ops.create(g);
			// patches from 256 channels as on AMD processors, whatever this machine's
			// default
			Operand<TFloat32> y = new Layers(tf, false, 256, false, Layers
				.dilatedTrainingConv(), false).conv(constant(tf, x), constant(tf, k),
					constant(tf, b), 3, 1, dilation, dilation);
			compare(String.format("3x3 dilation %d, %d->%d channels on %dx%dx%d",
				dilation, cin, cout, n, h, w), expected, g, y);
		}
	}

	private static void compare(String what, HostArray expected, Graph g,
		Operand<TFloat32> y)
	{
		try (Session s = new Session(g, TfRuntime.config(false, false));
				Result r = s.runner().fetch(y).run())
		{
			HostArray actual = HostArray.of((TFloat32) r.get(0));
			assertEquals(what, java.util.Arrays.toString(expected.shape),
				java.util.Arrays.toString(actual.shape));
			double scale = 0, worst = 0;
			for (float v : expected.data)
				scale = Math.max(scale, Math.abs(v));
			for (int i = 0; i < expected.data.length; i++)
				worst = Math.max(worst, Math.abs(expected.data[i] - actual.data[i]));
			assertEquals(what + ": largest difference relative to the largest output",
				0, worst / scale, 1e-5);
		}
	}

	private static Operand<TFloat32> constant(Ops tf, HostArray a) {
		return tf.constant(Shape.of(a.shape), DataBuffers.of(a.data));
	}
}
