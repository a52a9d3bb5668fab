
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The list of CE-Net's parameters, in the order and with the names and
 * PyTorch-layout shapes of the reference {@code CE_Net_} state_dict
 * ({@code num_batches_tracked} counters left out: they do not affect the
 * output). The graph builder, the weight import, initialisation and the model
 * file all follow this one list.
 */
public final class CENetArchitecture {

	/** What a parameter is; decides its TF layout and its initialisation. */
	public enum Kind {

			CONV_WEIGHT, CONV_BIAS, CONVT_WEIGHT, CONVT_BIAS, BN_WEIGHT, BN_BIAS,
			BN_RUNNING_MEAN, BN_RUNNING_VAR;

		public boolean isBatchNormStatistic() {
			return this == BN_RUNNING_MEAN || this == BN_RUNNING_VAR;
		}
	}

	/** One state_dict entry. */
	public static final class Param {

		public final String name;
		public final Kind kind;
		public final long[] shape;
		/**
		 * Fan-in as PyTorch counts it (for transposed convs: in*kh*kw/(stride^2));
		 * 0 for vectors.
		 */
		public final double fanIn;

		Param(String name, Kind kind, long[] shape, double fanIn) {
			this.name = name;
			this.kind = kind;
			this.shape = shape;
			this.fanIn = fanIn;
		}
	}

	public static final int[] STAGE_BLOCKS = { 3, 4, 6, 3 };
	public static final int[] STAGE_FILTERS = { 64, 128, 256, 512 };
	/**
	 * Decoder i+1 maps DECODER_IN[i] to DECODER_OUT[i] channels; index 0 =
	 * decoder1.
	 */
	public static final int[] DECODER_IN = { 64, 128, 256, 516 };
	public static final int[] DECODER_OUT = { 64, 64, 128, 256 };

	private final List<Param> params;
	private final Map<String, String> batchNormOfConv = new LinkedHashMap<>();

	public CENetArchitecture(CENetConfig config) {
		List<Param> p = new ArrayList<>();
		conv(p, "firstconv", 64, config.inputChannels(), 7, false);
		bn(p, "firstbn", 64);
		batchNormOfConv.put("firstconv", "firstbn");
		int in = 64;
		for (int s = 0; s < 4; s++) {
			int f = STAGE_FILTERS[s];
			for (int b = 0; b < STAGE_BLOCKS[s]; b++) {
				String pre = "encoder" + (s + 1) + "." + b;
				int blockIn = b == 0 ? in : f;
				conv(p, pre + ".conv1", f, blockIn, 3, false);
				bn(p, pre + ".bn1", f);
				batchNormOfConv.put(pre + ".conv1", pre + ".bn1");
				conv(p, pre + ".conv2", f, f, 3, false);
				bn(p, pre + ".bn2", f);
				batchNormOfConv.put(pre + ".conv2", pre + ".bn2");
				if (b == 0 && s > 0) {
					conv(p, pre + ".downsample.0", f, blockIn, 1, false);
					bn(p, pre + ".downsample.1", f);
					batchNormOfConv.put(pre + ".downsample.0", pre + ".downsample.1");
				}
			}
			in = f;
		}
		conv(p, "dblock.dilate1", 512, 512, 3, true);
		conv(p, "dblock.dilate2", 512, 512, 3, true);
		conv(p, "dblock.dilate3", 512, 512, 3, true);
		conv(p, "dblock.conv1x1", 512, 512, 1, true);
		conv(p, "spp.conv", 1, 512, 1, true);
		for (int d = 3; d >= 0; d--) {
			String pre = "decoder" + (d + 1);
			int cin = DECODER_IN[d], mid = cin / 4, cout = DECODER_OUT[d];
			conv(p, pre + ".conv1", mid, cin, 1, true);
			bn(p, pre + ".norm1", mid);
			convT(p, pre + ".deconv2", mid, mid, 3);
			bn(p, pre + ".norm2", mid);
			conv(p, pre + ".conv3", cout, mid, 1, true);
			bn(p, pre + ".norm3", cout);
			batchNormOfConv.put(pre + ".conv1", pre + ".norm1");
			batchNormOfConv.put(pre + ".deconv2", pre + ".norm2");
			batchNormOfConv.put(pre + ".conv3", pre + ".norm3");
		}
		convT(p, "finaldeconv1", 64, 32, 4);
		conv(p, "finalconv2", 32, 32, 3, true);
		conv(p, "finalconv3", config.outputChannels(), 32, 3, true);
		this.params = Collections.unmodifiableList(p);
	}

	/** All parameters in state_dict order. */
	public List<Param> params() {
		return params;
	}

	/**
	 * Conv (or transposed conv) prefix to the prefix of the batch norm that
	 * follows it.
	 */
	public Map<String, String> batchNormOfConv() {
		return Collections.unmodifiableMap(batchNormOfConv);
	}

	/** The parameter of that name, or null. */
	public Param param(String name) {
		for (Param q : params)
			if (q.name.equals(name)) return q;
		return null;
	}

	/** Name to PyTorch-layout shape, in state_dict order. */
	public Map<String, long[]> shapes() {
		Map<String, long[]> m = new LinkedHashMap<>();
		for (Param q : params)
			m.put(q.name, q.shape.clone());
		return m;
	}

	/**
	 * Whether a parameter belongs to the ResNet-34 encoder (what ImageNet
	 * initialisation covers).
	 */
	public static boolean isEncoder(String name) {
		return name.startsWith("firstconv.") || name.startsWith("firstbn.") || name
			.startsWith("encoder");
	}

	private static void conv(List<Param> p, String n, int out, int in, int k,
		boolean bias)
	{
		p.add(new Param(n + ".weight", Kind.CONV_WEIGHT, new long[] { out, in, k,
			k }, (double) in * k * k));
		if (bias) p.add(new Param(n + ".bias", Kind.CONV_BIAS, new long[] { out },
			0));
	}

	private static void convT(List<Param> p, String n, int in, int out, int k) {
		p.add(new Param(n + ".weight", Kind.CONVT_WEIGHT, new long[] { in, out, k,
			k }, (double) in * k * k / 4.0));
		p.add(new Param(n + ".bias", Kind.CONVT_BIAS, new long[] { out }, 0));
	}

	private static void bn(List<Param> p, String n, int c) {
		p.add(new Param(n + ".weight", Kind.BN_WEIGHT, new long[] { c }, 0));
		p.add(new Param(n + ".bias", Kind.BN_BIAS, new long[] { c }, 0));
		p.add(new Param(n + ".running_mean", Kind.BN_RUNNING_MEAN, new long[] { c },
			0));
		p.add(new Param(n + ".running_var", Kind.BN_RUNNING_VAR, new long[] { c },
			0));
	}
}
