package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;

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

/**
 * The forward-only forms {@link Layers} uses for inference where they are faster than oneDNN's
 * convolution (patches times a matrix for 256+ input channels, a tap sum for one output channel)
 * against the plain-Java loops. Gradients never pass through them; {@link LayerGradientTest}
 * covers the training forms.
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

	private void check(int n, int h, int w, int cin, int cout, int dilation) {
		HostArray x = HostArray.uniform(rnd, -1, 1, n, h, w, cin);
		HostArray k = HostArray.uniform(rnd, -1, 1, 3, 3, cin, cout);
		HostArray b = HostArray.uniform(rnd, -1, 1, cout);
		HostArray expected = ReferenceLayers.conv(x, k, b, 1, dilation, dilation);
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			// patches from 256 channels as on AMD processors, whatever this machine's default
			Operand<TFloat32> y = new Layers(tf, false, 256).conv(constant(tf, x), constant(tf, k), constant(tf, b), 3, 1,
				dilation, dilation);
			try (Session s = new Session(g, TfRuntime.config(false, false));
				Result r = s.runner().fetch(y).run()) {
				HostArray actual = HostArray.of((TFloat32) r.get(0));
				String what = String.format("3x3 dilation %d, %d->%d channels on %dx%dx%d", dilation, cin, cout, n, h, w);
				assertEquals(what, java.util.Arrays.toString(expected.shape), java.util.Arrays.toString(actual.shape));
				double scale = 0, worst = 0;
				for (float v : expected.data) scale = Math.max(scale, Math.abs(v));
				for (int i = 0; i < expected.data.length; i++)
					worst = Math.max(worst, Math.abs(expected.data[i] - actual.data[i]));
				assertEquals(what + ": largest difference relative to the largest output", 0, worst / scale, 1e-5);
			}
		}
	}

	private static Operand<TFloat32> constant(Ops tf, HostArray a) {
		return tf.constant(Shape.of(a.shape), DataBuffers.of(a.data));
	}
}
