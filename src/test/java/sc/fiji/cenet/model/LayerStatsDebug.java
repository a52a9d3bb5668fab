
package sc.fiji.cenet.model;

import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Prints mean/std/min/max of every top-level module output, to compare with
 * expected.json by eye.
 */
public class LayerStatsDebug {

	public static void main(String[] args) {
		CENetConfig config = new CENetConfig(3, 1);
		StateDict w = ParityFixture.weights(config);
		try (Graph g = TfRuntime.newGraph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder
				.shape(Shape.of(-1, -1, -1, 3)));
			CENetGraph net = new CENetGraph(tf, config, new ConstantParameters(tf, w),
				CENetGraph.Mode.INFERENCE);
			net.logits(in);
			try (Session s = new Session(g);
					TFloat32 x = TFloat32.tensorOf(Shape.of(1, 192, 192, 3), DataBuffers
						.of(ParityFixture.input(192, 192), true, false)))
			{
				for (Map.Entry<String, Operand<TFloat32>> e : net.taps().entrySet()) {
					try (Result r = s.runner().feed(in, x).fetch(e.getValue()).run()) {
						TFloat32 t = (TFloat32) r.get(0);
						float[] v = new float[(int) t.size()];
						t.copyTo(DataBuffers.of(v, false, false));
						double sum = 0, sq = 0, mn = Double.MAX_VALUE, mx =
							-Double.MAX_VALUE;
						for (float f : v) {
							sum += f;
							sq += f * (double) f;
							mn = Math.min(mn, f);
							mx = Math.max(mx, f);
						}
						double mean = sum / v.length;
						System.out.printf(
							"%-14s %s sum %.10g mean %.6g std %.6g min %.6g max %.6g%n", e
								.getKey(), t.shape(), sum, mean, Math.sqrt(sq / v.length -
									mean * mean), mn, mx);
					}
				}
			}
		}
	}
}
