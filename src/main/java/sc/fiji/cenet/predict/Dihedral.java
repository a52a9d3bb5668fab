
package sc.fiji.cenet.predict;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The 8 symmetries of a square (rotations by multiples of 90 degrees and
 * reflections), as operations on batches of NHWC tiles. Each is "flip x and/or
 * y, then maybe swap the axes"; those that swap turn an h x w tile into a w x h
 * one. Rotations are clockwise with y pointing down.
 */
enum Dihedral {

		IDENTITY(false, false, false), FLIP_X(false, true, false), FLIP_Y(false,
			false, true), ROTATE_180(false, true, true), TRANSPOSE(true, false,
				false), ROTATE_90(true, false, true), ROTATE_270(true, true, false),
		ANTI_TRANSPOSE(true, true, true);

	/** The 4 that keep h x w: usable when the model does not accept w x h. */
	static final List<Dihedral> FLIPS = Collections.unmodifiableList(Arrays
		.asList(IDENTITY, FLIP_X, FLIP_Y, ROTATE_180));
	static final List<Dihedral> ALL = Collections.unmodifiableList(Arrays.asList(
		values()));

	private final boolean swapsAxes;
	private final boolean flipX;
	private final boolean flipY;

	Dihedral(boolean swapsAxes, boolean flipX, boolean flipY) {
		this.swapsAxes = swapsAxes;
		this.flipX = flipX;
		this.flipY = flipY;
	}

	boolean swapsAxes() {
		return swapsAxes;
	}

	/**
	 * Transforms n tiles of h x w x c into n tiles of h x w (or w x h when it
	 * swaps axes).
	 */
	float[] apply(float[] tiles, int n, int h, int w, int c) {
		if (this == IDENTITY) return tiles.clone();
		float[] out = new float[tiles.length];
		for (int i = 0; i < n; i++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					System.arraycopy(tiles, index(i, y, x, h, w, c), out,
						transformedIndex(i, y, x, h, w, c), c);
		return out;
	}

	/**
	 * Adds back-transformed tiles into {@code sum}: {@code transformed} holds n
	 * tiles in this transform's orientation, h x w is the original size.
	 */
	void addInverse(float[] transformed, float[] sum, int n, int h, int w,
		int c)
	{
		for (int i = 0; i < n; i++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int to = index(i, y, x, h, w, c), from = transformedIndex(i, y, x, h,
						w, c);
					for (int k = 0; k < c; k++)
						sum[to + k] += transformed[from + k];
				}
	}

	private static int index(int i, int y, int x, int h, int w, int c) {
		return ((i * h + y) * w + x) * c;
	}

	/** Where pixel (y, x) of tile i lands after this transform. */
	private int transformedIndex(int i, int y, int x, int h, int w, int c) {
		int fy = flipY ? h - 1 - y : y;
		int fx = flipX ? w - 1 - x : x;
		return swapsAxes ? index(i, fx, fy, w, h, c) : index(i, fy, fx, h, w, c);
	}
}
