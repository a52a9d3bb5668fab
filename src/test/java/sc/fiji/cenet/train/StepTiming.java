
package sc.fiji.cenet.train;

import java.util.Collections;

import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.WeightInit;

/**
 * Prints the wall time of the first training steps (a quick look, not a
 * benchmark).
 */
public class StepTiming {

	public static void main(String[] a) {
		int n = Integer.parseInt(a[0]), s = Integer.parseInt(a[1]);
		CENetConfig config = new CENetConfig(1, 1);
		float[][] b = TrainingGraphTest.discBatch(n, s, 3);
		long t0 = System.nanoTime();
		try (TrainingGraph g = new TrainingGraph(config, LossKind.DICE_BCE,
			Collections.emptySet(), false, n))
		{
			g.initialize(WeightInit.random(config, 1));
			System.out.printf("build+init %.2f s%n", (System.nanoTime() - t0) / 1e9);
			for (int i = 1; i <= 6; i++) {
				long t = System.nanoTime();
				float l = g.step(b[0], b[1], b[2], n, s, s, 1e-3, i);
				System.out.printf("step %d loss %.4f %.2f s%n", i, l, (System
					.nanoTime() - t) / 1e9);
			}
			long t = System.nanoTime();
			g.evaluate(b[0], b[1], b[2], n, s, s);
			System.out.printf("eval %.2f s%n", (System.nanoTime() - t) / 1e9);
		}
	}
}
