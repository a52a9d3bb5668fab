
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Inference batch norm (validation in training) is a scale and shift after the
 * conv, never a FusedBatchNorm op: TF's oneDNN rewrite folds such an op into
 * the conv before it as binary post-ops, 4.5x slower for a batch of one.
 */
public class InferenceBatchNormTest {

	@Test
	public void equalsTheFusedOpInValue() {
		Random rnd = new Random(3);
		int n = 2, h = 5, w = 4, c = 6;
		float[] x = new float[n * h * w * c], gamma = new float[c], beta =
			new float[c], mean = new float[c], var = new float[c];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) (3 * rnd.nextGaussian() + 1);
		for (int i = 0; i < c; i++) {
			gamma[i] = (float) (1 + rnd.nextGaussian());
			beta[i] = (float) rnd.nextGaussian();
			mean[i] = (float) rnd.nextGaussian();
			var[i] = (float) (0.5 + rnd.nextDouble());
		}
		try (Graph g = TfRuntime.newGraph(); Session s = new Session(g)) {
			Ops tf = Ops.create(g);
			Operand<TFloat32> in = tf.constant(Shape.of(n, h, w, c), DataBuffers.of(
				x)), gm = tf.constant(gamma), bt = tf.constant(beta), mn = tf.constant(
					mean), vr = tf.constant(var);
			Operand<TFloat32> ours = new Layers(tf, false).batchNorm(in, gm, bt, mn,
				vr), fused = tf.nn.fusedBatchNorm(in, gm, bt, mn, vr, FusedBatchNorm
					.epsilon(Layers.BN_EPS), FusedBatchNorm.isTraining(false)).y();
			try (Result r = s.runner().fetch(ours).fetch(fused).run()) {
				float[] a = values((TFloat32) r.get(0)), b = values((TFloat32) r.get(
					1));
				for (int i = 0; i < a.length; i++)
					assertEquals(b[i], a[i], 1e-5 * Math.max(1, Math.abs(b[i])));
			}
		}
	}

	@Test
	public void ceNetsInferenceModeHasNoFusedBatchNormOp() {
		CENetConfig config = new CENetConfig(3, 1);
		try (Graph g = TfRuntime.newGraph()) {
			Ops tf = Ops.create(g);
			CENetGraph net = new CENetGraph(tf, config, new ConstantParameters(tf,
				WeightInit.random(config, 1)), CENetGraph.Mode.INFERENCE);
			net.logits(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1,
				-1, -1, 3))));
			List<String> types = GraphOpTypes.of(g);
			assertTrue("a batch norm: " + types.contains("Rsqrt"), types.contains(
				"Rsqrt"));
			for (String t : types)
				assertTrue(t, !t.startsWith("FusedBatchNorm"));
		}
	}

	private static float[] values(TFloat32 t) {
		float[] v = new float[(int) t.size()];
		t.copyTo(DataBuffers.of(v, false, false));
		return v;
	}
}
