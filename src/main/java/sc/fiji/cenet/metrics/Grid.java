
package sc.fiji.cenet.metrics;

/** Size and index arithmetic of images stored flat, dimension 0 fastest. */
final class Grid {

	private Grid() {}

	/** Number of pixels of an image of the given size; fails above int range. */
	static int size(int[] dims) {
		long size = 1;
		for (int n : dims) {
			if (n < 1) throw new IllegalArgumentException(
				"image size must be positive: " + describe(dims));
			size *= n;
			if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
				"image of " + describe(dims) +
					" pixels is too large: at most 2^31 pixels are supported");
		}
		return (int) size;
	}

	/** Offset between neighbours along each dimension. */
	static int[] strides(int[] dims) {
		int[] strides = new int[dims.length];
		int s = 1;
		for (int d = 0; d < dims.length; d++) {
			strides[d] = s;
			s *= dims[d];
		}
		return strides;
	}

	/** Size as "512x512x3". */
	static String describe(long[] dims) {
		StringBuilder sb = new StringBuilder();
		for (int d = 0; d < dims.length; d++)
			sb.append(d == 0 ? "" : "x").append(dims[d]);
		return sb.toString();
	}

	static String describe(int[] dims) {
		long[] l = new long[dims.length];
		for (int d = 0; d < dims.length; d++)
			l[d] = dims[d];
		return describe(l);
	}

	/** Coordinates of a flat index as "(x, y, ...)", for error messages. */
	static String position(int index, int[] dims) {
		StringBuilder sb = new StringBuilder("(");
		for (int d = 0; d < dims.length; d++) {
			sb.append(d == 0 ? "" : ", ").append(index % dims[d]);
			index /= dims[d];
		}
		return sb.append(')').toString();
	}
}
