
package sc.fiji.cenet.model;

import java.util.Arrays;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A 2-D convolution built as TF's 3-D one over a depth-1 view of the image and
 * filter. The same sums, in oneDNN's direct kernels: for a batch of one with
 * filters that are not constants (training), TF's oneDNN Conv2D fixes the
 * filter layout to its plain HWIO, which oneDNN on x86 runs as im2col + GEMM;
 * its Conv3D lets oneDNN choose the layout, as Conv2D does from a batch of two.
 * TF has no C++ gradient for Conv3D, so {@link #gradientRegistered()} registers
 * one, once per process: for these views the data and weight gradients of the
 * Conv2D form (the weight gradient by {@link TapsFilterGradient} for views
 * built to have it), for any other Conv3D the one TF's Python API uses. The
 * same for transposed convs ({@link #transposedConv}): TF's
 * Conv3DBackpropInputV2 over depth-1 views, whose gradient is registered too,
 * for a filter gradient by taps.
 */
public final class ConvAsConv3d {

	/** The attribute that marks the Conv3D ops {@link #conv} builds. */
	static final String DEPTH_ONE_VIEW = "_cenet_depth_one_view";

	/**
	 * The attribute, the filter's {@code [kh,kw,in,out]}, that marks the views
	 * whose filter gradient {@link TapsFilterGradient} computes: read while
	 * gradients are built, when the graph may not be asked for shapes.
	 */
	static final String FILTER_GRADIENT_TAPS = "_cenet_filter_gradient_taps";

	private static Boolean registered;

	private ConvAsConv3d() {}

	/**
	 * {@code conv2d(x, w, strides, padding)} (NHWC, filter
	 * {@code [kh,kw,in,out]}, strides {@code [1,sh,sw,1]}) as a Conv3D.
	 */
	public static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x,
		Operand<TFloat32> w, List<Long> strides, String padding)
	{
		return conv(tf, x, w, strides, padding, false);
	}

	/**
	 * {@link #conv(Ops, Operand, Operand, List, String)} whose filter gradient,
	 * where {@code filterGradientAsTaps} and the conv is one that
	 * {@link TapsFilterGradient} computes (stride 1, SAME, an odd kernel of known
	 * size), is that class's instead of TF's Conv2DBackpropFilter.
	 */
	public static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x,
		Operand<TFloat32> w, List<Long> strides, String padding,
		boolean filterGradientAsTaps)
	{
		// built by hand to carry the mark the gradient reads: the gradient
		// function may not ask the graph for shapes (TF holds the graph's lock
		// while it builds gradients; asking waits forever)
		OperationBuilder conv = tf.scope().opBuilder("Conv3D", "Conv3d");
		conv.addInput(tf.expandDims(x, tf.constant(1)).asOutput());
		conv.addInput(tf.expandDims(w, tf.constant(0)).asOutput());
		long[] kernel = w.shape().asArray();
		return markedView(tf, conv, strides, padding, filterGradientAsTaps &&
			TapsFilterGradient.computes(kernel, strides.get(1), strides.get(2),
				padding) ? kernel : null);
	}

	/**
	 * A view's op, its inputs added: with the 2-D strides and padding, the mark
	 * of the views and, where given, the filter shape that marks a filter
	 * gradient by taps; built and squeezed back to 2-D.
	 */
	private static Operand<TFloat32> markedView(Ops tf, OperationBuilder view,
		List<Long> strides, String padding, long[] tapsFilter)
	{
		view.setAttr("strides", new long[] { 1, 1, strides.get(1), strides.get(2),
			1 });
		view.setAttr("padding", padding);
		view.setAttr(DEPTH_ONE_VIEW, true);
		if (tapsFilter != null) view.setAttr(FILTER_GRADIENT_TAPS, tapsFilter);
		Output<TFloat32> y = view.build().output(0);
		return tf.squeeze(y, Squeeze.axis(Arrays.asList(1L)));
	}

	/**
	 * Whether Conv3D and Conv3DBackpropInputV2 have gradients in this process:
	 * registers ours the first time (the ones TF's Python API uses, with the op's
	 * strides, padding, dilations and layout; for the depth-1 views built here,
	 * the 2-D ones); false where {@link CustomGradients#register} cannot.
	 */
	public static synchronized boolean gradientRegistered() {
		if (registered == null) registered = register();
		return registered;
	}

	private static boolean register() {
		return CustomGradients.register(() -> TensorFlow.registerCustomGradient(
			Conv3d.Inputs.class, ConvAsConv3d::gradient) && TensorFlow
				.registerCustomGradient(Conv3dBackpropInput.Inputs.class,
					ConvAsConv3d::transposedGradient));
	}

	/**
	 * The transposed conv {@code conv2dBackpropInput(outputSize, w, x, strides,
	 * padding)} (NHWC, output size {@code [N,H',W',out]}, filter
	 * {@code [kh,kw,out,in]}) as a Conv3DBackpropInputV2 over depth-1 views,
	 * whose filter gradient is {@link TapsFilterGradient#ofTransposed} where that
	 * computes it (else TF's Conv2DBackpropFilter). TF's Conv2DBackpropInput has
	 * a gradient TF Java cannot replace; oneDNN runs both forms' forward with the
	 * same kernel (68-69 ms against 69-70 ms for CE-Net's final one at batch 4 on
	 * a Zen 2).
	 */
	public static Operand<TFloat32> transposedConv(Ops tf,
		Operand<TInt32> outputSize, Operand<TFloat32> w, Operand<TFloat32> x,
		List<Long> strides, String padding)
	{
		OperationBuilder conv = tf.scope().opBuilder("Conv3DBackpropInputV2",
			"TransposedConv3d");
		conv.addInput(tf.concat(Arrays.asList(tf.slice(outputSize, tf.constant(
			new int[] { 0 }), tf.constant(new int[] { 1 })), tf.constant(new int[] {
				1 }), tf.slice(outputSize, tf.constant(new int[] { 1 }), tf.constant(
					new int[] { 3 }))), tf.constant(0)).asOutput());
		conv.addInput(tf.expandDims(w, tf.constant(0)).asOutput());
		conv.addInput(tf.expandDims(x, tf.constant(1)).asOutput());
		long[] kernel = w.shape().asArray();
		return markedView(tf, conv, strides, padding, TapsFilterGradient
			.computesTransposed(kernel, strides.get(1), strides.get(2), padding)
				? kernel : null);
	}

	/**
	 * Of the output size (none: an integer shape; a stand-in of zeros), the
	 * filter and the input: for the depth-1 views built here the filter's by 2-D
	 * ops (by taps where marked) and the input's by a Conv3D on the views, for
	 * any other Conv3DBackpropInputV2 the 3-D ones TF's Python API uses.
	 */
	private static List<Operand<?>> transposedGradient(Ops tf,
		Conv3dBackpropInput.Inputs<?> op, List<Output<?>> dys)
	{
		Operand<TFloat32> dy = floats(dys.get(0)), x = floats(op.outBackprop),
				filter = floats(op.filter);
		Operand<?> noGradient = tf.zerosLike(op.inputSizes);
		List<Long> strides = longs(op.strides);
		if (CustomGradients.marked(op.attributes(), DEPTH_ONE_VIEW)) {
			Operand<TFloat32> x2 = tf.squeeze(x, Squeeze.axis(Arrays.asList(1L))),
					dy2 = tf.squeeze(dy, Squeeze.axis(Arrays.asList(1L))), w = tf.squeeze(
						filter, Squeeze.axis(Arrays.asList(0L)));
			List<Long> strides2 = Arrays.asList(1L, strides.get(2), strides.get(3),
				1L);
			long[] kernel = CustomGradients.markedLongs(op.attributes(),
				FILTER_GRADIENT_TAPS);
			Operand<TFloat32> dw = kernel != null ? TapsFilterGradient.ofTransposed(
				tf, x2, dy2, kernel[3], kernel[2]) : tf.nn.conv2dBackpropFilter(dy2, tf
					.shape(w), x2, strides2, op.padding);
			// a Conv3D on the views, not a Conv2D: for a batch of one TF's oneDNN
			// Conv2D with a filter that is not a constant runs as im2col + GEMM
			// (CE-Net's final one 35 against 18 ms on a Zen 2; same from batch 2)
			OperationBuilder dx = tf.scope().opBuilder("Conv3D", "Conv3D");
			dx.addInput(dy.asOutput());
			dx.addInput(filter.asOutput());
			return Arrays.asList(noGradient, tf.expandDims(dw, tf.constant(0)),
				dataGradient(dx, op.strides, op.padding, kernel != null ? dw : null));
		}
		List<Long> dilations = longs(op.dilations);
		return Arrays.asList(noGradient, tf.nn.conv3dBackpropFilter(dy, tf.shape(
			filter), x, strides, op.padding, Conv3dBackpropFilter.dataFormat(
				op.dataFormat), Conv3dBackpropFilter.dilations(dilations)), tf.nn
					.conv3d(dy, filter, strides, op.padding, Conv3d.dataFormat(
						op.dataFormat), Conv3d.dilations(dilations)));
	}

	/**
	 * Of the input and the filter: for the depth-1 views built here TF's 2-D
	 * gradient ops on the views (the data and weight gradients of the Conv2D
	 * form, a step 1.6-2.5% faster than the 3-D ones), for any other Conv3D the
	 * 3-D ones.
	 */
	private static List<Operand<?>> gradient(Ops tf, Conv3d.Inputs<?> op,
		List<Output<?>> dys)
	{
		Operand<TFloat32> dy = floats(dys.get(0)), input = floats(op.input),
				filter = floats(op.filter);
		List<Long> strides = longs(op.strides);
		if (CustomGradients.marked(op.attributes(), DEPTH_ONE_VIEW)) {
			Squeeze.Options depth = Squeeze.axis(Arrays.asList(1L));
			Operand<TFloat32> x = tf.squeeze(input, depth), dy2 = tf.squeeze(dy,
				depth), w = tf.squeeze(filter, Squeeze.axis(Arrays.asList(0L)));
			List<Long> strides2 = Arrays.asList(1L, strides.get(2), strides.get(3),
				1L);
			long[] kernel = CustomGradients.markedLongs(op.attributes(),
				FILTER_GRADIENT_TAPS);
			Operand<TFloat32> dw = kernel != null ? TapsFilterGradient.of(tf, x, dy2,
				(int) kernel[0], (int) kernel[1], kernel[2], kernel[3]) : tf.nn
					.conv2dBackpropFilter(x, tf.shape(w), dy2, strides2, op.padding);
			OperationBuilder dx = tf.scope().opBuilder("Conv2DBackpropInput",
				"Conv2DBackpropInput");
			dx.addInput(tf.shape(x).asOutput());
			dx.addInput(w.asOutput());
			dx.addInput(dy2.asOutput());
			return Arrays.asList(tf.expandDims(dataGradient(dx, new long[] { 1,
				strides.get(2), strides.get(3), 1 }, op.padding, kernel != null ? dw
					: null), tf.constant(1)), tf.expandDims(dw, tf.constant(0)));
		}
		List<Long> dilations = longs(op.dilations);
		return Arrays.asList(tf.nn.conv3dBackpropInput(tf.shape(input), filter, dy,
			strides, op.padding, Conv3dBackpropInput.dataFormat(op.dataFormat),
			Conv3dBackpropInput.dilations(dilations)), tf.nn.conv3dBackpropFilter(
				input, tf.shape(filter), dy, strides, op.padding, Conv3dBackpropFilter
					.dataFormat(op.dataFormat), Conv3dBackpropFilter.dilations(
						dilations)));
	}

	/**
	 * A view's data gradient op, its inputs added, with the given strides (of its
	 * rank) and the view's padding; where the filter gradient is by taps, after
	 * it, so that its copies are gone before this one allocates. Built by hand
	 * for that control input: in a gradient function TF Java's
	 * withControlDependencies adds nothing to the ops it builds.
	 */
	private static Operand<TFloat32> dataGradient(OperationBuilder dx,
		long[] strides, String padding, Operand<TFloat32> tapsFilterGradient)
	{
		dx.setAttr("strides", strides);
		dx.setAttr("padding", padding);
		if (tapsFilterGradient != null) dx.addControlInput(tapsFilterGradient.op());
		return dx.build().<TFloat32> output(0);
	}

	/**
	 * TF's conv ops are typed by their input; only float32 ones are built here.
	 */
	@SuppressWarnings("unchecked")
	private static Operand<TFloat32> floats(Operand<?> operand) {
		return (Operand<TFloat32>) operand;
	}

	private static List<Long> longs(long[] values) {
		Long[] boxed = new Long[values.length];
		for (int i = 0; i < values.length; i++)
			boxed[i] = values[i];
		return Arrays.asList(boxed);
	}
}
