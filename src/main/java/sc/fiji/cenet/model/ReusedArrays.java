
package sc.fiji.cenet.model;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Float arrays by length, one per length, handed out again at the next request
 * of that length: for values that are used up before the next value of their
 * length is asked for (weights going into or out of TensorFlow one at a time),
 * which then leave no garbage of the weights' size on the heap. An array starts
 * zeroed; afterwards it holds whatever its last user wrote.
 */
public final class ReusedArrays implements IntFunction<float[]> {

	private final int from;
	private final Map<Integer, float[]> arrays = new HashMap<>();

	/** Every length reused. */
	public ReusedArrays() {
		this(0);
	}

	/**
	 * @param from shorter arrays are new ones each time: small vectors are not
	 *          worth keeping
	 */
	public ReusedArrays(int from) {
		this.from = from;
	}

	@Override
	public float[] apply(int length) {
		return length < from ? new float[length] : arrays.computeIfAbsent(length,
			float[]::new);
	}
}
