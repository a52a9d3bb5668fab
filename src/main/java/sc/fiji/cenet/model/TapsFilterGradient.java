
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Shape;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The filter gradient of a stride-1 {@code SAME} convolution (NHWC, odd kernel)
 * as one matrix product per filter tap, each over a view of the input that
 * costs no copy.
 * <p>
 * With the input zero-padded and flattened to rows of its channels
 * ({@code [N (H+2ph) (W+2pw), in]}), the pixel that tap (i, j) of output pixel
 * q reads is row {@code q + i (W + 2pw) + j}; with the output gradient laid out
 * the same way (zeros in the padding's places), the tap's gradient is
 * {@code rows[off(i,j) ..]^T dy}. TF slices along the first axis of a
 * contiguous tensor without copying when a row's bytes are a multiple of its
 * alignment (64 bytes: a multiple of 16 channels), so the only copies are the
 * two pads. For few output channels another form copies less
 * ({@link #byShiftedOutputGradients}). Why: on an AMD EPYC (Zen 2) oneDNN's
 * AVX2 weight-gradient kernel ({@code jit:avx2}) took 360-408 ms (36-41
 * GFLOP/s) for CE-Net's 3x3 conv of 32 channels at 4 x 448 x 448, these
 * products 210 ms; a whole step at batch 1, 2 or 4 was 5-6% shorter
 * (docs/benchmarks.md).
 */
final class TapsFilterGradient {

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
		return (long) kh * kw * out <= in ? byShiftedOutputGradients(tf, x, dy, kh,
			kw, in, out) : byInputRows(tf, x, dy, kh, kw, in, out);
	}

	/**
	 * One product over the padded, flattened input's rows per tap, each a view
	 * (see the class comment); costs a padded copy of the input and of the output
	 * gradient.
	 */
	private static Operand<TFloat32> byInputRows(Ops tf, Operand<TFloat32> x,
		Operand<TFloat32> dy, int kh, int kw, long in, long out)
	{
		int ph = (kh - 1) / 2, pw = (kw - 1) / 2;
		// padded only once dy exists: else TF may pad during the forward pass and
		// keep the copy until the backward pass. Built by hand: in a gradient
		// function TF Java's withControlDependencies adds nothing to the ops built
		OperationBuilder pad = tf.scope().opBuilder("Pad", "Pad");
		pad.addInput(x.asOutput());
		pad.addInput(tf.constant(new int[][] { { 0, 0 }, { ph, ph }, { pw, pw }, {
			0, 0 } }).asOutput());
		pad.addControlInput(dy.op());
		Operand<TFloat32> rows = tf.reshape(pad.build().<TFloat32> output(0), tf
			.constant(new long[] { -1, in }));
		// dy in the padded image's places: its pixel (h, w) at row h (W + 2pw) + w
		Operand<TFloat32> dyRows = tf.reshape(tf.pad(dy, tf.constant(new int[][] { {
			0, 0 }, { 0, 2 * ph }, { 0, 2 * pw }, { 0, 0 } }), tf.constant(0f)), tf
				.constant(new long[] { -1, out }));
		Operand<TInt32> paddedWidth = tf.math.add(size(tf, x, 2), tf.constant(2 *
			pw));
		// the last (kh - 1) (W + 2pw) + kw - 1 rows of dy are padding (zeros):
		// leaving them out keeps every tap's view inside the input's rows
		Operand<TInt32> lastOffset = tf.math.add(tf.math.mul(tf.constant(kh - 1),
			paddedWidth), tf.constant(kw - 1));
		Operand<TInt32> used = tf.math.sub(size(tf, rows, 0), lastOffset);
		Operand<TInt32> viewSize = tf.stack(Arrays.asList(used, tf.constant(-1)));
		Operand<TFloat32> dyUsed = tf.slice(dyRows, tf.constant(new int[] { 0, 0 }),
			viewSize);
		List<Operand<TFloat32>> taps = new ArrayList<>();
		for (int i = 0; i < kh; i++)
			for (int j = 0; j < kw; j++) {
				Operand<TInt32> offset = tf.math.add(tf.math.mul(tf.constant(i),
					paddedWidth), tf.constant(j));
				Operand<TFloat32> view = tf.slice(rows, tf.stack(Arrays.asList(offset,
					tf.constant(0))), viewSize);
				taps.add(tf.linalg.matMul(view, dyUsed, MatMul.transposeA(true)));
			}
		return tf.reshape(tf.stack(taps), tf.constant(new long[] { kh, kw, in,
			out }));
	}

	/**
	 * A tensor's size along an axis, as a scalar computed when the graph runs
	 * (the gradient function may not ask the graph for shapes).
	 */
	private static Operand<TInt32> size(Ops tf, Operand<TFloat32> t, int axis) {
		return tf.reshape(tf.slice(tf.shape(t), tf.constant(new int[] { axis }), tf
			.constant(new int[] { 1 })), tf.constant(new int[0]));
	}

	/**
	 * For few output channels (CE-Net's last conv has one): the output gradient
	 * shifted once per tap, {@code dy[h - i + ph, w - j + pw]}, side by side
	 * ({@code [N H W, kh kw out]}), and one product with the input as it is
	 * ({@code [N H W, in]}, a view): dw[i,j] = sum x[h,w] dy[h - i + ph, w - j +
	 * pw]. Reads the input once and copies only the output gradient, kh kw times,
	 * which is less than the input when {@code kh kw out <= in}.
	 */
	private static Operand<TFloat32> byShiftedOutputGradients(Ops tf,
		Operand<TFloat32> x, Operand<TFloat32> dy, int kh, int kw, long in,
		long out)
	{
		int ph = (kh - 1) / 2, pw = (kw - 1) / 2;
		Operand<TFloat32> padded = tf.pad(dy, tf.constant(new int[][] { { 0, 0 }, {
			ph, ph }, { pw, pw }, { 0, 0 } }), tf.constant(0f));
		Shape<TInt32> shape = tf.shape(dy);
		Operand<TInt32> sliceSize = tf.concat(Arrays.asList(tf.constant(new int[] {
			-1 }), tf.slice(shape, tf.constant(new int[] { 1 }), tf.constant(
				new int[] { 2 })), tf.constant(new int[] { -1 })), tf.constant(0));
		List<Operand<TFloat32>> shifted = new ArrayList<>();
		for (int i = 0; i < kh; i++)
			for (int j = 0; j < kw; j++)
				shifted.add(tf.slice(padded, tf.constant(new int[] { 0, 2 * ph - i, 2 *
					pw - j, 0 }), sliceSize));
		Operand<TFloat32> dys = tf.reshape(tf.concat(shifted, tf.constant(3)), tf
			.constant(new long[] { -1, (long) kh * kw * out }));
		Operand<TFloat32> products = tf.linalg.matMul(tf.reshape(x, tf.constant(
			new long[] { -1, in })), dys, MatMul.transposeA(true)); // [in, taps out]
		return tf.reshape(tf.linalg.transpose(tf.reshape(products, tf.constant(
			new long[] { in, (long) kh * kw, out })), tf.constant(new int[] { 1, 0,
				2 })), tf.constant(new long[] { kh, kw, in, out }));
	}
}
