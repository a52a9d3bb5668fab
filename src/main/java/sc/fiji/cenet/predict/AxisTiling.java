
package sc.fiji.cenet.predict;

/**
 * Where the tiles lie along one image axis. Tiles step by
 * {@code tile - overlap} and the grid is centred on the image, so the slack
 * beyond both image edges (filled by mirroring) is equal. With
 * {@code ceil(length / stride)} tiles, every pixel lies at least
 * {@code overlap / 2} inside some tile, image edges included: the network sees
 * as much context there as at a tile seam.
 */
final class AxisTiling {

	private final int tile;
	private final int count;
	private final int first;
	private final int stride;

	private AxisTiling(int tile, int count, int first, int stride) {
		this.tile = tile;
		this.count = count;
		this.first = first;
		this.stride = stride;
	}

	/**
	 * One tile when the axis fits in it, else overlapping tiles. Requires
	 * {@code 0 <= overlap < tile}.
	 */
	static AxisTiling of(int length, int tile, int overlap) {
		if (length <= tile) return new AxisTiling(tile, 1, -((tile - length) / 2),
			tile);
		int stride = tile - overlap;
		int count = (length + stride - 1) / stride;
		int span = (count - 1) * stride + tile;
		return new AxisTiling(tile, count, -((span - length) / 2), stride);
	}

	int tile() {
		return tile;
	}

	int count() {
		return count;
	}

	int stride() {
		return stride;
	}

	/**
	 * Image coordinate of the first pixel of tile i; negative or beyond the image
	 * where mirrored.
	 */
	int start(int i) {
		return first + i * stride;
	}
}
