
package sc.fiji.cenet.bench;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.WeightInit;
import sc.fiji.cenet.train.LossKind;
import sc.fiji.cenet.train.TrainingGraph;

/**
 * Per-op-type time of one traced training step at 448 x 448 (args: batch size),
 * to see what dominates.
 */
public final class TrainingProfile {

	public static void main(String[] args) {
		int n = args.length > 0 ? Integer.parseInt(args[0]) : 1, s = 448;
		CENetConfig config = new CENetConfig(3, 1);
		try (TrainingGraph g = new TrainingGraph(config, LossKind.DICE, Collections
			.emptySet(), false, n))
		{
			g.initialize(WeightInit.random(config, 1));
			Random r = new Random(1);
			float[] x = new float[n * s * s * 3], t = new float[n * s * s], w =
				new float[n * s * s];
			for (int i = 0; i < x.length; i++)
				x[i] = (float) r.nextGaussian();
			java.util.Arrays.fill(w, 1f);
			for (int i = 1; i <= 2; i++)
				g.step(x, t, w, n, s, s, 1e-4, i);
			RunMetadata md = g.profileStep(x, t, w, n, s, s, 1e-4, 3);
			Map<String, Double> byOp = new HashMap<>();
			double total = 0;
			for (DeviceStepStats d : md.getStepStats().getDevStatsList())
				for (NodeExecStats ns : d.getNodeStatsList()) {
					String label = ns.getTimelineLabel();
					int eq = label.indexOf(" = "), paren = label.indexOf('(', Math.max(eq,
						0));
					String op = eq >= 0 && paren > eq ? label.substring(eq + 3, paren)
						: ns.getNodeName();
					double ms = (ns.getOpEndRelMicros() - ns.getOpStartRelMicros()) /
						1000.0;
					byOp.merge(op, ms, Double::sum);
					total += ms;
				}
			final double sum = total;
			System.out.printf(Locale.ROOT,
				"summed op time %.0f ms (ops may overlap)%n", sum);
			byOp.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a
				.getValue())).limit(25).forEach(e -> System.out.printf(Locale.ROOT,
					"%8.1f ms %5.1f%% %s%n", e.getValue(), 100 * e.getValue() / sum, e
						.getKey()));
		}
	}
}
