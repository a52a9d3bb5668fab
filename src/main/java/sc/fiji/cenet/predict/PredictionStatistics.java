
package sc.fiji.cenet.predict;

/**
 * What one prediction did and how much working memory it needed besides the
 * input and output images: the proof that memory does not grow with image
 * height (tiled mode keeps one strip of tile rows, never the whole image).
 */
public final class PredictionStatistics {

	private final int tiles;
	private final int batches;
	private final int largestBatch;
	private final long workingBytes;

	PredictionStatistics(int tiles, int batches, int largestBatch,
		long workingBytes)
	{
		this.tiles = tiles;
		this.batches = batches;
		this.largestBatch = largestBatch;
		this.workingBytes = workingBytes;
	}

	/**
	 * Tiles predicted (each once; test-time augmentation multiplies the network
	 * calls, not this).
	 */
	public int tiles() {
		return tiles;
	}

	/** Batches sent to the network (before test-time augmentation). */
	public int batches() {
		return batches;
	}

	/** The most tiles held in memory at once. */
	public int largestBatch() {
		return largestBatch;
	}

	/**
	 * Bytes of the largest working buffers held at once: the strip accumulator
	 * and its weights plus one batch of input tiles and their probabilities.
	 * Test-time augmentation adds about three more batch-sized arrays.
	 */
	public long workingBytes() {
		return workingBytes;
	}

	@Override
	public String toString() {
		return tiles + " tiles in " + batches + " batches (at most " +
			largestBatch + " at once), " + workingBytes + " working bytes";
	}
}
