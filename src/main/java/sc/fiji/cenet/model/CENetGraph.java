
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * CE-Net ({@code CE_Net_} of the reference code) as a TF graph, NHWC, with
 * parameters named after the reference state_dict. The layer semantics (PyTorch
 * padding, transposed-conv alignment, dilations) live in {@link Layers}; this
 * class is the architecture.
 */
public final class CENetGraph {

	/** How batch norm runs. */
	public enum Mode {
			/**
			 * Batch statistics; running statistics updated with momentum 0.1 by
			 * {@link #batchNormUpdates()}.
			 */
			TRAINING,
			/** Running statistics, eps 1e-5. */
			INFERENCE,
			/**
			 * Parameters come from {@link BatchNormFolding}: every BN is already
			 * inside the conv before it.
			 */
			FOLDED_INFERENCE
	}

	private final Ops tf;
	private final Layers layers;
	private final ParameterSource params;
	private final Mode mode;
	private final CENetConfig config;
	private final boolean fixedFilters;
	private final List<Op> bnUpdates = new ArrayList<>();
	private final Map<String, Operand<TFloat32>> taps = new LinkedHashMap<>();

	/**
	 * @param params where weights come from; in TRAINING mode a
	 *          {@link VariableParameters} (the running statistics are assigned
	 *          to)
	 */
	public CENetGraph(Ops tf, CENetConfig config, ParameterSource params,
		Mode mode)
	{
		this(tf, config, params, mode, false);
	}

	/**
	 * @param fixedFilters FOLDED_INFERENCE in a CPU session whose weights are
	 *          loaded once before its first run: each conv, with its bias,
	 *          residual addition and ReLU, becomes one op that lets oneDNN keep
	 *          its reordered filters ({@link Layers}), and the head runs a few
	 *          images at a time ({@link #headGroups()}); {@code firstbn} and
	 *          {@code finalconv2} (taken before their ReLU) then have no tap, nor
	 *          {@code finaldeconv1} where the head runs in groups
	 */
	public CENetGraph(Ops tf, CENetConfig config, ParameterSource params,
		Mode mode, boolean fixedFilters)
	{
		this(tf, config, params, mode, fixedFilters, false);
	}

	/**
	 * @param batchesOfOne whether the graph will run one image at a time with
	 *          filters that change (see {@link Layers})
	 */
	public CENetGraph(Ops tf, CENetConfig config, ParameterSource params,
		Mode mode, boolean fixedFilters, boolean batchesOfOne)
	{
		if (mode == Mode.TRAINING && !(params instanceof VariableParameters))
			throw new IllegalArgumentException("training needs variables");
		if (fixedFilters && mode != Mode.FOLDED_INFERENCE)
			throw new IllegalArgumentException(
				"fixed filters need batch norm folded into them");
		this.tf = tf;
		this.layers = new Layers(tf, mode == Mode.TRAINING, fixedFilters,
			batchesOfOne);
		this.config = config;
		this.params = params;
		this.mode = mode;
		this.fixedFilters = fixedFilters;
	}

	/**
	 * Into how many groups of images {@link #headByImages} splits a batch where
	 * the filters are fixed (a CPU session that loads its weights once):
	 * {@code -Dcenet.headGroups=N}, else 4; 1 runs the head on the whole batch.
	 * Why: the head's full-resolution tensors are the largest a prediction makes
	 * (32 channels at 448 x 448: 26 MB an image, two at a time). Measured on an
	 * AMD EPYC (Zen 2), fresh JVMs alternating, 448 x 448: peak RSS 0.646-0.653
	 * against 0.803-0.817 GiB at batch 4 (0.982-0.987 against 0.975-0.980 s),
	 * 0.577-0.590 against 0.620-0.636 at batch 2 (0.488-0.505 against 0.494-0.497
	 * s), the same at batch 1. Bands of rows instead (two rows of margin each
	 * side) saved as much at batch 4 but made a batch of one 2.5% slower and
	 * saved 0.01 GiB there (docs/benchmarks.md).
	 */
	static int headGroups() {
		String value = System.getProperty("cenet.headGroups", "4");
		try {
			int n = Integer.parseInt(value);
			if (n >= 1) return n;
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException("-Dcenet.headGroups=" + value +
			": use a whole number from 1");
	}

	/**
	 * Ops that write the new running statistics; run them with every training
	 * step.
	 */
	public List<Op> batchNormUpdates() {
		return Collections.unmodifiableList(bnUpdates);
	}

	/**
	 * The outputs of the reference's top-level modules ({@code firstbn} before
	 * its ReLU, {@code decoderN} before the skip addition, ...), for
	 * layer-by-layer comparison.
	 */
	public Map<String, Operand<TFloat32>> taps() {
		return Collections.unmodifiableMap(taps);
	}

	/**
	 * Logits (before sigmoid/softmax), NHWC with {@code config.outputChannels()}
	 * channels.
	 */
	public Operand<TFloat32> logits(Operand<TFloat32> x) {
		Operand<TFloat32> e = fixedFilters ? conv(x, "firstconv", 7, 2, 3, 1, null,
			true) : relu(tap("firstbn", convBn(x, "firstconv", "firstbn", 7, 2, 3)));
		e = tap("firstmaxpool", layers.maxPool(e, 3, 2, 1));
		Operand<TFloat32> e1 = tap("encoder1", stage(e, 1)), e2 = tap("encoder2",
			stage(e1, 2));
		Operand<TFloat32> e3 = tap("encoder3", stage(e2, 3)), e4 = tap("encoder4",
			stage(e3, 4));
		Operand<TFloat32> center = tap("spp", rmp(tap("dblock", dac(e4))));
		Operand<TFloat32> d4 = tf.math.add(tap("decoder4", decoder(center, 4)), e3);
		Operand<TFloat32> d3 = tf.math.add(tap("decoder3", decoder(d4, 3)), e2);
		Operand<TFloat32> d2 = tf.math.add(tap("decoder2", decoder(d3, 2)), e1);
		Operand<TFloat32> d1 = tap("decoder1", decoder(d2, 1));
		int groups = fixedFilters ? headGroups() : 1;
		return tap("finalconv3", groups > 1 ? headByImages(d1, groups) : head(d1,
			true));
	}

	/**
	 * The final transposed conv and the two convs at full resolution, each of
	 * whose outputs holds 32 channels per pixel: at 4 x 448 x 448, 103 MB.
	 */
	private Operand<TFloat32> head(Operand<TFloat32> d1, boolean taps) {
		Operand<TFloat32> out = layers.transposedConv(d1, params.get(
			"finaldeconv1.weight"), params.get("finaldeconv1.bias"), 4);
		out = relu(taps ? tap("finaldeconv1", out) : out);
		if (fixedFilters) out = conv(out, "finalconv2", 3, 1, 1, 1, null, true);
		else {
			out = conv(out, "finalconv2", 3, 1, 1, 1);
			out = relu(taps ? tap("finalconv2", out) : out);
		}
		return conv(out, "finalconv3", 3, 1, 1, 1);
	}

	/**
	 * {@link #head} a few images at a time, one group after the other, so that
	 * only one group's full-resolution tensors exist at a time: group k takes
	 * images [k N / groups, (k + 1) N / groups) of the batch's N (none where N is
	 * below the groups). The same sums per pixel as the whole head.
	 */
	private Operand<TFloat32> headByImages(Operand<TFloat32> d1, int groups) {
		Operand<TInt32> n = Layers.size(tf, d1, 0);
		// each group's output as [-1, 2H, 2W, classes]: TF's oneDNN conv answers
		// an empty batch (a group of none) with its input's channels
		Operand<TInt32> outShape = tf.concat(Arrays.asList(tf.constant(new int[] {
			-1 }), tf.math.mul(layers.spatialSize(d1), tf.constant(2)), tf.constant(
				new int[] { config.outputChannels() })), tf.constant(0));
		List<Operand<TFloat32>> outs = new ArrayList<>();
		Operand<TFloat32> previous = null;
		for (int k = 0; k < groups; k++) {
			Operand<TInt32> from = tf.math.floorDiv(tf.math.mul(n, tf.constant(k)), tf
				.constant(groups));
			Operand<TInt32> to = tf.math.floorDiv(tf.math.mul(n, tf.constant(k + 1)),
				tf.constant(groups));
			// after the previous group's output exists: one group at a time
			Ops after = previous == null ? tf : tf.withControlDependencies(Arrays
				.asList(previous));
			previous = tf.reshape(head(after.slice(d1, tf.stack(Arrays.asList(from, tf
				.constant(0), tf.constant(0), tf.constant(0))), tf.stack(Arrays.asList(
					tf.math.sub(to, from), tf.constant(-1), tf.constant(-1), tf.constant(
						-1)))), false), outShape);
			outs.add(previous);
		}
		return tf.concat(outs, tf.constant(0));
	}

	/** Sigmoid for one class, softmax over channels for several. */
	public Operand<TFloat32> probabilities(Operand<TFloat32> logits) {
		return config.classes() == 1 ? tf.math.sigmoid(logits) : tf.nn.softmax(
			logits);
	}

	private Operand<TFloat32> tap(String name, Operand<TFloat32> x) {
		taps.put(name, x);
		return x;
	}

	/**
	 * A ResNet-34 stage of BasicBlocks; the first block of stages 2-4 halves the
	 * size.
	 */
	private Operand<TFloat32> stage(Operand<TFloat32> x, int s) {
		for (int b = 0; b < CENetArchitecture.STAGE_BLOCKS[s - 1]; b++) {
			String pre = "encoder" + s + "." + b;
			int stride = b == 0 && s > 1 ? 2 : 1;
			Operand<TFloat32> out = convBnRelu(x, pre + ".conv1", pre + ".bn1", 3,
				stride, 1, null);
			Operand<TFloat32> identity = stride == 1 ? x : convBn(x, pre +
				".downsample.0", pre + ".downsample.1", 1, 2, 0);
			x = convBnRelu(out, pre + ".conv2", pre + ".bn2", 3, 1, 1, identity);
		}
		return x;
	}

	/**
	 * Dense atrous convolution: x + relu(d1(x)) + relu(c(d2(x))) +
	 * relu(c(d2(d1(x)))) + relu(c(d3(d2(d1(x))))). The reference evaluates d1(x)
	 * three times and d2(d1(x)) twice; computing them once is identical and
	 * cheaper.
	 */
	private Operand<TFloat32> dac(Operand<TFloat32> x) {
		Operand<TFloat32> d1 = conv(x, "dblock.dilate1", 3, 1, 1, 1);
		Operand<TFloat32> d2 = conv(x, "dblock.dilate2", 3, 1, 3, 3);
		Operand<TFloat32> d21 = conv(d1, "dblock.dilate2", 3, 1, 3, 3);
		Operand<TFloat32> d321 = conv(d21, "dblock.dilate3", 3, 1, 5, 5);
		Operand<TFloat32> sum = tf.math.add(x, relu(d1));
		sum = tf.math.add(sum, relu(conv(d2, "dblock.conv1x1", 1, 1, 0, 1)));
		sum = tf.math.add(sum, relu(conv(d21, "dblock.conv1x1", 1, 1, 0, 1)));
		return tf.math.add(sum, relu(conv(d321, "dblock.conv1x1", 1, 1, 0, 1)));
	}

	/**
	 * Residual multi-kernel pooling: max-pools 2, 3, 5, 6 (kernel = stride, no
	 * padding), one shared 1x1 conv to one channel, bilinear back to the input
	 * size; [p2, p3, p5, p6, x].
	 */
	private Operand<TFloat32> rmp(Operand<TFloat32> x) {
		Operand<TInt32> size = layers.spatialSize(x);
		List<Operand<TFloat32>> parts = new ArrayList<>();
		for (int k : new int[] { 2, 3, 5, 6 })
			parts.add(layers.resizeBilinear(conv(layers.maxPool(x, k, k, 0),
				"spp.conv", 1, 1, 0, 1), size));
		parts.add(x);
		return tf.concat(parts, tf.constant(3));
	}

	/**
	 * 1x1 conv to in/4, BN, ReLU; 3x3 transposed conv x2, BN, ReLU; 1x1 conv, BN,
	 * ReLU.
	 */
	private Operand<TFloat32> decoder(Operand<TFloat32> x, int d) {
		String pre = "decoder" + d;
		Operand<TFloat32> y = relu(convBn(x, pre + ".conv1", pre + ".norm1", 1, 1,
			0));
		y = layers.transposedConv(y, params.get(pre + ".deconv2.weight"), params
			.get(pre + ".deconv2.bias"), 3);
		y = relu(batchNorm(y, pre + ".norm2"));
		return relu(convBn(y, pre + ".conv3", pre + ".norm3", 1, 1, 0));
	}

	private Operand<TFloat32> conv(Operand<TFloat32> x, String name, int k,
		int stride, int pad, int dilation)
	{
		return conv(x, name, k, stride, pad, dilation, null, false);
	}

	/** relu?(conv(x) + residual), the residual optional. */
	private Operand<TFloat32> conv(Operand<TFloat32> x, String name, int k,
		int stride, int pad, int dilation, Operand<TFloat32> residual, boolean relu)
	{
		String bias = name + ".bias";
		return layers.conv(x, params.get(name + ".weight"), params.has(bias)
			? params.get(bias) : null, k, stride, pad, dilation, residual, relu);
	}

	/**
	 * relu(bn(conv(x)) + residual), the residual optional: one op with fixed
	 * filters.
	 */
	private Operand<TFloat32> convBnRelu(Operand<TFloat32> x, String conv,
		String bn, int k, int stride, int pad, Operand<TFloat32> residual)
	{
		if (fixedFilters) return conv(x, conv, k, stride, pad, 1, residual, true);
		Operand<TFloat32> y = convBn(x, conv, bn, k, stride, pad);
		return relu(residual == null ? y : tf.math.add(y, residual));
	}

	private Operand<TFloat32> convBn(Operand<TFloat32> x, String conv, String bn,
		int k, int stride, int pad)
	{
		return batchNorm(conv(x, conv, k, stride, pad, 1), bn);
	}

	/**
	 * In FOLDED_INFERENCE the BN is already inside the preceding conv's weight
	 * and bias.
	 */
	private Operand<TFloat32> batchNorm(Operand<TFloat32> x, String bn) {
		if (mode == Mode.FOLDED_INFERENCE) return x;
		Operand<TFloat32> gamma = params.get(bn + ".weight"), beta = params.get(bn +
			".bias");
		Operand<TFloat32> mean = params.get(bn + ".running_mean"), var = params.get(
			bn + ".running_var");
		if (mode == Mode.INFERENCE) return layers.batchNorm(x, gamma, beta, mean,
			var);
		FusedBatchNorm<TFloat32, TFloat32> f = layers.trainingBatchNorm(x, gamma,
			beta, mean, var);
		VariableParameters v = (VariableParameters) params;
		bnUpdates.add(tf.assign(v.variable(bn + ".running_mean"), f.batchMean()));
		bnUpdates.add(tf.assign(v.variable(bn + ".running_var"), f
			.batchVariance()));
		return f.y();
	}

	private Operand<TFloat32> relu(Operand<TFloat32> x) {
		return layers.relu(x);
	}
}
