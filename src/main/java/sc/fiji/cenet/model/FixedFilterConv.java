
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A convolution with bias, optional residual addition and optional ReLU as one
 * oneDNN op ({@code _MklNativeFusedConv2D}, what TF's own graph rewrite makes
 * of Conv2D + BiasAdd [+ Add] [+ Relu] on a CPU) whose filter is declared
 * constant although it comes from a variable.
 * <p>
 * Why: TF lets oneDNN keep its reordered (blocked) copy of a filter only when
 * the filter is a graph constant; otherwise oneDNN runs on the filter in TF's
 * plain layout, which for CE-Net's 512-channel convs at 14 x 14 took 1.5x as
 * long (measured on an Intel Xeon, oneDNN brgconv). Constants, though, cost
 * several copies of every weight while the session starts. Declaring the
 * variable's filter constant gives the cached copy at the cost of one blocked
 * copy of the weights.
 * <p>
 * Its activation is always a LeakyRelu (alpha -0.0 for ReLU, 1 for none), which
 * the plain ops never get: TF caches oneDNN primitives by shapes and post-ops
 * only, and would otherwise hand a fixed-filter conv the primitive of a plain
 * conv of the same shapes, or the reverse ({@code FixedFilterPrimitiveTest}).
 * <p>
 * Only for sessions whose filters never change after their first run (an
 * inference session that loads its weights once): oneDNN keeps the copy it made
 * at the first run. Only on a CPU, and only where this TF has the op's kernel
 * ({@link #available()}); elsewhere {@link Layers} builds the plain ops.
 * {@code -Dcenet.fixedFilterConv=false} turns it off.
 */
final class FixedFilterConv {

	private static final String OP = "_MklNativeFusedConv2D";

	private FixedFilterConv() {}

	/**
	 * Whether this TF runs the op and gives the plain ops' result: probed once
	 * per JVM on a small input (a TF built without oneDNN, or one that renamed
	 * the op, falls back to the plain ops).
	 */
	static boolean available() {
		return Probe.AVAILABLE;
	}

	/**
	 * Whether inference sessions use it:
	 * {@code -Dcenet.fixedFilterConv=true|false}, by default {@link #byDefault}
	 * for this processor, and only where it is {@link #available()}.
	 */
	static boolean enabled() {
		return Boolean.parseBoolean(System.getProperty("cenet.fixedFilterConv",
			Boolean.toString(byDefault(ProcessorFamily.current())))) && available();
	}

	/**
	 * relu?(conv(x, w) + bias [+ residual]), stride and dilation the same along
	 * both axes, {@code padding} "SAME" or "VALID", NHWC.
	 */
	static Operand<TFloat32> build(Ops tf, Operand<TFloat32> x,
		Operand<TFloat32> w, Operand<TFloat32> bias, Operand<TFloat32> residual,
		boolean relu, int stride, String padding, int dilation)
	{
		List<String> fused = new ArrayList<>(Arrays.asList("BiasAdd"));
		List<Output<?>> args = new ArrayList<>(Arrays.asList(bias.asOutput()));
		if (residual != null) {
			fused.add("Add");
			args.add(residual.asOutput());
		}
		// Always an activation, of a kind the plain ops never get: TF caches
		// oneDNN primitives by shapes and post-ops, not by filter layout, so a
		// fixed-filter conv with a plain one's post-ops would share its
		// primitive (plain layout, no speed-up; and results that depend on
		// which ran first, by float rounding). LeakyRelu with alpha -0.0 is
		// ReLU (a negative times -0.0 is +0.0); with alpha 1 it is the
		// identity, exactly.
		fused.add("LeakyRelu");
		DataType[] argTypes = new DataType[args.size()];
		Arrays.fill(argTypes, DataType.DT_FLOAT);
		return tf.scope().opBuilder(OP, "FixedFilterConv").addInput(x.asOutput())
			.addInput(w.asOutput()).addInputList(args.toArray(new Output<?>[0]))
			.addInputList(new Output<?>[0]) // host_args
			.setAttr("T", DataType.DT_FLOAT).setAttr("TArgs", argTypes).setAttr(
				"num_args", (long) args.size()).setAttr("strides", new long[] { 1,
					stride, stride, 1 }).setAttr("dilations", new long[] { 1, dilation,
						dilation, 1 }).setAttr("padding", padding).setAttr("data_format",
							"NHWC").setAttr("fused_ops", fused.toArray(new String[0]))
			.setAttr("leakyrelu_alpha", relu ? -0.0f : 1.0f).setAttr(
				"is_filter_const", true)
			// the kernel label of the ops TF's rewrite renames to oneDNN ones
			.setAttr("_kernel", "MklNameChangeOp").build().<TFloat32> output(0);
	}

	/**
	 * Whether a family uses fixed filters unless told: not on AMD Zen 4, where
	 * the whole network (patch convs off) ran as fast without them (batch 1:
	 * 0.205-0.210 s against 0.206-0.213 s) and 0.13 GiB lighter (0.62 against
	 * 0.75-0.76 GiB peak); elsewhere yes (Intel Emerald Rapids: 0.190 -> 0.156 s;
	 * AMD Zen 2, oneDNN's AVX2 kernels: 0.266-0.268 against 0.509-0.525 s at
	 * batch 1, 1.01 s either way at batch 4, for 0.12-0.17 GiB more).
	 */
	static boolean byDefault(ProcessorFamily family) {
		return family != ProcessorFamily.AMD;
	}

	/**
	 * Runs the op once against Conv2D + BiasAdd + Add + Relu, lazily, once per
	 * JVM.
	 */
	private static final class Probe {

		static final boolean AVAILABLE = probe();

		private static boolean probe() {
			try (Graph g = TfRuntime.newGraph()) {
				Ops tf = Ops.create(g);
				float[] xv = new float[5 * 5 * 3], wv = new float[3 * 3 * 3 * 4], bv = {
					0.5f, -0.5f, 0.25f, 0 };
				for (int i = 0; i < xv.length; i++)
					xv[i] = (float) Math.sin(i);
				for (int i = 0; i < wv.length; i++)
					wv[i] = (float) Math.cos(i);
				Operand<TFloat32> x = tf.constant(Shape.of(1, 5, 5, 3), DataBuffers.of(
					xv));
				Operand<TFloat32> w = tf.constant(Shape.of(3, 3, 3, 4), DataBuffers.of(
					wv));
				Operand<TFloat32> b = tf.constant(bv);
				Operand<TFloat32> r = tf.math.neg(tf.nn.conv2d(x, w, Arrays.asList(1L,
					1L, 1L, 1L), "SAME"));
				Operand<TFloat32> plain = tf.nn.relu(tf.math.add(tf.nn.biasAdd(tf.nn
					.conv2d(x, w, Arrays.asList(1L, 1L, 1L, 1L), "SAME"), b), tf.math.mul(
						r, tf.constant(0.5f))));
				Operand<TFloat32> fused = build(tf, x, w, b, tf.math.mul(r, tf.constant(
					0.5f)), true, 1, "SAME", 1);
				try (Session s = new Session(g, TfRuntime.config(false, false));
						Result res = s.runner().fetch(plain).fetch(fused).run())
				{
					float[] p = values((TFloat32) res.get(0)), f = values((TFloat32) res
						.get(1));
					if (p.length != f.length) return false;
					for (int i = 0; i < p.length; i++)
						if (Math.abs(p[i] - f[i]) > 1e-4f * (1 + Math.abs(p[i])))
							return false;
					return true;
				}
			}
			catch (RuntimeException e) {
				// op or kernel missing in this TF: the plain ops
				return false;
			}
		}

		private static float[] values(TFloat32 t) {
			float[] v = new float[(int) t.size()];
			t.copyTo(DataBuffers.of(v, false, false));
			return v;
		}
	}
}
