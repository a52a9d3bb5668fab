
package sc.fiji.cenet.predict;

import java.util.Objects;

import sc.fiji.cenet.io.TrainedModel;

/**
 * How {@link Predictor} turns an image into probabilities: mode, tile size,
 * tile overlap, tiles per network call, test-time augmentation and the mask
 * threshold. Immutable; build with {@link #builder()}.
 */
public final class PredictionSettings {

	public static final int DEFAULT_TILE_SIZE = 448;
	public static final double DEFAULT_THRESHOLD = 0.5;

	private final PredictionMode mode;
	private final int tileSize;
	private final int overlap;
	private final int tilesPerBatch;
	private final boolean testTimeAugmentation;
	private final double threshold;
	private final String output;
	private final boolean convertChannels;

	private PredictionSettings(Builder b) {
		mode = b.mode;
		tileSize = b.tileSize;
		overlap = b.overlap != null ? b.overlap : defaultOverlap(b.tileSize);
		tilesPerBatch = b.tilesPerBatch;
		testTimeAugmentation = b.testTimeAugmentation;
		threshold = b.threshold;
		output = b.output;
		convertChannels = b.convertChannels;
	}

	/**
	 * AUTO mode, 448-pixel tiles with a quarter-tile overlap, one tile per batch,
	 * no augmentation, threshold 0.5.
	 */
	public static PredictionSettings defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * CE-Net Predict's defaults for a model: the mode it records
	 * ({@link PredictionMode#recordedBy}), tiles of its training size, its
	 * threshold (calibrated in training, else 0.5); the rest as
	 * {@link #defaults()}. Scripts start here to get what the command gives, and
	 * so does training's validation.
	 */
	public static Builder forModel(TrainedModel model) {
		return builder().mode(PredictionMode.recordedBy(model)).tileSize(model
			.trainingSize()).threshold(model.threshold());
	}

	/** A builder holding these settings, to change a few of them. */
	public Builder toBuilder() {
		return builder().mode(mode).tileSize(tileSize).overlap(overlap)
			.tilesPerBatch(tilesPerBatch).testTimeAugmentation(testTimeAugmentation)
			.threshold(threshold).output(output).convertChannels(convertChannels);
	}

	/**
	 * A quarter of the tile: enough context at tile borders for CE-Net, at about
	 * 1.8x the work of no overlap.
	 */
	public static int defaultOverlap(int tileSize) {
		return (int) Math.round(tileSize / 4.0);
	}

	public PredictionMode mode() {
		return mode;
	}

	/**
	 * Height and width of the square tiles fed to the network (and of the resized
	 * image in RESIZE mode).
	 */
	public int tileSize() {
		return tileSize;
	}

	/** Pixels shared by neighbouring tiles, blended with smooth weights. */
	public int overlap() {
		return overlap;
	}

	public int tilesPerBatch() {
		return tilesPerBatch;
	}

	/**
	 * Whether every tile is predicted in its 8 dihedral orientations (rotations,
	 * flips) and averaged.
	 */
	public boolean testTimeAugmentation() {
		return testTimeAugmentation;
	}

	/** Foreground where probability >= threshold, for one-class masks. */
	public double threshold() {
		return threshold;
	}

	/**
	 * What {@link CENetModel#segment} returns: one of {@link OutputKind#CHOICES};
	 * "auto" by default.
	 */
	public String output() {
		return output;
	}

	/**
	 * Whether an image with other channels than the model's is turned to gray
	 * (mean) or replicated to colour.
	 */
	public boolean convertChannels() {
		return convertChannels;
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof PredictionSettings)) return false;
		PredictionSettings s = (PredictionSettings) o;
		return mode == s.mode && tileSize == s.tileSize && overlap == s.overlap &&
			tilesPerBatch == s.tilesPerBatch &&
			testTimeAugmentation == s.testTimeAugmentation && Double.compare(
				threshold, s.threshold) == 0 && output.equals(s.output) &&
			convertChannels == s.convertChannels;
	}

	@Override
	public int hashCode() {
		return Objects.hash(mode, tileSize, overlap, tilesPerBatch,
			testTimeAugmentation, threshold, output, convertChannels);
	}

	@Override
	public String toString() {
		return "PredictionSettings(mode=" + mode + ", tile=" + tileSize +
			", overlap=" + overlap + ", batch=" + tilesPerBatch + ", tta=" +
			testTimeAugmentation + ", threshold=" + threshold + ", output=" + output +
			", convert channels=" + convertChannels + ")";
	}

	/**
	 * Checks each value as it is set; the overlap is checked against the tile
	 * size in {@link #build()}.
	 */
	public static final class Builder {

		private PredictionMode mode = PredictionMode.AUTO;
		private int tileSize = DEFAULT_TILE_SIZE;
		/** Null until set: then it follows the tile size. */
		private Integer overlap;
		private int tilesPerBatch = 1;
		private boolean testTimeAugmentation;
		private double threshold = DEFAULT_THRESHOLD;
		private String output = OutputKind.AUTO;
		private boolean convertChannels = true;

		private Builder() {}

		/** @param output one of {@link OutputKind#CHOICES} */
		public Builder output(String output) {
			OutputKind.requireChoice(output);
			this.output = output;
			return this;
		}

		public Builder convertChannels(boolean on) {
			this.convertChannels = on;
			return this;
		}

		public Builder mode(PredictionMode mode) {
			this.mode = Objects.requireNonNull(mode, "mode");
			return this;
		}

		/**
		 * Whether the model accepts this size is checked by {@link Predictor},
		 * which knows the model.
		 */
		public Builder tileSize(int tileSize) {
			if (tileSize < 1) throw new IllegalArgumentException(
				"The tile size must be positive, not " + tileSize);
			this.tileSize = tileSize;
			return this;
		}

		public Builder overlap(int overlap) {
			if (overlap < 0) throw new IllegalArgumentException(
				"The tile overlap must not be negative, not " + overlap);
			this.overlap = overlap;
			return this;
		}

		public Builder tilesPerBatch(int tilesPerBatch) {
			if (tilesPerBatch < 1) throw new IllegalArgumentException(
				"Tiles per batch must be at least 1, not " + tilesPerBatch);
			this.tilesPerBatch = tilesPerBatch;
			return this;
		}

		public Builder testTimeAugmentation(boolean on) {
			this.testTimeAugmentation = on;
			return this;
		}

		public Builder threshold(double threshold) {
			if (!(threshold >= 0 && threshold <= 1))
				throw new IllegalArgumentException(
					"The threshold must lie in [0, 1], not " + threshold);
			this.threshold = threshold;
			return this;
		}

		public PredictionSettings build() {
			int o = overlap != null ? overlap : defaultOverlap(tileSize);
			if (o >= tileSize) throw new IllegalArgumentException(
				"The tile overlap (" + o + ") must be smaller than the tile size (" +
					tileSize + ")");
			return new PredictionSettings(this);
		}
	}
}
