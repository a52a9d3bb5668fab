
package sc.fiji.cenet.model;

import java.util.Arrays;
import java.util.Random;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A row-major float array with its shape, on the Java side of the TF boundary.
 */
final class HostArray {

	final long[] shape;
	final float[] data;

	HostArray(long[] shape, float[] data) {
		long n = 1;
		for (long d : shape)
			n *= d;
		if (n != data.length) throw new IllegalArgumentException(data.length +
			" values for shape " + Arrays.toString(shape));
		this.shape = shape.clone();
		this.data = data;
	}

	static HostArray zeros(long... shape) {
		long n = 1;
		for (long d : shape)
			n *= d;
		return new HostArray(shape, new float[(int) n]);
	}

	/** Uniform in [lo, hi). */
	static HostArray uniform(Random rnd, double lo, double hi, long... shape) {
		HostArray a = zeros(shape);
		for (int i = 0; i < a.data.length; i++)
			a.data[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
		return a;
	}

	/**
	 * Distinct values in [lo, hi), at least (hi - lo) / size apart, in random
	 * order: max-pool windows then have no ties and no near-ties, so small
	 * perturbations keep every argmax.
	 */
	static HostArray distinct(Random rnd, double lo, double hi, long... shape) {
		HostArray a = zeros(shape);
		int n = a.data.length;
		for (int i = 0; i < n; i++)
			a.data[i] = (float) (lo + (hi - lo) * (i + 0.5) / n);
		for (int i = n - 1; i > 0; i--) {
			int j = rnd.nextInt(i + 1);
			float t = a.data[i];
			a.data[i] = a.data[j];
			a.data[j] = t;
		}
		return a;
	}

	static HostArray of(TFloat32 t) {
		float[] v = new float[(int) t.size()];
		t.copyTo(DataBuffers.of(v, false, false));
		return new HostArray(t.shape().asArray(), v);
	}

	TFloat32 toTensor() {
		return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true,
			false));
	}

	int size() {
		return data.length;
	}

	int dim(int axis) {
		return (int) shape[axis];
	}

	/** Flat index of a 4-D position. */
	int index(int a, int b, int c, int d) {
		return ((a * dim(1) + b) * dim(2) + c) * dim(3) + d;
	}

	float get(int a, int b, int c, int d) {
		return data[index(a, b, c, d)];
	}

	/** this + s * d, as a new array. */
	HostArray plus(double s, HostArray d) {
		HostArray r = zeros(shape);
		for (int i = 0; i < data.length; i++)
			r.data[i] = (float) (data[i] + s * d.data[i]);
		return r;
	}

	double dot(HostArray o) {
		if (!Arrays.equals(shape, o.shape)) throw new IllegalArgumentException(
			Arrays.toString(shape) + " vs " + Arrays.toString(o.shape));
		double s = 0;
		for (int i = 0; i < data.length; i++)
			s += (double) data[i] * o.data[i];
		return s;
	}
}
