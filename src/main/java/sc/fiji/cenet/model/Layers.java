
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Shape;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * CE-Net's layer kinds as TF ops (NHWC) that compute exactly what the PyTorch
 * layers compute, and whose gradients are right in TF Java 1.1.0.
 * <p>
 * Five TF behaviours shape this class:
 * <ul>
 * <li>PyTorch pads symmetrically; TF's {@code SAME} pads more at the end for
 * stride 2. Stride-2 ops therefore pad explicitly and run {@code VALID}.</li>
 * <li>The built-in Conv2D gradient ignores dilations, so in training dilated
 * convs run as nine shifted views times the weight matrix or as space-to-batch,
 * plain conv, batch-to-space ({@link DilatedTrainingConv}).</li>
 * <li>oneDNN's Conv2DBackpropInput (TF 2.18 CPU) returns wrong values for the
 * output channels past the last multiple of 32 when there are more than 32
 * (e.g. channel 128 of 129). That op is both the transposed conv and the input
 * gradient of every conv, so transposed convs pad their output channels to a
 * multiple of 32 and 1x1 convs (which meet 129 and 516 channels in decoder4)
 * run as matrix products.</li>
 * <li>For a batch of one with filters that change, TF's oneDNN Conv2D fixes the
 * filter layout, which oneDNN on x86 runs as im2col + GEMM: graphs for batches
 * of one build their plain convs as {@link ConvAsConv3d} where that was
 * measured faster ({@link #conv3dForBatchesOfOne()}).</li>
 * <li>TF's Conv2D has a gradient that TF Java cannot replace; where oneDNN's
 * weight gradient was measured slow, training builds its stride-1 convs up to
 * {@link #TAPS_INPUT_CHANNELS} input channels and the final 4x4 transposed conv
 * as {@link ConvAsConv3d} too, whose registered gradients take the filter
 * gradient by {@link TapsFilterGradient}
 * ({@link #filterGradientAsTaps()}).</li>
 * </ul>
 */
public final class Layers {

	/** PyTorch's BatchNorm2d default; TF/Keras default to 1e-3. */
	public static final float BN_EPS = 1e-5f;
	/** PyTorch's momentum 0.1: new running = 0.9 old + 0.1 batch. */
	public static final float BN_MOMENTUM = 0.1f;
	private static final int ONEDNN_SAFE_CHANNELS = 32;
	/**
	 * From this many input channels a forward-only 3x3 conv runs as image patches
	 * times a matrix, by processor family, as measured with TF 2.18 (oneDNN) on 2
	 * vCPUs at a 448 input: on an AMD EPYC (Zen 5) 2.9x faster than oneDNN's
	 * convolution for 512 channels at 14 x 14, 2x with dilation 3, 1.4x for 256
	 * at 28 x 28, 1.6x slower for 128 at 56 x 56, so from 256 channels; on an
	 * Intel Xeon (Emerald Rapids) the whole network at batch 1 ran 10% faster
	 * with none (0.190 s against 0.211 s from 256 channels, 0.19-0.22 s from
	 * 512), so never; on an AMD EPYC (Zen 4, family 25) the whole network ran
	 * 20-25% faster with none (batch 1: 0.205-0.213 s against 0.250-0.260 s from
	 * 256 channels; batch 4: 0.83 s against 1.09 s; alternating, same session,
	 * docs/benchmarks.md), so never; on an AMD EPYC (Zen 2, family 23, oneDNN on)
	 * with none 0.266-0.268 s against 0.355-0.369 s from 256 (batch 1, fixed
	 * filters), 1.01 s against 1.24 s (batch 4), so never. Other processors keep
	 * the first measurement (from 256). {@code -Dcenet.patchConvChannels=N}
	 * overrides it.
	 */
	static final long PATCH_CONV_CHANNELS = Long.getLong(
		"cenet.patchConvChannels", patchConvChannels(ProcessorFamily.current()));

	/**
	 * How dilated convs run in training:
	 * {@code -Dcenet.dilatedTrainingConv=SHIFTED_TAPS|SPACE_TO_BATCH}, else the
	 * processor family's measured way.
	 */
	static DilatedTrainingConv dilatedTrainingConv() {
		String way = System.getProperty("cenet.dilatedTrainingConv");
		if (way == null) return dilatedTrainingConv(ProcessorFamily.current());
		try {
			return DilatedTrainingConv.valueOf(way);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("-Dcenet.dilatedTrainingConv=" + way +
				": use one of " + Arrays.toString(DilatedTrainingConv.values()), e);
		}
	}

	/**
	 * A family's way to run dilated convs in training, as measured. On an AMD
	 * EPYC (Zen 4, family 25) shifted taps ran a training step faster: medians of
	 * steps interleaved in one JVM ({@code TrainingBenchmark compare}) at batch 1
	 * 0.759 against 0.786 s, batch 4 3.139 against 3.343 s; the DAC block's two
	 * dilated convs alone, forward and both gradients
	 * ({@code TrainingBenchmark dilated}), 34 against 53 ms (batch 1) and 118
	 * against 175 ms (batch 4) (docs/benchmarks.md); on an AMD EPYC (Zen 2,
	 * family 23, oneDNN on) 1.330 against 1.382 s (batch 1), the two convs 34
	 * against 71 ms. Unmeasured on other processors, which keep space-to-batch.
	 * Chosen by the host processor also when a GPU runs the graph (where both
	 * forms work; their speed there is unmeasured).
	 */
	static DilatedTrainingConv dilatedTrainingConv(ProcessorFamily family) {
		return family == ProcessorFamily.AMD || family == ProcessorFamily.AMD_AVX2
			? DilatedTrainingConv.SHIFTED_TAPS : DilatedTrainingConv.SPACE_TO_BATCH;
	}

	/**
	 * Whether graphs that run one image at a time with filters that change build
	 * their plain convs as {@link ConvAsConv3d}:
	 * {@code -Dcenet.batchOfOneConv3d=true|false}, else the processor family's
	 * measured choice where TF runs oneDNN (the fixed layout is oneDNN's; without
	 * it Conv3D is unmeasured).
	 */
	static boolean conv3dForBatchesOfOne() {
		return oneDnnChoice("cenet.batchOfOneConv3d", conv3dForBatchesOfOne(
			ProcessorFamily.current()));
	}

	/**
	 * {@code -Dkey=true|false}, else the family's choice where TF runs oneDNN
	 * (the choices about oneDNN's kernels).
	 */
	private static boolean oneDnnChoice(String key, boolean family) {
		return choice(key, () -> family && OneDnnSwitch.apply().on);
	}

	/** {@code -Dkey=true|false}, else the default. */
	private static boolean choice(String key, BooleanSupplier byDefault) {
		String value = System.getProperty(key);
		if (value == null) return byDefault.getAsBoolean();
		if (value.equals("true") || value.equals("false")) return Boolean
			.parseBoolean(value);
		throw new IllegalArgumentException("-D" + key + "=" + value +
			": use true or false");
	}

	/**
	 * Whether training builds its ReLUs as {@link OutputGradientRelu}:
	 * {@code -Dcenet.outputGradientRelu=true|false}, else yes. Otherwise (and
	 * where its gradient cannot be registered) as
	 * {@code Select(x <= 0, zeros, x)}, whose gradient reads a byte mask: the
	 * same memory, but two more passes each way. Measured on an AMD EPYC (Zen 2,
	 * family 23): training steps 1.3-1.4% faster interleaved (batch 1 1.140
	 * against 1.155 s, batch 4 3.995 against 4.053), 1-5% in fresh JVMs, the same
	 * peak memory (docs/benchmarks.md).
	 */
	static boolean outputGradientRelu() {
		return choice("cenet.outputGradientRelu", () -> true);
	}

	/**
	 * A family's choice, as measured (TF 2.18, oneDNN on, 2 vCPUs, 448 x 448,
	 * docs/benchmarks.md). On an AMD EPYC (Zen 2, family 23) a training step of
	 * one image took 1.144 against 1.335 s (medians of steps interleaved in one
	 * JVM, {@code TrainingBenchmark compare}; with Conv3D's own gradient ops
	 * 1.19-1.23 against 1.32-1.41 s in fresh JVMs, peak memory 0.01-0.04 GiB
	 * higher) and validation 0.32-0.33 against 0.51-0.52 s a tile; with two or
	 * four images a step, where TF's Conv2D lets oneDNN choose the filter layout
	 * too, Conv3D was 2-4% slower with the 3-D gradient ops and equal at two with
	 * the 2-D ones (2.084 / 2.114 s, then 2.123 / 2.124), so it is not used
	 * there. The family's other members (Zen, Zen 3) run the same AVX2 kernels,
	 * unmeasured. Unmeasured on processors with AVX-512 (other kernels) and other
	 * families, which keep Conv2D.
	 */
	static boolean conv3dForBatchesOfOne(ProcessorFamily family) {
		return family == ProcessorFamily.AMD_AVX2;
	}

	/**
	 * Whether training graphs compute the filter gradients of their plain
	 * stride-1 convs (up to {@link #TAPS_INPUT_CHANNELS}) and of their 4x4
	 * transposed conv by {@link TapsFilterGradient}:
	 * {@code -Dcenet.filterGradientTaps=true|false}, else the processor family's
	 * measured choice where TF runs oneDNN (the kernel it replaces is oneDNN's).
	 */
	static boolean filterGradientAsTaps() {
		return oneDnnChoice("cenet.filterGradientTaps", filterGradientAsTaps(
			ProcessorFamily.current()));
	}

	/**
	 * A family's choice, as measured (TF 2.18, oneDNN on, 2 vCPUs, 448 x 448,
	 * docs/benchmarks.md). On an AMD EPYC (Zen 2, family 23), where oneDNN's
	 * weight gradient for 32 channels at 448 x 448 runs at 36-41 GFLOP/s
	 * ({@code jit:avx2}), a training step took 1.108 against 1.170 s at batch 1,
	 * 2.052 against 2.182 s at batch 2 and 4.050 against 4.272 s at batch 4
	 * (medians of steps interleaved in one JVM, {@code TrainingBenchmark
	 * compare}), peaking 0.01-0.02 GiB lower at batch 1 and 0.08-0.09 lower at
	 * batch 2 and 4 (fresh JVMs; the data gradient waits for the filter gradient,
	 * where oneDNN ran both at once). The final transposed conv's by taps too
	 * (oneDNN: 43 GFLOP/s): 0.998 against 1.044 s at batch 1, 3.631 against 3.825
	 * s at batch 4 (interleaved), peaking 0.01-0.04 GiB lower. Unmeasured
	 * elsewhere: processors with AVX-512 have other kernels. Chosen by the host
	 * processor also when a GPU runs the graph (where both forms are right; their
	 * speed there is unmeasured).
	 */
	static boolean filterGradientAsTaps(ProcessorFamily family) {
		return family == ProcessorFamily.AMD_AVX2;
	}

	/**
	 * The two exact ways to run a dilated 3x3 conv whose gradients TF Java gets
	 * right.
	 */
	enum DilatedTrainingConv {
			/** {@link Layers#shiftedTapsConv} */
			SHIFTED_TAPS,
			/** {@link Layers#spaceToBatchConv} */
			SPACE_TO_BATCH
	}

	/**
	 * From how many input channels a family's forward 3x3 convs run as patches,
	 * as measured.
	 */
	static long patchConvChannels(ProcessorFamily family) {
		return family == ProcessorFamily.INTEL || family == ProcessorFamily.AMD ||
			family == ProcessorFamily.AMD_AVX2 ? Long.MAX_VALUE : 256;
	}

	/**
	 * Up to this many input channels (CE-Net's two convs at full resolution, the
	 * six of the first encoder stage, 64 channels at 112 x 112, and the seven of
	 * the second, 128 at 56 x 56) stride-1 filter gradients run by
	 * {@link TapsFilterGradient} where {@link #filterGradientAsTaps()}. On an AMD
	 * EPYC (Zen 2), up to 64 against 32 channels a training step was 1.4% shorter
	 * at batch 1 (0.995 against 1.009 s), 2.2% at batch 2 (1.826 / 1.866 s) and
	 * 0.8% at batch 4 (3.595 / 3.625 s; medians of steps interleaved in one JVM),
	 * each outside the other's quartiles, then by one product per tap. By runs of
	 * pixels ({@link TapsFilterGradient}'s products kw times as wide), up to 128
	 * against 64: 0.9381 against 0.9538 s at batch 1, peaking 0.01 GiB higher
	 * (fresh JVMs); up to 256 against 64 1.7599 against 1.7903 s at batch 2 and
	 * 3.3839 against 3.4260 at batch 4, but against 128 the same (1.7728 / 1.7665
	 * s, 3.4280 / 3.4313 s) and peaking 0.04 GiB higher at batch 4, 0.08 at batch
	 * 1. From {@link TapsFilterGradient#PATCHES_INPUT_CHANNELS} (the 512-channel
	 * convs at 14 x 14) they run as one product over image patches: 1.2%, 1.1%
	 * and 1.0% less a step at batch 1, 2 and 4 (0.980 / 0.992 s, 1.816 / 1.836 s,
	 * 3.553 / 3.589 s), the same peaks (docs/benchmarks.md).
	 */
	static final long TAPS_INPUT_CHANNELS = 128;

	/**
	 * The output channels of the stride-1 3x3 convs that training and prediction
	 * with fixed filters build as two convs of half as many each where
	 * {@link #splitOutputConvs()}: CE-Net's eleven such convs at 28 x 28.
	 * oneDNN's AVX2 kernels take 256 output channels in {@code jit:avx2} and 128
	 * in {@code brg_conv_fwd:avx2}; see
	 * {@link #splitOutputConvs(ProcessorFamily)} for what was measured.
	 */
	static final long SPLIT_OUTPUT_CHANNELS = 256;

	/**
	 * The output channels of the dilated 3x3 convs that prediction with fixed
	 * filters builds as four convs of 128 each where {@link #splitOutputConvs()}:
	 * the DAC block's three at 14 x 14 (dilation 3 twice, 5 once), which oneDNN's
	 * AVX2 kernels run in {@code jit:avx2} and {@code gemm:jit} with 512; see
	 * {@link #splitOutputConvs(ProcessorFamily)}.
	 */
	static final long SPLIT_DILATED_OUTPUT_CHANNELS = 512;

	/**
	 * Whether training and prediction with fixed filters build their stride-1 3x3
	 * convs of {@link #SPLIT_OUTPUT_CHANNELS} as two halves, and prediction with
	 * fixed filters its dilated ones of {@link #SPLIT_DILATED_OUTPUT_CHANNELS} as
	 * four quarters: {@code -Dcenet.splitOutputConvs=true|false}, else the
	 * processor family's measured choice where TF runs oneDNN (the kernels it
	 * picks are oneDNN's).
	 */
	static boolean splitOutputConvs() {
		return oneDnnChoice("cenet.splitOutputConvs", splitOutputConvs(
			ProcessorFamily.current()));
	}

	/**
	 * A family's choice, as measured (TF 2.18, oneDNN on, 2 vCPUs, 448 x 448,
	 * docs/benchmarks.md). On an AMD EPYC (Zen 2, family 23) oneDNN ran a 256 to
	 * 256 channel conv at 28 x 28 in {@code jit:avx2} and each half of it in
	 * {@code brg_conv_fwd:avx2}: alone at batch 4, forward 20.2-20.4 against
	 * 22.8-23.2 ms. A training step 0.952 against 0.982 s at batch 1, 1.811 and
	 * 1.819 against 1.836 and 1.848 s at batch 2, 3.543 against 3.649 s at batch
	 * 4 (medians of steps interleaved in one JVM, each outside the other's
	 * quartiles; a first batch-2 run, beside a build, had it 8% slower: 1.980
	 * against 1.829 s), peaking 0.02-0.05 GiB higher (fresh JVMs). The
	 * 512-channel convs in four as well: slower (1.023 against 0.992 s, 3.701
	 * against 3.618); the 256-channel ones in quarters: slower than halves (0.983
	 * against 0.965 s at batch 1). Prediction with fixed filters
	 * ({@link FixedFilterConv}, oneDNN's blocked copy of each half): one 448 x
	 * 448 image 0.256-0.261 against 0.265-0.269 s, four 0.974-0.980 against
	 * 0.999-1.009 s (fresh JVMs alternating, four each), peaking the same at
	 * batch 1 (0.53-0.54 GiB) and up to 0.01 GiB higher at batch 4 (an earlier
	 * measurement, with plain convs, had the two within the spread); its
	 * undilated 512-channel convs in halves or quarters no faster and 0.03 GiB
	 * higher, the DAC block's dilated ones in quarters faster: 0.2533-0.2545
	 * against 0.2585-0.2608 s at batch 1, 0.9474-0.9503 against 0.9716-0.9788 s
	 * at batch 4, peaking up to 0.01 GiB higher (in halves no faster). Not in
	 * graphs without fixed filters (an exported model: portable, and unmeasured).
	 * Unmeasured on other processors, whose kernels differ. Chosen by the host
	 * processor also when a GPU runs the graph (the same sums; their speed there
	 * is unmeasured).
	 */
	static boolean splitOutputConvs(ProcessorFamily family) {
		return family == ProcessorFamily.AMD_AVX2;
	}

	private final Ops tf;
	private final boolean forTraining;
	private final long patchConvChannels;
	private final boolean fixedFilters;
	private final DilatedTrainingConv dilatedTrainingConv;
	private final boolean convAsConv3d;
	private final boolean filterGradientAsTaps;
	private final boolean outputGradientRelu;
	private final boolean splitOutputConvs;

	/**
	 * @param forTraining whether gradients will be taken: only then must dilated
	 *          convs avoid TF's own (forward-correct, gradient-wrong) dilated
	 *          Conv2D
	 */
	public Layers(Ops tf, boolean forTraining) {
		this(tf, forTraining, false);
	}

	/**
	 * @param fixedFilters whether the filters never change once the session has
	 *          run (an inference session that loads its weights once, on a CPU):
	 *          then convs with a bias run as {@link FixedFilterConv}, where this
	 *          TF has it
	 */
	public Layers(Ops tf, boolean forTraining, boolean fixedFilters) {
		this(tf, forTraining, fixedFilters, false);
	}

	/**
	 * @param batchesOfOne whether the graph will run one image at a time (a
	 *          training step of one image, validation tile by tile): then, where
	 *          {@link #conv3dForBatchesOfOne()} and the filters are not fixed,
	 *          plain convs run as {@link ConvAsConv3d}
	 */
	public Layers(Ops tf, boolean forTraining, boolean fixedFilters,
		boolean batchesOfOne)
	{
		this(tf, forTraining, PATCH_CONV_CHANNELS, fixedFilters,
			dilatedTrainingConv(), batchesOfOne && !fixedFilters &&
				conv3dForBatchesOfOne(), forTraining && filterGradientAsTaps());
	}

	/**
	 * {@link #Layers(Ops, boolean, long, boolean, DilatedTrainingConv, boolean, boolean)}
	 * with TF's own filter gradients.
	 */
	Layers(Ops tf, boolean forTraining, long patchConvChannels,
		boolean fixedFilters, DilatedTrainingConv dilatedTrainingConv,
		boolean convAsConv3d)
	{
		this(tf, forTraining, patchConvChannels, fixedFilters, dilatedTrainingConv,
			convAsConv3d, false);
	}

	/**
	 * @param patchConvChannels from this many input channels, forward-only 3x3
	 *          convs run as patches times a matrix
	 * @param dilatedTrainingConv how dilated convs run when {@code forTraining}
	 * @param convAsConv3d whether plain convs run as {@link ConvAsConv3d} (in
	 *          training only where its gradient could be registered)
	 * @param filterGradientAsTaps whether, in training, plain stride-1 SAME convs
	 *          and 4x4 transposed convs run as {@link ConvAsConv3d} with
	 *          {@link TapsFilterGradient} for their filter gradient (only where
	 *          its gradient could be registered)
	 */
	Layers(Ops tf, boolean forTraining, long patchConvChannels,
		boolean fixedFilters, DilatedTrainingConv dilatedTrainingConv,
		boolean convAsConv3d, boolean filterGradientAsTaps)
	{
		if (forTraining && fixedFilters) throw new IllegalArgumentException(
			"training changes the filters");
		this.tf = tf;
		this.forTraining = forTraining;
		this.patchConvChannels = patchConvChannels;
		this.fixedFilters = fixedFilters;
		this.dilatedTrainingConv = dilatedTrainingConv;
		this.convAsConv3d = convAsConv3d && (!forTraining || ConvAsConv3d
			.gradientRegistered());
		this.filterGradientAsTaps = filterGradientAsTaps && forTraining &&
			ConvAsConv3d.gradientRegistered();
		this.outputGradientRelu = forTraining && outputGradientRelu() &&
			OutputGradientRelu.gradientRegistered();
		this.splitOutputConvs = (forTraining || fixedFilters) && splitOutputConvs();
	}

	/**
	 * PyTorch Conv2d(k, stride, padding=pad, dilation) with weight
	 * {@code [k,k,in,out]} (TF layout) and optional bias.
	 */
	public Operand<TFloat32> conv(Operand<TFloat32> x, Operand<TFloat32> w,
		Operand<TFloat32> bias, int k, int stride, int pad, int dilation)
	{
		return conv(x, w, bias, k, stride, pad, dilation, null, false);
	}

	/**
	 * {@code relu(conv(x) + bias + residual)}, the residual and the ReLU
	 * optional: one op where the filters are fixed ({@link FixedFilterConv}),
	 * else the plain ops, which TF's graph rewrite fuses the same way.
	 */
	public Operand<TFloat32> conv(Operand<TFloat32> x, Operand<TFloat32> w,
		Operand<TFloat32> bias, int k, int stride, int pad, int dilation,
		Operand<TFloat32> residual, boolean relu)
	{
		int parts = k == 3 && stride == 1 ? outputParts(w.shape().size(3), dilation)
			: 1;
		if (parts > 1) return splitOutputConv(x, w, bias, pad, dilation, residual,
			relu, parts);
		boolean fixed = fixedFilters && bias != null && FixedFilterConv.available();
		Operand<TFloat32> y;
		if (k == 1 && stride == 1 && pad == 0) y = conv1x1(x, w);
		else if (dilation > 1 && forTraining) y =
			dilatedTrainingConv == DilatedTrainingConv.SHIFTED_TAPS ? shiftedTapsConv(
				x, w, dilation) : spaceToBatchConv(x, w, dilation);
		else if (!forTraining && k == 3 && stride == 1 && pad == dilation && w
			.shape().size(2) >= patchConvChannels) y = patchConv(x, w, dilation);
		else if (!forTraining && k == 3 && stride == 1 && pad == 1 &&
			dilation == 1 && w.shape().size(3) == 1) y = tapSumConv(x, w);
		else {
			// TF's own conv. SAME pads symmetrically for stride 1 with
			// 2 pad = k - 1, and for the forward-only dilated convs here
			// (stride 1, pad = dilation); otherwise explicit padding, VALID.
			boolean same = dilation > 1 || stride == 1 && 2 * pad == k - 1;
			Operand<TFloat32> in = same || pad == 0 ? x : pad(x, pad);
			int s = same ? 1 : stride;
			String padding = same ? "SAME" : "VALID";
			if (fixed) return FixedFilterConv.build(tf, in, w, bias, residual, relu,
				s, padding, dilation);
			y = plainConv(in, w, s, padding, dilation);
		}
		if (bias != null) y = tf.nn.biasAdd(y, bias);
		if (residual != null) y = tf.math.add(y, residual);
		return relu ? relu(y) : y;
	}

	/**
	 * Into how many convs of 128 output channels a stride-1 3x3 conv is built
	 * where {@link #splitOutputConvs()}: those to {@link #SPLIT_OUTPUT_CHANNELS}
	 * in two, and in prediction with fixed filters the dilated ones to
	 * {@link #SPLIT_DILATED_OUTPUT_CHANNELS} in four; else one.
	 */
	private int outputParts(long out, int dilation) {
		if (!splitOutputConvs) return 1;
		if (dilation == 1 && out == SPLIT_OUTPUT_CHANNELS) return 2;
		if (dilation > 1 && fixedFilters && out == SPLIT_DILATED_OUTPUT_CHANNELS)
			return 4;
		return 1;
	}

	/**
	 * A stride-1 3x3 conv (and its bias, residual and ReLU) as convs of an equal
	 * part of the output channels each, side by side (see {@link #outputParts}).
	 */
	private Operand<TFloat32> splitOutputConv(Operand<TFloat32> x,
		Operand<TFloat32> w, Operand<TFloat32> bias, int pad, int dilation,
		Operand<TFloat32> residual, boolean relu, int parts)
	{
		int part = (int) (w.shape().size(3) / parts);
		List<Operand<TFloat32>> convs = new ArrayList<>();
		for (int from = 0; from < parts * part; from += part)
			convs.add(conv(x, lastAxisSlice(w, from, part), bias == null ? null
				: lastAxisSlice(bias, from, part), 3, 1, pad, dilation, residual == null
					? null : lastAxisSlice(residual, from, part), relu));
		return tf.concat(convs, tf.constant(3));
	}

	/**
	 * Channels [from, from + n) along the last axis. Begin and size are int32:
	 * TF's gradient of a Slice with int64 ones mixes the two types and fails.
	 */
	private Operand<TFloat32> lastAxisSlice(Operand<TFloat32> t, int from,
		int n)
	{
		int rank = t.shape().numDimensions();
		int[] begin = new int[rank], size = new int[rank];
		Arrays.fill(size, -1);
		begin[rank - 1] = from;
		size[rank - 1] = n;
		return tf.slice(t, tf.constant(begin), tf.constant(size));
	}

	/**
	 * TF's own conv: Conv2D, or {@link ConvAsConv3d} where this graph's convs are
	 * to run that way.
	 */
	private Operand<TFloat32> plainConv(Operand<TFloat32> in, Operand<TFloat32> w,
		int stride, String padding, int dilation)
	{
		if (dilation > 1) return tf.nn.conv2d(in, w, strides(stride), padding,
			Conv2d.dilations(Arrays.asList(1L, (long) dilation, (long) dilation,
				1L)));
		long[] filter = w.shape().asArray();
		boolean taps = filterGradientAsTaps && TapsFilterGradient.computes(filter,
			stride, stride, padding) && (filter[2] <= TAPS_INPUT_CHANNELS ||
				filter[2] >= TapsFilterGradient.PATCHES_INPUT_CHANNELS);
		return convAsConv3d || taps ? ConvAsConv3d.conv(tf, in, w, strides(stride),
			padding, taps) : tf.nn.conv2d(in, w, strides(stride), padding);
	}

	/**
	 * 1x1 conv as a matrix product over all pixels (see the class comment for
	 * why).
	 */
	private Operand<TFloat32> conv1x1(Operand<TFloat32> x, Operand<TFloat32> w) {
		Shape<TInt32> xs = tf.shape(x), ws = tf.shape(w);
		Operand<TInt32> cin = slice(ws, 2, 1), cout = slice(ws, 3, 1);
		Operand<TFloat32> flat = tf.reshape(x, tf.concat(Arrays.asList(tf.constant(
			new int[] { -1 }), cin), tf.constant(0)));
		Operand<TFloat32> y = tf.linalg.matMul(flat, tf.reshape(w, tf.concat(Arrays
			.asList(cin, cout), tf.constant(0))));
		return tf.reshape(y, tf.concat(Arrays.asList(slice(xs, 0, 3), cout), tf
			.constant(0)));
	}

	/**
	 * 3x3 conv, stride 1, dilation d, padding d, as one matrix product: the 3 x 3
	 * neighbourhoods (ExtractImagePatches orders them row, column, channel, as
	 * the flattened {@code [3,3,in,out]} weight) times the weight. Forward only:
	 * TF has no C++ gradient for ExtractImagePatches.
	 */
	private Operand<TFloat32> patchConv(Operand<TFloat32> x, Operand<TFloat32> w,
		int d)
	{
		long in = w.shape().size(2), out = w.shape().size(3);
		List<Long> taps = Arrays.asList(1L, 3L, 3L, 1L), rates = Arrays.asList(1L,
			(long) d, (long) d, 1L);
		Operand<TFloat32> patches = tf.image.extractImagePatches(x, taps, strides(
			1), rates, "SAME");
		return conv1x1(patches, tf.reshape(w, tf.constant(new long[] { 1, 1, 9 * in,
			out })));
	}

	/**
	 * 3x3 conv, padding 1, to one output channel (finalconv3): oneDNN runs it at
	 * ~5 GFLOP/s. As the sum over the 9 taps of (input times that tap's weights)
	 * shifted by the tap's offset, it is one matrix product to 9 channels and 9
	 * slices of a 9-channel image.
	 */
	private Operand<TFloat32> tapSumConv(Operand<TFloat32> x,
		Operand<TFloat32> w)
	{
		long in = w.shape().size(2);
		// [3,3,in,1] -> [1,1,in,9]: output channel t = tap (row t / 3, column t %
		// 3)
		Operand<TFloat32> perTap = tf.reshape(tf.linalg.transpose(tf.reshape(w, tf
			.constant(new long[] { 9, in })), tf.constant(new int[] { 1, 0 })), tf
				.constant(new long[] { 1, 1, in, 9 }));
		Operand<TFloat32> padded = pad(conv1x1(x, perTap), 1);
		Operand<TInt32> size = tf.concat(Arrays.asList(slice(tf.shape(x), 0, 3), tf
			.constant(new int[] { 1 })), tf.constant(0));
		List<Operand<TFloat32>> shifted = new ArrayList<>();
		for (int t = 0; t < 9; t++)
			shifted.add(tf.slice(padded, tf.constant(new int[] { 0, t / 3, t % 3,
				t }), size));
		return tf.math.addN(shifted);
	}

	/**
	 * 3x3 conv, dilation d, padding d, as one matrix product: the nine views of
	 * the padded input shifted by each tap's offset, side by side in channels
	 * (row, column, channel: the order of the flattened {@code [3,3,in,out]}
	 * weight), times the weight. Unlike ExtractImagePatches ({@link #patchConv})
	 * every op here has a gradient in TF Java. The views are one gather of the
	 * padded pixels, not nine slices: the gradient of nine slices is an AddN of
	 * nine tensors, which sums them in an order that varies from session to
	 * session (it moves whichever input it can reuse first), so that identical
	 * training runs drifted apart; the gather's gradient (UnsortedSegmentSum)
	 * sums in index order. Costs nine copies of the input, which at CE-Net's DAC
	 * block (1/32 of the image) is little.
	 */
	private Operand<TFloat32> shiftedTapsConv(Operand<TFloat32> x,
		Operand<TFloat32> w, int d)
	{
		long in = w.shape().size(2), out = w.shape().size(3);
		Operand<TInt32> shape = tf.shape(x);
		Operand<TInt32> h = slice(shape, 1, 1), width = slice(shape, 2, 1);
		Operand<TInt32> paddedWidth = tf.math.add(width, tf.constant(2 * d));
		// index in the flattened padded image of output pixel (i, j)'s tap t:
		// (i + row(t)) * paddedWidth + j + column(t)
		int[] tapRows = new int[9], tapColumns = new int[9];
		for (int t = 0; t < 9; t++) {
			tapRows[t] = t / 3 * d;
			tapColumns[t] = t % 3 * d;
		}
		Operand<TInt32> tapOffsets = tf.math.add(tf.math.mul(tf.constant(tapRows),
			paddedWidth), tf.constant(tapColumns));
		Operand<TInt32> rows = tf.reshape(tf.math.mul(tf.range(tf.constant(0), tf
			.reshape(h, tf.constant(new int[0])), tf.constant(1)), paddedWidth), tf
				.constant(new int[] { -1, 1, 1 }));
		Operand<TInt32> columns = tf.reshape(tf.range(tf.constant(0), tf.reshape(
			width, tf.constant(new int[0])), tf.constant(1)), tf.constant(new int[] {
				1, -1, 1 }));
		Operand<TInt32> indices = tf.reshape(tf.math.add(tf.math.add(rows, columns),
			tf.reshape(tapOffsets, tf.constant(new int[] { 1, 1, 9 }))), tf.constant(
				new int[] { -1 }));
		Operand<TFloat32> flat = tf.reshape(pad(x, d), tf.concat(Arrays.asList(
			slice(shape, 0, 1), tf.constant(new int[] { -1, (int) in })), tf.constant(
				0)));
		Operand<TFloat32> taps = tf.reshape(tf.gather(flat, indices, tf.constant(
			1)), tf.concat(Arrays.asList(slice(shape, 0, 3), tf.constant(new int[] {
				9 * (int) in })), tf.constant(0)));
		return conv1x1(taps, tf.reshape(w, tf.constant(new long[] { 1, 1, 9 * in,
			out })));
	}

	/**
	 * 3x3 conv, dilation d, padding d: every d-th pixel forms a sub-image on
	 * which a plain VALID conv is exactly the dilated conv. The padded size h+2d
	 * is rounded up to a multiple of d by e extra pixels at the end, cropped off
	 * again afterwards.
	 */
	private Operand<TFloat32> spaceToBatchConv(Operand<TFloat32> x,
		Operand<TFloat32> w, int d)
	{
		Operand<TInt32> padded = tf.math.add(spatialSize(x), tf.constant(2 * d));
		Operand<TInt32> extra = tf.math.mod(tf.math.sub(tf.constant(d), tf.math.mod(
			padded, tf.constant(d))), tf.constant(d));
		Operand<TInt32> paddings = tf.stack(Arrays.asList(tf.constant(new int[] { d,
			d }), tf.math.add(extra, tf.constant(d))), org.tensorflow.op.core.Stack
				.axis(1L));
		Operand<TInt32> crops = tf.stack(Arrays.asList(tf.constant(new int[] { 0,
			0 }), extra), org.tensorflow.op.core.Stack.axis(1L));
		Operand<TInt32> block = tf.constant(new int[] { d, d });
		// Conv2D: space-to-batch makes the batch d * d images, never one
		Operand<TFloat32> y = tf.nn.conv2d(tf.spaceToBatchNd(x, block, paddings), w,
			strides(1), "VALID");
		return tf.batchToSpaceNd(y, block, crops);
	}

	/**
	 * PyTorch ConvTranspose2d(k, stride 2, padding 1, output_padding k==3 ? 1 :
	 * 0) with weight {@code [k,k,out,in]} (TF layout), output size 2n. PyTorch
	 * puts input i's tap t at output 2i+t-1. For k=4 that is TF's SAME. For k=3
	 * SAME would put it at 2i+t, so: VALID (size 2n+1, tap at 2i+t) and keep rows
	 * and columns 1..2n.
	 */
	public Operand<TFloat32> transposedConv(Operand<TFloat32> x,
		Operand<TFloat32> w, Operand<TFloat32> bias, int k)
	{
		if (k != 3 && k != 4) throw new IllegalArgumentException("kernel " + k);
		int out = (int) w.shape().get(2);
		int safe = (out + ONEDNN_SAFE_CHANNELS - 1) / ONEDNN_SAFE_CHANNELS *
			ONEDNN_SAFE_CHANNELS;
		Operand<TFloat32> wp = out > ONEDNN_SAFE_CHANNELS && safe != out ? tf.pad(w,
			tf.constant(new int[][] { { 0, 0 }, { 0, 0 }, { 0, safe - out }, { 0,
				0 } }), tf.constant(0f)) : w;
		int channels = wp == w ? out : safe;
		Operand<TInt32> n = slice(tf.shape(x), 0, 1);
		Operand<TInt32> twoN = tf.math.mul(spatialSize(x), tf.constant(2));
		Operand<TFloat32> y;
		if (k == 4) {
			Operand<TInt32> size = tf.concat(Arrays.asList(n, twoN, tf.constant(
				new int[] { channels })), tf.constant(0));
			// the filter gradient by taps: see filterGradientAsTaps()
			y = filterGradientAsTaps ? ConvAsConv3d.transposedConv(tf, size, wp, x,
				strides(2), "SAME") : tf.nn.conv2dBackpropInput(size, wp, x, strides(2),
					"SAME");
			if (channels != out) y = lastAxisSlice(y, 0, out);
		}
		else {
			Operand<TInt32> full = tf.math.add(twoN, tf.constant(1));
			y = tf.nn.conv2dBackpropInput(tf.concat(Arrays.asList(n, full, tf
				.constant(new int[] { channels })), tf.constant(0)), wp, x, strides(2),
				"VALID");
			Operand<TInt32> size = tf.concat(Arrays.asList(tf.constant(new int[] {
				-1 }), twoN, tf.constant(new int[] { out })), tf.constant(0));
			y = tf.slice(y, tf.constant(new int[] { 0, 1, 1, 0 }), size);
		}
		return bias == null ? y : tf.nn.biasAdd(y, bias);
	}

	/**
	 * Inference batch norm with running statistics, as a per-channel scale and
	 * shift: {@code x * s + (beta - mean * s)}, {@code s = gamma / sqrt(var +
	 * eps)}. As a FusedBatchNorm op, TF's oneDNN rewrite folds it into the conv
	 * before it as binary post-ops, and a batch of one with variable filters
	 * (plain layout from TF, so im2col + GEMM) ran them 4.5x slower: validation
	 * in training, 2.3 against 0.51 s a 448 tile on a Zen 2; Eigen 3% faster with
	 * the op.
	 */
	public Operand<TFloat32> batchNorm(Operand<TFloat32> x,
		Operand<TFloat32> gamma, Operand<TFloat32> beta, Operand<TFloat32> mean,
		Operand<TFloat32> var)
	{
		Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(var,
			tf.constant(BN_EPS))));
		return tf.nn.biasAdd(tf.math.mul(x, scale), tf.math.sub(beta, tf.math.mul(
			mean, scale)));
	}

	/**
	 * Training batch norm with batch statistics. With exponentialAvgFactor 0.1
	 * the op's batchMean/batchVariance outputs are the updated running statistics
	 * (unbiased variance), exactly PyTorch's momentum-0.1 update; the caller
	 * assigns them.
	 */
	public FusedBatchNorm<TFloat32, TFloat32> trainingBatchNorm(
		Operand<TFloat32> x, Operand<TFloat32> gamma, Operand<TFloat32> beta,
		Operand<TFloat32> runningMean, Operand<TFloat32> runningVar)
	{
		return tf.nn.fusedBatchNorm(x, gamma, beta, runningMean, runningVar,
			FusedBatchNorm.epsilon(BN_EPS), FusedBatchNorm.exponentialAvgFactor(
				BN_MOMENTUM), FusedBatchNorm.isTraining(true));
	}

	/**
	 * ReLU. In training the ReLU's gradient must not read its input: TF's ReLU
	 * gradient does, so training kept that input (a batch norm's output or a
	 * residual sum) until the backward pass beside the ReLU's output, which the
	 * next layer keeps anyway (PyTorch's in-place ReLU keeps one tensor, too).
	 * Measured on an AMD EPYC Zen 4 (docs/benchmarks.md): a training step's peak
	 * RSS at 448 x 448 fell by 0.03-0.06 GiB at batch 1 and 0.15-0.21 GiB at
	 * batch 4 with the Select form. Training's ReLU is therefore an
	 * {@link OutputGradientRelu} ({@link #outputGradientRelu()}) or
	 * {@code Select(x <= 0, 0, x)}, whose gradient reads a byte mask. Both give
	 * ReLU's values and gradients (0 at 0), and NaN stays NaN, so a diverging
	 * run's loss still says so.
	 */
	public Operand<TFloat32> relu(Operand<TFloat32> x) {
		if (!forTraining) return tf.nn.relu(x);
		if (outputGradientRelu) return OutputGradientRelu.relu(tf, x);
		// Select, not SelectV2: the latter broadcasts a scalar 0 slowly on a CPU
		return tf.scope().opBuilder("Select", "TrainingRelu").addInput(tf.math
			.lessEqual(x, tf.constant(0f)).asOutput()).addInput(tf.zerosLike(x)
				.asOutput()).addInput(x.asOutput()).build().<TFloat32> output(0);
	}

	/**
	 * PyTorch MaxPool2d(k, stride s, padding p), for inputs >= 0 (zero padding
	 * equals PyTorch's -inf).
	 * <p>
	 * Built as {@code MaxPool}, whose window is an attribute, not as the
	 * {@code MaxPoolV2} of {@code tf.nn.maxPool}: TF hands only the former and
	 * its gradient to oneDNN. {@code MaxPoolV2}'s gradient ran on Eigen and took
	 * 37 ms of a 0.80 s training step at batch 1 ({@code TrainingProfile}), the
	 * oneDNN one 2 ms.
	 */
	public Operand<TFloat32> maxPool(Operand<TFloat32> x, int k, int s, int p) {
		Operand<TFloat32> in = p > 0 ? pad(x, p) : x;
		return tf.scope().opBuilder("MaxPool", "MaxPool").addInput(in.asOutput())
			.setAttr("T", DataType.DT_FLOAT).setAttr("ksize", new long[] { 1, k, k,
				1 }).setAttr("strides", new long[] { 1, s, s, 1 }).setAttr("padding",
					"VALID").setAttr("data_format", "NHWC").build().<TFloat32> output(0);
	}

	/**
	 * PyTorch F.upsample(mode='bilinear') = align_corners=False = TF half-pixel
	 * centers.
	 */
	public Operand<TFloat32> resizeBilinear(Operand<TFloat32> x,
		Operand<TInt32> size)
	{
		return tf.image.resizeBilinear(x, size, ResizeBilinear.alignCorners(false),
			ResizeBilinear.halfPixelCenters(true));
	}

	/**
	 * A tensor's size along an axis, as a scalar computed when the graph runs
	 * (also in gradient functions, which may not ask the graph for shapes).
	 */
	static Operand<TInt32> size(Ops tf, Operand<TFloat32> t, int axis) {
		return tf.reshape(tf.slice(tf.shape(t), tf.constant(new int[] { axis }), tf
			.constant(new int[] { 1 })), tf.constant(new int[0]));
	}

	/** [h, w] of an NHWC tensor. */
	public Operand<TInt32> spatialSize(Operand<TFloat32> x) {
		return slice(tf.shape(x), 1, 2);
	}

	private Operand<TInt32> slice(Operand<TInt32> v, int from, int n) {
		return tf.slice(v, tf.constant(new int[] { from }), tf.constant(new int[] {
			n }));
	}

	/** Zero padding of p pixels on every side of H and W. */
	private Operand<TFloat32> pad(Operand<TFloat32> x, int p) {
		return tf.pad(x, tf.constant(new int[][] { { 0, 0 }, { p, p }, { p, p }, {
			0, 0 } }), tf.constant(0f));
	}

	private static List<Long> strides(int s) {
		return Arrays.asList(1L, (long) s, (long) s, 1L);
	}
}
