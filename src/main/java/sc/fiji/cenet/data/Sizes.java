
package sc.fiji.cenet.data;

import net.imglib2.Dimensions;

/** Image sizes in messages: {@code 640 x 480 x 3}. */
public final class Sizes {

	private Sizes() {}

	/** The dimensions joined by " x ". */
	public static String of(Dimensions image) {
		return of(image.dimensionsAsLongArray());
	}

	/** The numbers joined by " x ". */
	public static String of(long... dims) {
		StringBuilder sb = new StringBuilder();
		for (int d = 0; d < dims.length; d++)
			sb.append(d == 0 ? "" : " x ").append(dims[d]);
		return sb.toString();
	}
}
