
package sc.fiji.cenet.metrics;

/**
 * Metrics of one image over the whole image and inside its field of view.
 * Published DRIVE numbers use either, so both are reported.
 */
public final class FovEvaluation {

	private final BinaryMetrics wholeImage;
	private final BinaryMetrics insideFov;

	public FovEvaluation(BinaryMetrics wholeImage, BinaryMetrics insideFov) {
		if (wholeImage == null || insideFov == null)
			throw new IllegalArgumentException("metrics must not be null");
		this.wholeImage = wholeImage;
		this.insideFov = insideFov;
	}

	/** Every pixel counts, the FOV mask is ignored. */
	public BinaryMetrics wholeImage() {
		return wholeImage;
	}

	/** Only pixels inside the field of view count. */
	public BinaryMetrics insideFov() {
		return insideFov;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof FovEvaluation && ((FovEvaluation) o).wholeImage.equals(
			wholeImage) && ((FovEvaluation) o).insideFov.equals(insideFov);
	}

	@Override
	public int hashCode() {
		return wholeImage.hashCode() * 31 + insideFov.hashCode();
	}

	@Override
	public String toString() {
		return "whole image " + wholeImage + ", inside FOV " + insideFov;
	}
}
