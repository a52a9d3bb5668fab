
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Finite-difference versus symbolic directional derivatives, one line per
 * direction.
 */
final class GradientReport {

	/** One direction of one input. */
	static final class Comparison {

		final String input, direction;
		final double finiteDifference, symbolic, roundingNoise;

		Comparison(String input, String direction, double finiteDifference,
			double symbolic, double roundingNoise)
		{
			this.input = input;
			this.direction = direction;
			this.finiteDifference = finiteDifference;
			this.symbolic = symbolic;
			this.roundingNoise = roundingNoise;
		}

		/**
		 * |fd - symbolic| beyond the rounding noise, relative to the larger of the
		 * two (0 when both are 0).
		 */
		double relativeError() {
			double excess = Math.max(0, Math.abs(finiteDifference - symbolic) -
				roundingNoise);
			double size = Math.max(Math.abs(finiteDifference), Math.abs(symbolic));
			return excess == 0 ? 0 : excess / size;
		}

		@Override
		public String toString() {
			return String.format(
				"%s along %s: finite difference %.6g, TF gradient %.6g (relative error %.3g)",
				input, direction, finiteDifference, symbolic, relativeError());
		}
	}

	private final List<Comparison> comparisons = new ArrayList<>();

	void add(String input, String direction, double fd, double symbolic,
		double noise)
	{
		comparisons.add(new Comparison(input, direction, fd, symbolic, noise));
	}

	List<Comparison> comparisons() {
		return comparisons;
	}

	/** The largest relative error of the given input ("" for all inputs). */
	double worst(String input) {
		double w = 0;
		for (Comparison c : comparisons)
			if (input.isEmpty() || c.input.equals(input)) w = Math.max(w, c
				.relativeError());
		return w;
	}

	/** The comparisons above the tolerance, one a line; empty when all pass. */
	String failures(double tolerance) {
		StringBuilder b = new StringBuilder();
		for (Comparison c : comparisons)
			if (c.relativeError() > tolerance) b.append("\n  ").append(c);
		return b.toString();
	}
}
