
package sc.fiji.cenet.model;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Seeded random initialisation for training from scratch, as the reference gets
 * it from PyTorch: torchvision's ResNet init for the encoder (He normal,
 * fan-out, BN gamma 1 / beta 0), PyTorch's layer defaults elsewhere (uniform
 * +-1/sqrt(fan_in) for weights and biases), and zero biases in the DAC block as
 * the reference sets them.
 */
public final class WeightInit {

	private WeightInit() {}

	public static StateDict random(CENetConfig config, long seed) {
		StateDict sd = new StateDict();
		SplittableRandom root = new SplittableRandom(seed);
		CENetArchitecture arch = new CENetArchitecture(config);
		// one stream per tensor, split in architecture order: adding a tensor
		// leaves the others unchanged
		for (CENetArchitecture.Param p : arch.params())
			sd.put(p.name, p.shape, values(arch, p, root.split(), float[]::new));
		return sd;
	}

	/**
	 * The tensors of {@link #random} made one at a time, when asked for: a
	 * training session can be initialised without all of them on the heap. Each
	 * call makes a new array; the values equal {@code random(config,
	 * seed).get(name)}; null for a name that is no parameter.
	 */
	public static Function<String, StateDict.Entry> lazy(CENetConfig config,
		long seed)
	{
		return lazy(config, seed, float[]::new);
	}

	/**
	 * {@link #lazy(CENetConfig, long)}, each tensor made in
	 * {@code arrays.apply(length)} (e.g. {@link ReusedArrays}, for a loader that
	 * is done with each before it asks for the next).
	 */
	public static Function<String, StateDict.Entry> lazy(CENetConfig config,
		long seed, IntFunction<float[]> arrays)
	{
		CENetArchitecture arch = new CENetArchitecture(config);
		return name -> {
			SplittableRandom root = new SplittableRandom(seed);
			for (CENetArchitecture.Param p : arch.params()) {
				SplittableRandom r = root.split(); // the stream random() gives this
																						// tensor
				if (p.name.equals(name)) return new StateDict.Entry(p.shape, values(
					arch, p, r, arrays));
			}
			return null;
		};
	}

	/**
	 * Every value is written (zeros too): a reused array holds another tensor's
	 * values.
	 */
	private static float[] values(CENetArchitecture arch,
		CENetArchitecture.Param p, SplittableRandom r, IntFunction<float[]> arrays)
	{
		float[] v = arrays.apply((int) StateDict.numel(p.shape));
		switch (p.kind) {
			case CONV_WEIGHT:
				if (CENetArchitecture.isEncoder(p.name)) {
					double fanOut = p.shape[0] * p.shape[2] * p.shape[3];
					double std = Math.sqrt(2.0 / fanOut);
					for (int i = 0; i < v.length; i++)
						v[i] = (float) (gaussian(r) * std);
				}
				else uniform(v, r, 1.0 / Math.sqrt(p.fanIn));
				break;
			case CONVT_WEIGHT:
				// PyTorch takes dim 1 (out channels of a ConvTranspose2d) as fan-in.
				uniform(v, r, 1.0 / Math.sqrt(p.shape[1] * p.shape[2] * p.shape[3]));
				break;
			case CONV_BIAS:
			case CONVT_BIAS:
				if (!p.name.startsWith("dblock.")) uniform(v, r, 1.0 / Math.sqrt(
					biasFanIn(arch, p.name)));
				else java.util.Arrays.fill(v, 0f); // zero, as the reference sets them
				break;
			case BN_WEIGHT:
			case BN_RUNNING_VAR:
				java.util.Arrays.fill(v, 1f);
				break;
			default: // BN bias and running mean: 0
				java.util.Arrays.fill(v, 0f);
		}
		return v;
	}

	private static double biasFanIn(CENetArchitecture arch, String biasName) {
		String w = biasName.substring(0, biasName.length() - "bias".length()) +
			"weight";
		CENetArchitecture.Param p = arch.param(w);
		return p.kind == CENetArchitecture.Kind.CONVT_WEIGHT ? p.shape[1] *
			p.shape[2] * p.shape[3] : p.fanIn;
	}

	private static void uniform(float[] v, SplittableRandom r, double bound) {
		for (int i = 0; i < v.length; i++)
			v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
	}

	private static double gaussian(SplittableRandom r) {
		double u1 = r.nextDouble(), u2 = r.nextDouble();
		return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
	}
}
