
package sc.fiji.cenet.model;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Folds every inference-mode batch norm into the convolution before it:
 * {@code bn(conv(x) + b) = conv'(x) + b'} with
 * {@code s = gamma / sqrt(var + eps)}, {@code W' = W * s} per output channel
 * and {@code b' = (b - mean) * s + beta}. The result is a state dict without BN
 * entries where every conv that fed a BN has a bias, so the inference graph
 * runs one op less per layer. Computed in double, rounded once.
 */
public final class BatchNormFolding {

	/**
	 * PyTorch's default; TF/Keras default to 1e-3, which visibly changes the
	 * output.
	 */
	public static final double EPS = 1e-5;

	private BatchNormFolding() {}

	/**
	 * The folded state dict, all at once (export); inference loads it one
	 * parameter at a time ({@link #shapes}, {@link #entry}).
	 */
	public static StateDict fold(StateDict in, CENetArchitecture arch) {
		StateDict out = new StateDict();
		for (Map.Entry<String, long[]> p : shapes(arch).entrySet())
			out.put(p.getKey(), p.getValue(), entry(in::get, arch, p.getKey())
				.data());
		return out;
	}

	/**
	 * The folded state dict's names and PyTorch shapes, in architecture order,
	 * without computing any value: every conv that fed a BN gains a bias of its
	 * output channels, BN entries are gone.
	 */
	public static Map<String, long[]> shapes(CENetArchitecture arch) {
		Map<String, String> bnOfConv = arch.batchNormOfConv();
		Set<String> consumed = consumed(bnOfConv);
		Map<String, long[]> out = new LinkedHashMap<>();
		for (CENetArchitecture.Param p : arch.params()) {
			String conv = p.name.substring(0, p.name.lastIndexOf('.'));
			if (p.name.endsWith(".weight") && bnOfConv.containsKey(conv)) {
				out.put(p.name, p.shape.clone());
				out.put(conv + ".bias", new long[] {
					p.shape[p.kind == CENetArchitecture.Kind.CONVT_WEIGHT ? 1 : 0] });
			}
			else if (!consumed.contains(p.name)) out.put(p.name, p.shape.clone());
		}
		return out;
	}

	/**
	 * One parameter of the folded state dict ({@link #shapes} names them),
	 * computed from {@code in} alone, so that a model can be loaded without a
	 * second copy of all its weights. {@code in} is left unchanged.
	 */
	public static StateDict.Entry entry(Function<String, StateDict.Entry> in,
		CENetArchitecture arch, String name)
	{
		return entry(in, arch, name, false);
	}

	/**
	 * {@link #entry}, scaling the conv weight that {@code in} gives in place: for
	 * a source that reads every value afresh and keeps none (a model file being
	 * loaded), which then needs no second array per weight.
	 */
	public static StateDict.Entry entryOfFreshValues(
		Function<String, StateDict.Entry> in, CENetArchitecture arch, String name)
	{
		return entry(in, arch, name, true);
	}

	private static StateDict.Entry entry(Function<String, StateDict.Entry> in,
		CENetArchitecture arch, String name, boolean inPlace)
	{
		Map<String, String> bnOfConv = arch.batchNormOfConv();
		String conv = name.substring(0, name.lastIndexOf('.'));
		String bn = bnOfConv.get(conv);
		if (bn == null) {
			if (consumed(bnOfConv).contains(name)) throw new IllegalArgumentException(
				"the folded weights have no " + name);
			StateDict.Entry e = arch.param(name) == null ? null : in.apply(name);
			if (e == null) throw new IllegalArgumentException(
				"the folded weights have no " + name);
			return e;
		}
		double[] scale = scale(in, bn);
		return name.endsWith(".bias") ? foldedBias(in, arch.param(name) == null
			? null : in.apply(name), bn, scale) : foldedWeight(in, arch.param(name),
				scale, inPlace);
	}

	private static Set<String> consumed(Map<String, String> bnOfConv) {
		Set<String> consumed = new HashSet<>();
		for (Map.Entry<String, String> pair : bnOfConv.entrySet()) {
			consumed.add(pair.getKey() + ".bias");
			for (String s : new String[] { ".weight", ".bias", ".running_mean",
				".running_var" })
				consumed.add(pair.getValue() + s);
		}
		return consumed;
	}

	/** s = gamma / sqrt(var + eps) per channel of a BN. */
	private static double[] scale(Function<String, StateDict.Entry> in,
		String bn)
	{
		float[] gamma = in.apply(bn + ".weight").data(), var = in.apply(bn +
			".running_var").data();
		double[] s = new double[gamma.length];
		for (int i = 0; i < s.length; i++)
			s[i] = gamma[i] / Math.sqrt(var[i] + EPS);
		return s;
	}

	/** W' = W * s per output channel, into W's own array when {@code inPlace}. */
	private static StateDict.Entry foldedWeight(
		Function<String, StateDict.Entry> in, CENetArchitecture.Param p, double[] s,
		boolean inPlace)
	{
		// Output channels are axis 0 of a Conv2d weight [out,in,kh,kw], axis 1 of a
		// ConvTranspose2d [in,out,kh,kw].
		boolean transposed = p.kind == CENetArchitecture.Kind.CONVT_WEIGHT;
		int inner = (int) (p.shape[2] * p.shape[3]);
		int axis1 = (int) p.shape[1];
		float[] w = in.apply(p.name).data(), fw = inPlace ? w : new float[w.length];
		for (int j = 0; j < w.length; j++) {
			int ch = transposed ? (j / inner) % axis1 : j / (inner * axis1);
			fw[j] = (float) (w[j] * s[ch]);
		}
		return new StateDict.Entry(p.shape, fw);
	}

	/**
	 * b' = (b - mean) * s + beta; {@code bias} null (b = 0) for a conv without
	 * bias.
	 */
	private static StateDict.Entry foldedBias(
		Function<String, StateDict.Entry> in, StateDict.Entry bias, String bn,
		double[] s)
	{
		float[] beta = in.apply(bn + ".bias").data(), mean = in.apply(bn +
			".running_mean").data();
		float[] fb = new float[s.length];
		for (int i = 0; i < s.length; i++) {
			double b0 = bias == null ? 0 : bias.data()[i];
			fb[i] = (float) ((b0 - mean[i]) * s[i] + beta[i]);
		}
		return new StateDict.Entry(new long[] { s.length }, fb);
	}
}
