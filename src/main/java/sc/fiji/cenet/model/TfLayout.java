
package sc.fiji.cenet.model;

import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;

/**
 * Converts 4-D weights between PyTorch layout and TensorFlow layout.
 * <p>
 * Conv2d {@code [out,in,kh,kw]} becomes TF's conv filter
 * {@code [kh,kw,in,out]}; ConvTranspose2d {@code [in,out,kh,kw]} becomes TF's
 * transposed-conv filter {@code [kh,kw,out,in]}. Both are the same axis
 * permutation (2,3,1,0) and neither needs a spatial flip. Vectors are the same
 * in both layouts.
 */
public final class TfLayout {

	private TfLayout() {}

	/** TF shape of a PyTorch-layout shape. */
	public static long[] tfShape(long[] torchShape) {
		if (torchShape.length != 4) return torchShape.clone();
		return new long[] { torchShape[2], torchShape[3], torchShape[1],
			torchShape[0] };
	}

	/** PyTorch [a,b,kh,kw] values to TF [kh,kw,b,a] values. */
	public static float[] toTf(long[] torchShape, float[] v) {
		if (torchShape.length != 4) return v;
		float[] out = new float[v.length];
		writeTf(torchShape, v, DataBuffers.of(out, false, false));
		return out;
	}

	/**
	 * Writes PyTorch-layout values in TF layout into {@code out} (e.g. a tensor's
	 * own memory, so that no TF-layout copy is made on the heap).
	 */
	public static void writeTf(long[] torchShape, float[] v,
		FloatDataBuffer out)
	{
		if (torchShape.length != 4) {
			out.write(v);
			return;
		}
		int a = (int) torchShape[0], b = (int) torchShape[1], plane =
			(int) (torchShape[2] * torchShape[3]);
		// in blocks, as toTorch: the writes of a block run in order
		for (int i0 = 0; i0 < a; i0 += BLOCK) {
			int i1 = Math.min(a, i0 + BLOCK);
			for (int j0 = 0; j0 < b; j0 += BLOCK) {
				int j1 = Math.min(b, j0 + BLOCK);
				for (int p = 0; p < plane; p++)
					for (int j = j0; j < j1; j++) {
						int dst = (p * b + j) * a;
						for (int i = i0; i < i1; i++)
							out.setFloat(v[(i * b + j) * plane + p], dst + i);
					}
			}
		}
	}

	/** TF [kh,kw,b,a] values back to PyTorch [a,b,kh,kw] values. */
	public static float[] toTorch(long[] torchShape, float[] v) {
		if (torchShape.length != 4) return v;
		float[] out = new float[v.length];
		toTorch(torchShape, v, out);
		return out;
	}

	/**
	 * {@link #toTorch(long[], float[])} into {@code out} (4-D shapes only). In
	 * blocks of {@value #BLOCK} x {@value #BLOCK} (a, b): the reads of a block
	 * stay in cache while its writes run in order (2.5x faster on the network's
	 * 29 M weights, read three times at every checkpoint).
	 */
	public static void toTorch(long[] torchShape, float[] v, float[] out) {
		if (torchShape.length != 4) throw new IllegalArgumentException(
			"only 4-D weights change layout");
		int a = (int) torchShape[0], b = (int) torchShape[1], plane =
			(int) (torchShape[2] * torchShape[3]);
		int planeStride = a * b;
		for (int i0 = 0; i0 < a; i0 += BLOCK) {
			int i1 = Math.min(a, i0 + BLOCK);
			for (int j0 = 0; j0 < b; j0 += BLOCK) {
				int j1 = Math.min(b, j0 + BLOCK);
				for (int i = i0; i < i1; i++)
					for (int j = j0; j < j1; j++) {
						int dst = (i * b + j) * plane, src = j * a + i;
						for (int p = 0; p < plane; p++)
							out[dst + p] = v[src + p * planeStride];
					}
			}
		}
	}

	private static final int BLOCK = 16;
}
