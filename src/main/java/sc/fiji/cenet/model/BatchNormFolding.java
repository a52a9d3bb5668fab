package sc.fiji.cenet.model;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Folds every inference-mode batch norm into the convolution before it:
 * {@code bn(conv(x) + b) = conv'(x) + b'} with
 * {@code s = gamma / sqrt(var + eps)}, {@code W' = W * s} per output channel and
 * {@code b' = (b - mean) * s + beta}. The result is a state dict without
 * BN entries where every conv that fed a BN has a bias, so the inference
 * graph runs one op less per layer. Computed in double, rounded once.
 */
public final class BatchNormFolding {
	/** PyTorch's default; TF/Keras default to 1e-3, which visibly changes the output. */
	public static final double EPS = 1e-5;

	private BatchNormFolding() { }

	public static StateDict fold(StateDict in, CENetArchitecture arch) {
		Map<String, String> bnOfConv = arch.batchNormOfConv();
		Set<String> consumed = new HashSet<>();
		for (Map.Entry<String, String> pair : bnOfConv.entrySet()) {
			consumed.add(pair.getKey() + ".bias");
			for (String s : new String[] { ".weight", ".bias", ".running_mean", ".running_var" })
				consumed.add(pair.getValue() + s);
		}
		StateDict out = new StateDict();
		for (CENetArchitecture.Param p : arch.params()) {
			String conv = p.name.substring(0, p.name.lastIndexOf('.'));
			if (p.name.endsWith(".weight") && bnOfConv.containsKey(conv))
				foldOne(in, out, p, conv, bnOfConv.get(conv));
			else if (!consumed.contains(p.name)) out.put(p.name, p.shape, in.get(p.name).data());
		}
		return out;
	}

	private static void foldOne(StateDict in, StateDict out, CENetArchitecture.Param p, String conv, String bn) {
		float[] gamma = in.get(bn + ".weight").data(), beta = in.get(bn + ".bias").data();
		float[] mean = in.get(bn + ".running_mean").data(), var = in.get(bn + ".running_var").data();
		StateDict.Entry bias = in.get(conv + ".bias");
		int c = gamma.length;
		double[] s = new double[c];
		for (int i = 0; i < c; i++) s[i] = gamma[i] / Math.sqrt(var[i] + EPS);
		// Output channels are axis 0 of a Conv2d weight [out,in,kh,kw], axis 1 of a ConvTranspose2d [in,out,kh,kw].
		boolean transposed = p.kind == CENetArchitecture.Kind.CONVT_WEIGHT;
		int inner = (int) (p.shape[2] * p.shape[3]);
		int axis1 = (int) p.shape[1];
		float[] w = in.get(p.name).data(), fw = new float[w.length];
		for (int j = 0; j < w.length; j++) {
			int ch = transposed ? (j / inner) % axis1 : j / (inner * axis1);
			fw[j] = (float) (w[j] * s[ch]);
		}
		float[] fb = new float[c];
		for (int i = 0; i < c; i++) {
			double b0 = bias == null ? 0 : bias.data()[i];
			fb[i] = (float) ((b0 - mean[i]) * s[i] + beta[i]);
		}
		out.put(p.name, p.shape, fw);
		out.put(conv + ".bias", new long[] { c }, fb);
	}
}
