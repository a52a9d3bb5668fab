
package sc.fiji.cenet.model;

import java.util.Arrays;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.TFloat32;

/**
 * A 2-D convolution built as TF's 3-D one over a depth-1 view of the image and
 * filter. The same sums, in oneDNN's direct kernels: for a batch of one with
 * filters that are not constants (training), TF's oneDNN Conv2D fixes the
 * filter layout to its plain HWIO, which oneDNN on x86 runs as im2col + GEMM;
 * its Conv3D lets oneDNN choose the layout, as Conv2D does from a batch of two.
 * TF has no C++ gradient for Conv3D, so {@link #gradientRegistered()} registers
 * the one TF's Python API uses, once per process.
 */
public final class ConvAsConv3d {

	private static Boolean registered;

	private ConvAsConv3d() {}

	/**
	 * {@code conv2d(x, w, strides, padding)} (NHWC, filter
	 * {@code [kh,kw,in,out]}, strides {@code [1,sh,sw,1]}) as a Conv3D.
	 */
	public static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x,
		Operand<TFloat32> w, List<Long> strides, String padding)
	{
		Operand<TFloat32> y = tf.nn.conv3d(tf.expandDims(x, tf.constant(1)), tf
			.expandDims(w, tf.constant(0)), Arrays.asList(1L, 1L, strides.get(1),
				strides.get(2), 1L), padding);
		return tf.squeeze(y, Squeeze.axis(Arrays.asList(1L)));
	}

	/**
	 * Whether Conv3D has a gradient in this process: registers TF's own form
	 * (Conv3DBackpropInputV2 and Conv3DBackpropFilterV2 with the op's strides,
	 * padding, dilations and layout) the first time; false where TF Java cannot
	 * register gradients or another one was registered before ours.
	 */
	public static synchronized boolean gradientRegistered() {
		if (registered == null) registered = register();
		return registered;
	}

	private static boolean register() {
		// TF Java's registration took the JVM down on Windows
		// (tensorflow/java#486); untried on macOS
		if (!Platform.linux()) return false;
		try {
			return TensorFlow.registerCustomGradient(Conv3d.Inputs.class, (tf, op,
				dys) -> {
				@SuppressWarnings("unchecked")
				Operand<TFloat32> dy = (Operand<TFloat32>) dys.get(0);
				@SuppressWarnings("unchecked")
				Operand<TFloat32> input = (Operand<TFloat32>) op.input;
				@SuppressWarnings("unchecked")
				Operand<TFloat32> filter = (Operand<TFloat32>) op.filter;
				List<Long> strides = longs(op.strides), dilations = longs(op.dilations);
				Operand<TFloat32> dInput = tf.nn.conv3dBackpropInput(tf.shape(input),
					filter, dy, strides, op.padding, Conv3dBackpropInput.dataFormat(
						op.dataFormat), Conv3dBackpropInput.dilations(dilations));
				Operand<TFloat32> dFilter = tf.nn.conv3dBackpropFilter(input, tf.shape(
					filter), dy, strides, op.padding, Conv3dBackpropFilter.dataFormat(
						op.dataFormat), Conv3dBackpropFilter.dilations(dilations));
				return Arrays.asList(dInput, dFilter);
			});
		}
		catch (RuntimeException | LinkageError e) {
			return false;
		}
	}

	private static List<Long> longs(long[] values) {
		Long[] boxed = new Long[values.length];
		for (int i = 0; i < values.length; i++)
			boxed[i] = values[i];
		return Arrays.asList(boxed);
	}
}
