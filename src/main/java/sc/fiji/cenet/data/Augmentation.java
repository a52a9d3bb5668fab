
package sc.fiji.cenet.data;

import java.util.Random;

/**
 * The random augmentations of the reference CE-Net training ({@code data.py}),
 * applied jointly to a sample's image, labels and field of view: HSV shift,
 * shift-scale-rotate, horizontal flip, vertical flip, quarter turn, in that
 * order, each with probability 0.5 when switched on.
 * <p>
 * Every call draws the same 13 random numbers in the same order, whatever is
 * switched on, so one seed gives bit-identical output and switching one
 * augmentation off leaves the draws of the others unchanged.
 * <p>
 * Where this deliberately differs from the reference: the hue wraps around the
 * colour circle (the reference adds a {@code uint8} to OpenCV's 0..179 hue and
 * wraps at 256); shift-scale-rotate scales x by {@code scale * sqrt(aspect)}
 * and y by {@code scale / sqrt(aspect)} (the reference's matrix uses the x
 * factor on both axes when the angle is 0) and turns about the image centre
 * {@code ((w - 1) / 2, (h - 1) / 2)}. Masks are resampled as the reference does
 * (bilinear, then thresholded at 0.5).
 */
public final class Augmentation {

	private final AugmentationSettings settings;

	public Augmentation(AugmentationSettings settings) {
		this.settings = settings;
	}

	public AugmentationSettings settings() {
		return settings;
	}

	/**
	 * The augmented sample (or the same one when nothing is drawn); raw
	 * intensities stay in their range. Give each sample a generator from
	 * {@link Batches#random}: plain {@code new Random(seed)} for neighbouring
	 * seeds starts with nearly equal numbers.
	 */
	public TrainingSample apply(TrainingSample s, Random random) {
		Draws d = new Draws(settings, random);
		TrainingSample out = s;
		if (settings.hsv() && d.hsv && hasEightBitRange(s)) out = hsvShift(out, d);
		if (settings.shiftScaleRotate() && d.shiftScaleRotate) out =
			shiftScaleRotate(out, d);
		if (settings.horizontalFlip() && d.horizontalFlip) out = remap(out, out
			.width(), out.height(), Rasters.flipXMap(out.width(), out.height()));
		if (settings.verticalFlip() && d.verticalFlip) out = remap(out, out.width(),
			out.height(), Rasters.flipYMap(out.width(), out.height()));
		if (settings.rotate90() && d.rotate90 && out.width() == out.height()) out =
			remap(out, out.height(), out.width(), Rasters.rot90Map(out.width(), out
				.height()));
		return out;
	}

	/** The random numbers of one call, drawn in a fixed order. */
	private static final class Draws {

		final boolean hsv;
		final int hue;
		final double saturation;
		final double value;
		final boolean shiftScaleRotate;
		final double angle;
		final double scale;
		final double aspect;
		final double dx;
		final double dy;
		final boolean horizontalFlip;
		final boolean verticalFlip;
		final boolean rotate90;

		Draws(AugmentationSettings a, Random r) {
			hsv = r.nextDouble() < AugmentationSettings.PROBABILITY;
			hue = r.nextInt(2 * a.hueShift() + 1) - a.hueShift();
			saturation = uniform(r, a.saturationShift());
			value = uniform(r, a.valueShift());
			shiftScaleRotate = r.nextDouble() < AugmentationSettings.PROBABILITY;
			angle = uniform(r, a.rotation());
			scale = 1 + uniform(r, a.scale());
			aspect = 1 + uniform(r, a.aspect());
			dx = uniform(r, a.shift());
			dy = uniform(r, a.shift());
			horizontalFlip = r.nextDouble() < AugmentationSettings.PROBABILITY;
			verticalFlip = r.nextDouble() < AugmentationSettings.PROBABILITY;
			rotate90 = r.nextDouble() < AugmentationSettings.PROBABILITY;
		}

		private static double uniform(Random r, double limit) {
			return (2 * r.nextDouble() - 1) * limit;
		}
	}

	/** HSV shifts are defined on 0..255 values: 8-bit gray and RGB only. */
	private static boolean hasEightBitRange(TrainingSample s) {
		return s.bitDepth() == 8 && s.channels() == 1 || s.bitDepth() == 24 && s
			.channels() == 3;
	}

	private static TrainingSample hsvShift(TrainingSample s, Draws d) {
		float[] p = s.pixelArray().clone();
		int n = s.width() * s.height();
		if (s.channels() == 1) {
			for (int i = 0; i < n; i++)
				p[i] = clamp255(p[i] + d.value);
		}
		else {
			float[] hsv = new float[3];
			float[] rgb = new float[3];
			for (int i = 0; i < n; i++) {
				Hsv.fromRgb(p[i], p[n + i], p[2 * n + i], hsv);
				double hue = (hsv[0] + 2.0 * d.hue) % 360; // OpenCV hue units are half
																										// degrees
				hsv[0] = (float) (hue < 0 ? hue + 360 : hue);
				hsv[1] = clamp255(hsv[1] + d.saturation);
				hsv[2] = clamp255(hsv[2] + d.value);
				Hsv.toRgb(hsv[0], hsv[1], hsv[2], rgb);
				p[i] = rgb[0];
				p[n + i] = rgb[1];
				p[2 * n + i] = rgb[2];
			}
		}
		return s.with(s.width(), s.height(), p, s.labelArray(), s.fovArray());
	}

	private static TrainingSample shiftScaleRotate(TrainingSample s, Draws d) {
		int w = s.width();
		int h = s.height();
		double sx = d.scale * Math.sqrt(d.aspect);
		double sy = d.scale / Math.sqrt(d.aspect);
		double cos = Math.cos(Math.toRadians(d.angle));
		double sin = Math.sin(Math.toRadians(d.angle));
		// forward: target = A (source - c) + c + t, A = rotation * diag(sx, sy)
		double a00 = cos * sx, a01 = -sin * sy, a10 = sin * sx, a11 = cos * sy;
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		double tx = Math.round(d.dx * w), ty = Math.round(d.dy * h);
		double det = a00 * a11 - a01 * a10;
		double i00 = a11 / det, i01 = -a01 / det, i10 = -a10 / det, i11 = a00 / det;
		// inverse: source = A^-1 (target - c - t) + c
		double ox = cx + tx, oy = cy + ty;
		double[] inverse = { i00, i01, cx - i00 * ox - i01 * oy, i10, i11, cy -
			i10 * ox - i11 * oy };
		return s.with(w, h, Rasters.warpBilinear(s.pixelArray(), w, h, s.channels(),
			inverse), Rasters.warpLabels(s.labelArray(), w, h, inverse), Rasters
				.warpLabels(s.fovArray(), w, h, inverse));
	}

	private static TrainingSample remap(TrainingSample s, int nw, int nh,
		int[] map)
	{
		return s.with(nw, nh, Rasters.gather(s.pixelArray(), s.width() * s.height(),
			s.channels(), map), Rasters.gather(s.labelArray(), map), Rasters.gather(s
				.fovArray(), map));
	}

	private static float clamp255(double v) {
		return (float) Math.max(0, Math.min(255, v));
	}
}
