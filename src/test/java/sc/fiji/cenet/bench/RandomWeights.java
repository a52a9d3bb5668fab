
package sc.fiji.cenet.bench;

import java.util.SplittableRandom;

import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;

/**
 * Seeded random CE-Net weights for timing: Kaiming-uniform convolutions and
 * batch norms with mildly random statistics. Speed does not depend on the
 * values as long as the activations stay finite and are not denormal, which
 * this initialisation keeps them.
 */
final class RandomWeights {

	private RandomWeights() {}

	static StateDict of(CENetConfig config, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		StateDict sd = new StateDict();
		for (CENetArchitecture.Param p : new CENetArchitecture(config).params()) {
			float[] v = new float[(int) StateDict.numel(p.shape)];
			double bound = p.fanIn > 0 ? Math.sqrt(6.0 / p.fanIn) : 0;
			for (int j = 0; j < v.length; j++) {
				double r = random.nextDouble(-1, 1);
				switch (p.kind) {
					case CONV_WEIGHT:
					case CONVT_WEIGHT:
						v[j] = (float) (bound * r);
						break;
					case CONV_BIAS:
					case CONVT_BIAS:
					case BN_BIAS:
					case BN_RUNNING_MEAN:
						v[j] = (float) (0.1 * r);
						break;
					case BN_WEIGHT:
						v[j] = (float) (1 + 0.2 * r);
						break;
					case BN_RUNNING_VAR:
						v[j] = (float) (1.25 + 0.25 * r);
						break;
					default:
						throw new AssertionError(p.kind);
				}
			}
			sd.put(p.name, p.shape, v);
		}
		return sd;
	}
}
