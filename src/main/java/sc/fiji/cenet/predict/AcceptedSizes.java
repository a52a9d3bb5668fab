
package sc.fiji.cenet.predict;

import sc.fiji.cenet.model.TileModel;

/**
 * Finds tile sizes a {@link TileModel} accepts by asking it, so the size rules
 * live in one place: the model (CE-Net: multiples of 32, at least 192).
 */
final class AcceptedSizes {

	/** How far past a wanted size to look; CE-Net never needs more than 191. */
	private static final int SEARCH_SPAN = 1024;

	private AcceptedSizes() {}

	/**
	 * The smallest accepted h x w with h in [minH, maxH] and w in [minW, maxW],
	 * preferring the smallest h: {h, w}.
	 */
	static int[] smallest(TileModel model, int minH, int maxH, int minW,
		int maxW)
	{
		for (int h = minH; h <= maxH; h++)
			for (int w = minW; w <= maxW; w++)
				if (model.acceptsSize(h, w)) return new int[] { h, w };
		throw new IllegalArgumentException(
			"The model accepts no tile size between " + minH + " x " + minW +
				" and " + maxH + " x " + maxW + " (height x width)");
	}

	/** Checks a square tile size, naming the nearest accepted sizes otherwise. */
	static void requireAccepted(TileModel model, int size) {
		if (model.acceptsSize(size, size)) return;
		StringBuilder msg = new StringBuilder(
			"The model does not accept tiles of " + size + " x " + size + " pixels");
		int below = nearestSquare(model, size, -1), above = nearestSquare(model,
			size, +1);
		if (below > 0 && above > 0) msg.append("; the nearest accepted sizes are ")
			.append(below).append(" and ").append(above);
		else if (below > 0 || above > 0) msg.append(
			"; the nearest accepted size is ").append(Math.max(below, above));
		msg.append(" (CE-Net needs ").append(
			sc.fiji.cenet.model.CENetConfig.SIZE_RULE).append(")");
		throw new IllegalArgumentException(msg.toString());
	}

	/** The nearest accepted square size in the given direction, or -1. */
	private static int nearestSquare(TileModel model, int size, int step) {
		for (int s = size + step, n = 0; s >= 1 && n < SEARCH_SPAN; s += step, n++)
			if (model.acceptsSize(s, s)) return s;
		return -1;
	}
}
