
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The filter gradient of a stride-1 {@code SAME} convolution (NHWC, odd kernel)
 * as matrix products over views of the input that cost no copy.
 * <p>
 * With the input zero-padded and flattened to rows of its channels
 * ({@code [N (H+2ph) (W+2pw), in]}), the pixel that tap (i, j) of output pixel
 * q reads is row {@code q + i (W + 2pw) + j}; with the output gradient laid out
 * the same way (zeros in the padding's places), the tap's gradient is
 * {@code rows[off(i,j) ..]^T dy}. TF slices along the first axis of a
 * contiguous tensor without copying when a row's bytes are a multiple of its
 * alignment (64 bytes: a multiple of 16 channels). {@link #byPixelRuns} reads
 * those rows kw pixels at a time, for products kw times as wide. Why: on an AMD
 * EPYC (Zen 2) oneDNN's AVX2 weight-gradient kernel ({@code jit:avx2}) took
 * 360-408 ms (36-41 GFLOP/s) for CE-Net's 3x3 conv of 32 channels at 4 x 448 x
 * 448, one product per tap 210 ms, a whole step at batch 1, 2 or 4 5-6% shorter
 * (docs/benchmarks.md); runs of pixels 142 ms. For few output channels and for
 * many input channels other forms copy less or multiply faster
 * ({@link #byShiftedOutputGradients}, {@link #byPatches}). The same views serve
 * the 4x4, stride-2 transposed conv after a space-to-depth of its output
 * gradient, one product per 2 x 2 offset ({@link #ofTransposed}).
 */
final class TapsFilterGradient {

	/**
	 * From this many input channels {@link #of} takes one product over image
	 * patches instead of one per tap ({@link #byPatches}).
	 */
	static final long PATCHES_INPUT_CHANNELS = 512;

	/**
	 * {@link #byPixelRuns} rounds its runs up to a multiple of this, so that its
	 * slices of the transposed output gradient start at a multiple of 64 bytes
	 * and TF makes them without a copy.
	 */
	private static final int ALIGNED_RUNS = 16;

	private TapsFilterGradient() {}

	/**
	 * Whether {@link #of} computes the filter gradient of a conv with this filter
	 * ({@code [kh,kw,in,out]}, sizes known when the graph is built), strides and
	 * padding: stride 1, {@code SAME}, an odd kernel.
	 */
	static boolean computes(long[] filter, long strideH, long strideW,
		String padding)
	{
		return strideH == 1 && strideW == 1 && padding.equals("SAME") &&
			filter.length == 4 && filter[0] % 2 == 1 && filter[1] % 2 == 1 &&
			filter[2] > 0 && filter[3] > 0;
	}

	/**
	 * dL/dw {@code [kh,kw,in,out]} of {@code y = conv2d(x, w, stride 1, SAME)}
	 * from x {@code [N,H,W,in]} and dL/dy {@code [N,H,W,out]}.
	 */
	static Operand<TFloat32> of(Ops tf, Operand<TFloat32> x, Operand<TFloat32> dy,
		int kh, int kw, long in, long out)
	{
		if (kh % 2 == 0 || kw % 2 == 0) throw new IllegalArgumentException(
			"taps need an odd kernel, not " + kh + " x " + kw);
		if ((long) kh * kw * out <= in) return byShiftedOutputGradients(tf, x, dy,
			kh, kw, in, out);
		return in >= PATCHES_INPUT_CHANNELS ? byPatches(tf, x, dy, kh, kw, in, out)
			: byPixelRuns(tf, x, dy, kh, kw, in, out);
	}

	/**
	 * The padded, flattened input ({@code [R, in]}, see the class comment) read
	 * as rows of kw consecutive pixels ({@code [R / kw, kw in]}, a view), which
	 * give one output pixel's kw horizontal taps at once: output pixel
	 * {@code q = kw r + c} (c below kw) reads, for filter row i, the kw pixels
	 * from {@code q + i (W + 2pw)}, which is row r of the view that starts at
	 * pixel {@code c + i (W + 2pw)}. The output gradient, in the same layout, is
	 * transposed once and split by c ({@code [kw, out, R / kw]}); filter row i is
	 * then the sum over c of {@code dy_c (view_ic)}, {@code [out, kw in]}: kh kw
	 * plain products with kw times the columns of one product per tap. Why: on an
	 * AMD EPYC (Zen 2), alone, at 4 x 112 x 112 x 64 channels 27.4 against 37.8
	 * ms for one product per tap and 46.5 for oneDNN's {@code jit:avx2}; at 4 x
	 * 448 x 448 x 32 142 against 194 and 380; at 4 x 56 x 56 x 128 24.6 against
	 * 30.5 and 35.4 (docs/benchmarks.md). Costs a padded copy of the input and a
	 * padded and a transposed copy of the output gradient.
	 */
	private static Operand<TFloat32> byPixelRuns(Ops tf, Operand<TFloat32> x,
		Operand<TFloat32> dy, int kh, int kw, long in, long out)
	{
		int ph = (kh - 1) / 2, pw = (kw - 1) / 2;
		Operand<TInt32> paddedWidth = tf.math.add(Layers.size(tf, x, 2), tf
			.constant(2 * pw));
		// bottom rows that hold the last views and the runs rounded up to a
		// multiple of ALIGNED_RUNS
		Operand<TInt32> extra = ceilDiv(tf, tf.constant(ALIGNED_RUNS * kw),
			paddedWidth);
		Operand<TInt32> dyBelow = tf.math.add(extra, tf.constant(2 * ph));
		// dy in the padded image's places: its pixel (h, w) at row h (W + 2pw) + w
		Operand<TFloat32> dyRows = tf.reshape(tf.pad(dy, paddings(tf, 0, dyBelow, 0,
			2 * pw), tf.constant(0f)), tf.constant(new long[] { -1, out }));
		// runs: enough to reach the last pixel, row R - dyBelow (W + 2pw) - 2pw -
		// 1, a multiple of ALIGNED_RUNS
		Operand<TInt32> lastPixel = tf.math.sub(tf.math.sub(Layers.size(tf, dyRows,
			0), tf.math.mul(dyBelow, paddedWidth)), tf.constant(2 * pw + 1));
		Operand<TInt32> runs = tf.math.mul(ceilDiv(tf, ceilDiv(tf, tf.math.add(
			lastPixel, tf.constant(1)), tf.constant(kw)), tf.constant(ALIGNED_RUNS)),
			tf.constant(ALIGNED_RUNS));
		Operand<TInt32> runPixels = tf.math.mul(runs, tf.constant(kw));
		Operand<TFloat32> dyRuns = tf.reshape(tf.slice(dyRows, tf.constant(
			new int[] { 0, 0 }), tf.stack(Arrays.asList(runPixels, tf.constant(-1)))),
			tf.stack(Arrays.asList(runs, tf.constant(kw), tf.constant((int) out))));
		// [kw out, runs]: rows c out .. (c + 1) out are dy_c, a view (runs is a
		// multiple of 16)
		Operand<TFloat32> byPhase = tf.reshape(tf.linalg.transpose(dyRuns, tf
			.constant(new int[] { 1, 2, 0 })), tf.stack(Arrays.asList(tf.constant(
				(int) (kw * out)), runs)));
		// the input padded (same layout) once the padded output gradient has been
		// transposed and can go: two of the three copies at a time, not three
		Operand<TFloat32> rows = tf.reshape(paddedOnceExists(tf, x, paddings(tf, ph,
			tf.math.add(extra, tf.constant(ph)), pw, pw), byPhase), tf.constant(
				new long[] { -1, in }));
		Operand<TInt32> viewSize = tf.stack(Arrays.asList(runPixels, tf.constant(
			-1)));
		List<Operand<TFloat32>> filterRows = new ArrayList<>();
		for (int i = 0; i < kh; i++) {
			List<Operand<TFloat32>> phases = new ArrayList<>();
			for (int c = 0; c < kw; c++) {
				Operand<TInt32> offset = tf.math.add(tf.math.mul(tf.constant(i),
					paddedWidth), tf.constant(c));
				Operand<TFloat32> view = tf.reshape(tf.slice(rows, tf.stack(Arrays
					.asList(offset, tf.constant(0))), viewSize), tf.constant(new long[] {
						-1, kw * in }));
				Operand<TFloat32> dyc = tf.slice(byPhase, tf.constant(new int[] { c *
					(int) out, 0 }), tf.constant(new int[] { (int) out, -1 }));
				phases.add(tf.linalg.matMul(dyc, view));
			}
			filterRows.add(phases.size() == 1 ? phases.get(0) : tf.math.addN(phases));
		}
		// [kh, out, kw, in] to [kh, kw, in, out]
		return tf.linalg.transpose(tf.reshape(tf.stack(filterRows), tf.constant(
			new long[] { kh, out, kw, in })), tf.constant(new int[] { 0, 2, 3, 1 }));
	}

	/** {@code ceil(a / b)} of positive int32 scalars. */
	private static Operand<TInt32> ceilDiv(Ops tf, Operand<TInt32> a,
		Operand<TInt32> b)
	{
		return tf.math.floorDiv(tf.math.add(a, tf.math.sub(b, tf.constant(1))), b);
	}

	/**
	 * The paddings {@code [[0,0],[top,bottom],[left,right],[0,0]]} of an NHWC
	 * tensor, with a bottom known only when the graph runs.
	 */
	private static Operand<TInt32> paddings(Ops tf, int top,
		Operand<TInt32> bottom, int left, int right)
	{
		return tf.reshape(tf.stack(Arrays.asList(tf.constant(0), tf.constant(0), tf
			.constant(top), bottom, tf.constant(left), tf.constant(right), tf
				.constant(0), tf.constant(0))), tf.constant(new int[] { 4, 2 }));
	}

	/**
	 * For many input channels (CE-Net's 512 at 14 x 14): the input shifted once
	 * per tap, side by side ({@code [N H W, kh kw in]}, image patches), and one
	 * product with the output gradient as it is; copies the input kh kw times.
	 * Alone, on an AMD EPYC (Zen 2), 6.0 against oneDNN's 10.5 ms for 512 to 512
	 * channels at 1 x 14 x 14, 23.0 against 28.5 at 4 x 14 x 14; at 28 x 28 x 256
	 * no faster, and in the step slower (docs/benchmarks.md).
	 */
	private static Operand<TFloat32> byPatches(Ops tf, Operand<TFloat32> x,
		Operand<TFloat32> dy, int kh, int kw, long in, long out)
	{
		int ph = (kh - 1) / 2, pw = (kw - 1) / 2;
		Operand<TFloat32> padded = paddedOnceExists(tf, x, new int[][] { { 0, 0 }, {
			ph, ph }, { pw, pw }, { 0, 0 } }, dy);
		Operand<TFloat32> patches = tf.reshape(tf.concat(windows(tf, padded, x, kh,
			kw, false), tf.constant(3)), tf.constant(new long[] { -1, (long) kh * kw *
				in }));
		return tf.reshape(tf.linalg.matMul(patches, tf.reshape(dy, tf.constant(
			new long[] { -1, out })), MatMul.transposeA(true)), tf.constant(
				new long[] { kh, kw, in, out }));
	}

	/**
	 * Whether {@link #ofTransposed} computes the filter gradient of a transposed
	 * conv ({@code Conv2DBackpropInput}) with this filter
	 * ({@code [kh,kw,out,in]}, sizes known when the graph is built), strides and
	 * padding: PyTorch's ConvTranspose2d(4, stride 2, padding 1), built as TF's 4
	 * x 4, stride 2, {@code SAME}.
	 */
	static boolean computesTransposed(long[] filter, long strideH, long strideW,
		String padding)
	{
		return strideH == 2 && strideW == 2 && padding.equals("SAME") &&
			filter.length == 4 && filter[0] == 4 && filter[1] == 4 && filter[2] > 0 &&
			filter[3] > 0;
	}

	/**
	 * dL/dw {@code [4,4,out,in]} of the transposed conv {@code y =
	 * conv2dBackpropInput([N,2H,2W,out], w, x, stride 2, SAME)} from x
	 * {@code [N,H,W,in]} and dL/dy {@code [N,2H,2W,out]}. Input pixel i's tap t
	 * reaches output pixel 2i + t - 1; with t = 2a + b (a, b in {0, 1}) and dy
	 * padded by one pixel on each side, that is padded pixel 2(i + a) + b. By
	 * space-to-depth (block 2) the padded dy becomes {@code [N,H+1,W+1,4 out]},
	 * channels in (b_h, b_w, out) order, and tap (a_h, a_w)'s four phases read
	 * its pixel (i + a_h, j + a_w): the row offsets of the class comment, over 2
	 * x 2 offsets, with x laid out the same way (padded at the bottom and right).
	 * One product per offset gives four taps, {@code [4 out, in]}. Why: on an AMD
	 * EPYC (Zen 2) TF's {@code Conv2DBackpropFilter} (oneDNN {@code jit:avx2})
	 * took 306 ms (43 GFLOP/s) for CE-Net's final transposed conv, 64 to 32
	 * channels from 4 x 224 x 224, these products 127 ms.
	 */
	static Operand<TFloat32> ofTransposed(Ops tf, Operand<TFloat32> x,
		Operand<TFloat32> dy, long in, long out)
	{
		Operand<TFloat32> phases = tf.nn.spaceToDepth(tf.pad(dy, tf.constant(
			new int[][] { { 0, 0 }, { 1, 1 }, { 1, 1 }, { 0, 0 } }), tf.constant(0f)),
			2L);
		Operand<TFloat32> rows = tf.reshape(phases, tf.constant(new long[] { -1, 4 *
			out }));
		Operand<TFloat32> xRows = tf.reshape(paddedOnceExists(tf, x, new int[][] { {
			0, 0 }, { 0, 1 }, { 0, 1 }, { 0, 0 } }, dy), tf.constant(new long[] { -1,
				in }));
		Operand<TInt32> width = tf.math.add(Layers.size(tf, x, 2), tf.constant(1));
		Operand<TFloat32> products = rowOffsetProducts(tf, rows, xRows, width, 2,
			2);
		// [a_h, a_w, b_h, b_w, out, in] to [a_h, b_h, a_w, b_w, out, in]
		return tf.reshape(tf.linalg.transpose(tf.reshape(products, tf.constant(
			new long[] { 2, 2, 2, 2, out, in })), tf.constant(new int[] { 0, 2, 1, 3,
				4, 5 })), tf.constant(new long[] { 4, 4, out, in }));
	}

	/**
	 * {@code rows[off ..]^T other} for the offsets {@code off = i width + j}, i
	 * below kh, j below kw, stacked ({@code [kh kw, rows' channels, other's]}).
	 * The views keep inside rows: they and other are cut to rows' size less the
	 * last offset, so other's rows past that must be zeros (padding). Each view
	 * is a slice along the first axis, which TF makes without a copy where a
	 * row's bytes are a multiple of 64.
	 */
	private static Operand<TFloat32> rowOffsetProducts(Ops tf,
		Operand<TFloat32> rows, Operand<TFloat32> other, Operand<TInt32> width,
		int kh, int kw)
	{
		Operand<TInt32> lastOffset = tf.math.add(tf.math.mul(tf.constant(kh - 1),
			width), tf.constant(kw - 1));
		Operand<TInt32> used = tf.math.sub(Layers.size(tf, rows, 0), lastOffset);
		Operand<TInt32> viewSize = tf.stack(Arrays.asList(used, tf.constant(-1)));
		Operand<TFloat32> otherUsed = tf.slice(other, tf.constant(new int[] { 0,
			0 }), viewSize);
		List<Operand<TFloat32>> products = new ArrayList<>();
		for (int i = 0; i < kh; i++)
			for (int j = 0; j < kw; j++) {
				Operand<TInt32> offset = tf.math.add(tf.math.mul(tf.constant(i), width),
					tf.constant(j));
				Operand<TFloat32> view = tf.slice(rows, tf.stack(Arrays.asList(offset,
					tf.constant(0))), viewSize);
				products.add(tf.linalg.matMul(view, otherUsed, MatMul.transposeA(
					true)));
			}
		return tf.stack(products);
	}

	/**
	 * A forward-pass tensor zero-padded only once {@code after} (the output
	 * gradient, or a tensor made from it) exists: else TF may pad it during the
	 * forward pass and keep the copy until the backward pass. Built by hand: in a
	 * gradient function TF Java's withControlDependencies adds nothing to the ops
	 * built.
	 */
	private static Operand<TFloat32> paddedOnceExists(Ops tf, Operand<TFloat32> x,
		int[][] paddings, Operand<TFloat32> after)
	{
		return paddedOnceExists(tf, x, tf.constant(paddings), after);
	}

	/** {@link #paddedOnceExists(Ops, Operand, int[][], Operand)} */
	private static Operand<TFloat32> paddedOnceExists(Ops tf, Operand<TFloat32> x,
		Operand<TInt32> paddings, Operand<TFloat32> after)
	{
		OperationBuilder pad = tf.scope().opBuilder("Pad", "Pad");
		pad.addInput(x.asOutput());
		pad.addInput(paddings.asOutput());
		pad.addControlInput(after.op());
		return pad.build().<TFloat32> output(0);
	}

	/**
	 * For few output channels (CE-Net's last conv has one): the output gradient
	 * shifted once per tap, {@code dy[h - i + ph, w - j + pw]}, stacked with its
	 * channels before its pixels ({@code [kh kw out, N H W]}), and one product
	 * with the input as it is ({@code [N H W, in]}, a view): dw[i,j] = sum x[h,w]
	 * dy[h - i + ph, w - j + pw]. Reads the input once and copies only the output
	 * gradient, kh kw times, which is less than the input when
	 * {@code kh kw out <= in}. Stacked, not side by side in the channels: for one
	 * channel that concat took 10.9 against 4.7 ms at 1 x 448 x 448 on a Zen 2.
	 */
	private static Operand<TFloat32> byShiftedOutputGradients(Ops tf,
		Operand<TFloat32> x, Operand<TFloat32> dy, int kh, int kw, long in,
		long out)
	{
		int ph = (kh - 1) / 2, pw = (kw - 1) / 2;
		Operand<TFloat32> padded = tf.pad(dy, tf.constant(new int[][] { { 0, 0 }, {
			ph, ph }, { pw, pw }, { 0, 0 } }), tf.constant(0f));
		long taps = (long) kh * kw;
		Operand<TFloat32> stacked = tf.reshape(tf.stack(windows(tf, padded, dy, kh,
			kw, true)), tf.constant(new long[] { taps, -1, out }));
		// [taps out, N H W]; for one channel the same memory
		Operand<TFloat32> dys = tf.reshape(out == 1 ? stacked : tf.linalg.transpose(
			stacked, tf.constant(new int[] { 0, 2, 1 })), tf.constant(new long[] {
				taps * out, -1 }));
		Operand<TFloat32> products = tf.linalg.matMul(dys, tf.reshape(x, tf
			.constant(new long[] { -1, in }))); // [taps out, in]
		return tf.reshape(tf.linalg.transpose(tf.reshape(products, tf.constant(
			new long[] { taps, out, in })), tf.constant(new int[] { 0, 2, 1 })), tf
				.constant(new long[] { kh, kw, in, out }));
	}

	/**
	 * The kh x kw windows of a padded tensor that have the unpadded one's size
	 * ({@code [N,H,W,C]} each, taps in (i, j) order): tap (i, j)'s window starts
	 * at pixel (i, j), or, flipped, at (kh - 1 - i, kw - 1 - j). Each a copy of
	 * the unpadded tensor's size.
	 */
	private static List<Operand<TFloat32>> windows(Ops tf,
		Operand<TFloat32> padded, Operand<TFloat32> unpadded, int kh, int kw,
		boolean flipped)
	{
		Operand<TInt32> windowSize = tf.concat(Arrays.asList(tf.constant(new int[] {
			-1 }), tf.slice(tf.shape(unpadded), tf.constant(new int[] { 1 }), tf
				.constant(new int[] { 2 })), tf.constant(new int[] { -1 })), tf
					.constant(0));
		List<Operand<TFloat32>> windows = new ArrayList<>();
		for (int i = 0; i < kh; i++)
			for (int j = 0; j < kw; j++)
				windows.add(tf.slice(padded, tf.constant(flipped ? new int[] { 0, kh -
					1 - i, kw - 1 - j, 0 } : new int[] { 0, i, j, 0 }), windowSize));
		return windows;
	}
}
