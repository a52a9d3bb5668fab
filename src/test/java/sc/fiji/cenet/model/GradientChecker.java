
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Compares TF's symbolic gradient of a layer with central finite differences.
 * <p>
 * The layer's output y is reduced to L = sum(R * y) with a fixed random R, so
 * dL/dy = R and TF's dL/dinput is exactly the backprop of R that training uses.
 * Every input is fed through a placeholder, never a constant: constants would
 * let TF fold the forward pass and run other kernels than training does.
 * <p>
 * Along a direction d of one input, (L(v + eps d) - L(v - eps d)) / (2 eps)
 * must equal &lt;dL/dv, d&gt;. The directions are random over the whole input,
 * random within the last index of each axis (the last channel, row, column,
 * batch item: where padding and blocking bugs live) and single coordinates. L
 * is summed in double from the float32 outputs; for layers linear in the input
 * the difference is then exact up to float32 rounding of y, whatever eps.
 */
final class GradientChecker implements AutoCloseable {

	/** y = layer(inputs), built with the given placeholders. */
	interface Layer {

		Operand<TFloat32> apply(Ops tf, Map<String, Operand<TFloat32>> inputs);
	}

	/** Random directions over a whole input. */
	private static final int RANDOM_DIRECTIONS = 3;
	/** Single-coordinate directions per input. */
	private static final int COORDINATES = 3;
	/**
	 * Relative float32 rounding error allowed per output value (16 ulps: y sums
	 * up to thousands of products), which the finite difference divides by 2 eps.
	 */
	private static final double Y_ROUNDING = 1e-6;

	private final Graph graph = TfRuntime.newGraph();
	private final Session session;
	private final Map<String, HostArray> point;
	private final Map<String, Placeholder<TFloat32>> feeds =
		new LinkedHashMap<>();
	private final Operand<TFloat32> y;
	private final Placeholder<TFloat32> r;
	private final Gradients gradients;

	/**
	 * @param point the inputs, by name, at which the gradient is checked (order
	 *          kept)
	 */
	GradientChecker(Layer layer, Map<String, HostArray> point) {
		this.point = new LinkedHashMap<>(point);
		try {
			Ops tf = Ops.create(graph);
			Map<String, Operand<TFloat32>> in = new LinkedHashMap<>();
			for (Map.Entry<String, HostArray> e : point.entrySet()) {
				Placeholder<TFloat32> p = tf.withName(e.getKey()).placeholder(
					TFloat32.class, Placeholder.shape(Shape.of(e.getValue().shape)));
				feeds.put(e.getKey(), p);
				in.put(e.getKey(), p);
			}
			y = layer.apply(tf, in);
			r = tf.withName("dLdy").placeholder(TFloat32.class, Placeholder.shape(
				Shape.unknown()));
			Operand<TFloat32> loss = tf.reduceSum(tf.reshape(tf.math.mul(r, y), tf
				.constant(new int[] { -1 })), tf.constant(0));
			gradients = tf.gradients(loss, new ArrayList<>(feeds.values()));
			session = new Session(graph);
		}
		catch (RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	/** How many ops of a TF type the graph holds, gradients included. */
	int opsOfType(String type) {
		return GraphOpTypes.count(graph, type);
	}

	/** How many of them wait for another op (a control input). */
	int waitingOpsOfType(String type) {
		return GraphOpTypes.countWaiting(graph, type);
	}

	/** y at the checked point. */
	HostArray forward() {
		return forward(point);
	}

	/** y at the given inputs (every input by name). */
	HostArray forward(Map<String, HostArray> values) {
		try (Feed f = new Feed(values); Result res = f.runner.fetch(y).run()) {
			return HostArray.of((TFloat32) res.get(0));
		}
	}

	/** TF's dL/dinput for every input, in input order, when dL/dy = dy. */
	List<HostArray> gradients(HostArray dy) {
		try (Feed f = new Feed(point); TFloat32 dyT = dy.toTensor()) {
			Session.Runner run = f.runner.feed(r, dyT);
			for (int i = 0; i < feeds.size(); i++)
				run.fetch(gradients.dy(i));
			try (Result res = run.run()) {
				List<HostArray> out = new ArrayList<>();
				for (int i = 0; i < feeds.size(); i++)
					out.add(HostArray.of((TFloat32) res.get(i)));
				return out;
			}
		}
	}

	/** Checks every input along the directions described in the class comment. */
	GradientReport check(double eps, long seed) {
		Random rnd = new Random(seed);
		HostArray y0 = forward();
		HostArray dy = HostArray.uniform(rnd, -1, 1, y0.shape);
		List<HostArray> grads = gradients(dy);
		GradientReport report = new GradientReport();
		int i = 0;
		for (Map.Entry<String, HostArray> e : point.entrySet()) {
			HostArray v = e.getValue(), g = grads.get(i++);
			for (int k = 0; k < RANDOM_DIRECTIONS; k++)
				compare(report, e.getKey(), "random " + k, directionIn(rnd, v, -1, 0),
					g, dy, eps);
			for (int axis = 0; axis < v.shape.length; axis++)
				if (v.shape[axis] > 1) compare(report, e.getKey(),
					"last index of axis " + axis, directionIn(rnd, v, axis,
						v.shape[axis] - 1), g, dy, eps);
			for (int k = 0; k < COORDINATES; k++) {
				HostArray d = HostArray.zeros(v.shape);
				int at = rnd.nextInt(d.size());
				d.data[at] = 1;
				compare(report, e.getKey(), "coordinate " + Arrays.toString(unravel(at,
					v.shape)), d, g, dy, eps);
			}
		}
		return report;
	}

	private void compare(GradientReport report, String input, String direction,
		HostArray d, HostArray grad, HostArray dy, double eps)
	{
		Map<String, HostArray> plus = new LinkedHashMap<>(point), minus =
			new LinkedHashMap<>(point);
		plus.put(input, point.get(input).plus(eps, d));
		minus.put(input, point.get(input).plus(-eps, d));
		HostArray yPlus = forward(plus), yMinus = forward(minus);
		double fd = (yPlus.dot(dy) - yMinus.dot(dy)) / (2 * eps);
		// Outputs the direction does not reach come out bit-identical and cancel
		// exactly; the
		// rounding errors of the others are independent, so they add up as a root
		// sum of squares.
		double squares = 0;
		for (int j = 0; j < dy.size(); j++)
			if (yPlus.data[j] != yMinus.data[j]) {
				double r = dy.data[j];
				squares += r * r * ((double) yPlus.data[j] * yPlus.data[j] +
					(double) yMinus.data[j] * yMinus.data[j]);
			}
		report.add(input, direction, fd, grad.dot(d), Y_ROUNDING * Math.sqrt(
			squares) / (2 * eps));
	}

	/**
	 * Uniform in [-1, 1] where axis has the given index (everywhere when axis <
	 * 0), else 0.
	 */
	private static HostArray directionIn(Random rnd, HostArray v, int axis,
		long index)
	{
		HostArray d = HostArray.zeros(v.shape);
		for (int j = 0; j < d.size(); j++)
			if (axis < 0 || unravel(j, v.shape)[axis] == index) d.data[j] =
				(float) (2 * rnd.nextDouble() - 1);
		return d;
	}

	private static long[] unravel(int flat, long[] shape) {
		long[] at = new long[shape.length];
		for (int a = shape.length - 1; a >= 0; a--) {
			at[a] = flat % shape[a];
			flat /= shape[a];
		}
		return at;
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}

	/** One runner with every input fed; owns the fed tensors. */
	private final class Feed implements AutoCloseable {

		final Session.Runner runner = session.runner();
		private final List<Tensor> tensors = new ArrayList<>();

		Feed(Map<String, HostArray> values) {
			for (Map.Entry<String, Placeholder<TFloat32>> e : feeds.entrySet()) {
				HostArray v = values.get(e.getKey());
				if (v == null) throw new IllegalArgumentException(
					"no value for input " + e.getKey());
				TFloat32 t = v.toTensor();
				tensors.add(t);
				runner.feed(e.getValue(), t);
			}
		}

		@Override
		public void close() {
			for (Tensor t : tensors)
				t.close();
		}
	}
}
