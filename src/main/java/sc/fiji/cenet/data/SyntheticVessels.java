
package sc.fiji.cenet.data;

import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Seeded generator of synthetic, fundus-like RGB images with a vessel ground
 * truth: branching, curvy, dark tubes 1-5 px wide on a reddish, smoothly lit,
 * vignetted and noisy background inside a circular field of view.
 * <p>
 * The images are meant for tests, demos and smoke-training, not as a stand-in
 * for real retinal data. The output is a pure function of (seed, width, height,
 * circularFov): the vessel geometry and the background/noise come from two
 * separate {@link Random} streams, so the vessel-free rendering of a seed has
 * exactly the same background and noise as the rendering with vessels, and the
 * mask marks exactly the pixels the vessels darkened.
 * </p>
 */
public final class SyntheticVessels {

	/** Smallest supported side: below it the vessel tree does not fit. */
	public static final int MIN_SIZE = 32;

	/** One generated image with its ground truth. */
	public static final class Sample {

		private final Img<UnsignedByteType> image;
		private final Img<UnsignedByteType> mask;
		private final Img<UnsignedByteType> fieldOfView;

		Sample(final Img<UnsignedByteType> image, final Img<UnsignedByteType> mask,
			final Img<UnsignedByteType> fieldOfView)
		{
			this.image = image;
			this.mask = mask;
			this.fieldOfView = fieldOfView;
		}

		/** RGB image, axes (X, Y, C) with C = 3 in the order R, G, B. */
		public Img<UnsignedByteType> image() {
			return image;
		}

		/** Vessel mask, axes (X, Y): 255 on vessel pixels, 0 elsewhere. */
		public Img<UnsignedByteType> mask() {
			return mask;
		}

		/**
		 * Field of view, axes (X, Y): 255 inside the imaged disc, 0 outside (all
		 * 255 without a circular FOV).
		 */
		public Img<UnsignedByteType> fieldOfView() {
			return fieldOfView;
		}
	}

	private static final double NOISE_SIGMA = 4.0;
	private static final int MAX_DEPTH = 5;
	private static final double MAX_WIDTH = 5.0;
	private static final double MIN_WIDTH = 1.0;

	private final int width;
	private final int height;
	private final boolean circularFov;
	private final double cx, cy, fovRadius;

	private SyntheticVessels(final int width, final int height,
		final boolean circularFov)
	{
		if (width < MIN_SIZE || height < MIN_SIZE)
			throw new IllegalArgumentException("Synthetic images must be at least " +
				MIN_SIZE + "x" + MIN_SIZE + " pixels, got " + width + "x" + height);
		this.width = width;
		this.height = height;
		this.circularFov = circularFov;
		cx = (width - 1) / 2.0;
		cy = (height - 1) / 2.0;
		fovRadius = 0.47 * Math.min(width, height);
	}

	/** Generates a sample with a circular field of view. */
	public static Sample generate(final long seed, final int width,
		final int height)
	{
		return generate(seed, width, height, true);
	}

	/**
	 * Generates a sample.
	 *
	 * @param circularFov whether the image is black outside a centred disc, as a
	 *          fundus photograph
	 */
	public static Sample generate(final long seed, final int width,
		final int height, final boolean circularFov)
	{
		return new SyntheticVessels(width, height, circularFov).render(seed, true);
	}

	/**
	 * The same sample without vessels: identical background and noise. For tests.
	 */
	static Sample generateWithoutVessels(final long seed, final int width,
		final int height, final boolean circularFov)
	{
		return new SyntheticVessels(width, height, circularFov).render(seed, false);
	}

	private Sample render(final long seed, final boolean drawVessels) {
		final int n = width * height;
		final boolean[] fov = fieldOfView();
		final Random geometry = new Random(seed);
		final Random shading = new Random(seed * 0x9E3779B97F4A7C15L + 1);

		// The optic disc sits left or right of the centre; vessels radiate from it.
		final double discX = cx + (geometry.nextBoolean() ? 1 : -1) * (0.18 + 0.08 *
			geometry.nextDouble()) * width;
		final double discY = cy + (geometry.nextDouble() - 0.5) * 0.1 * height;
		final float[] darkness = new float[n];
		if (drawVessels) drawVesselTree(geometry, discX, discY, fov, darkness);

		final ArrayImg<UnsignedByteType, ByteArray> image = ArrayImgs.unsignedBytes(
			width, height, 3);
		final ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(
			width, height);
		final ArrayImg<UnsignedByteType, ByteArray> fovImg = ArrayImgs
			.unsignedBytes(width, height);
		final byte[] rgb = image.update(null).getCurrentStorageArray();
		final byte[] maskPixels = mask.update(null).getCurrentStorageArray();
		final byte[] fovPixels = fovImg.update(null).getCurrentStorageArray();

		final double[] wave = new double[9]; // three low-frequency illumination
																					// waves: kx, ky, phase
		for (int i = 0; i < wave.length; i += 3) {
			wave[i] = (shading.nextDouble() - 0.5) * 6 * Math.PI / width;
			wave[i + 1] = (shading.nextDouble() - 0.5) * 6 * Math.PI / height;
			wave[i + 2] = shading.nextDouble() * 2 * Math.PI;
		}
		final double redBase = 185 + 30 * shading.nextDouble();
		final double greenBase = 70 + 25 * shading.nextDouble();
		final double blueBase = 25 + 20 * shading.nextDouble();
		final double discSigma = 0.06 * Math.min(width, height);

		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				final int i = x + y * width;
				// Noise is drawn for every pixel so the stream never depends on the
				// geometry.
				final double nr = shading.nextGaussian() * NOISE_SIGMA;
				final double ng = shading.nextGaussian() * NOISE_SIGMA;
				final double nb = shading.nextGaussian() * NOISE_SIGMA;
				if (!fov[i]) continue;
				fovPixels[i] = (byte) 255;
				final double r = Math.hypot(x - cx, y - cy) / fovRadius;
				double light = 1 - 0.45 * r * r;
				for (int w = 0; w < wave.length; w += 3)
					light += 0.05 * Math.sin(wave[w] * x + wave[w + 1] * y + wave[w + 2]);
				final double dd = (x - discX) * (x - discX) + (y - discY) * (y - discY);
				final double disc = Math.exp(-dd / (2 * discSigma * discSigma));
				final double dark = darkness[i];
				// Vessels absorb green and blue more than red: they look dark red.
				final double red = (redBase * light + 50 * disc) * (1 - 0.55 * dark) +
					nr;
				final double green = (greenBase * light + 110 * disc) * (1 - dark) + ng;
				final double blue = (blueBase * light + 80 * disc) * (1 - dark) + nb;
				rgb[i] = toByte(red);
				rgb[i + n] = toByte(green);
				rgb[i + 2 * n] = toByte(blue);
				if (dark > 0) maskPixels[i] = (byte) 255;
			}
		}
		return new Sample(image, mask, fovImg);
	}

	private boolean[] fieldOfView() {
		final boolean[] fov = new boolean[width * height];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				fov[x + y * width] = !circularFov || Math.hypot(x - cx, y -
					cy) <= fovRadius;
		return fov;
	}

	/**
	 * Four arcade trunks leave the disc up/down and towards either side, then
	 * branch.
	 */
	private void drawVesselTree(final Random rnd, final double discX,
		final double discY, final boolean[] fov, final float[] darkness)
	{
		final double towardsCentre = discX > cx ? Math.PI : 0;
		final double[] startAngles = { -0.9, -0.35, 0.35, 0.9 };
		for (final double a : startAngles) {
			final double angle = towardsCentre + (towardsCentre == 0 ? a : -a) * 1.6 +
				(rnd.nextDouble() - 0.5) * 0.3;
			final double bend = -Math.signum(a) * (towardsCentre == 0 ? 1 : -1) *
				(0.004 + 0.006 * rnd.nextDouble());
			growBranch(rnd, discX, discY, angle, bend, MAX_WIDTH - rnd.nextDouble() *
				0.8, 1.1 * Math.max(width, height), 0, fov, darkness);
		}
	}

	/**
	 * Grows one vessel as a smooth random walk, painting discs along it. Side
	 * branches are thinner and shorter than what is left of their parent, and the
	 * thinnest vessels do not branch, so the tree stays sparse.
	 */
	private void growBranch(final Random rnd, double x, double y, double angle,
		final double bend, double vesselWidth, final double maxLength,
		final int depth, final boolean[] fov, final float[] darkness)
	{
		double turn = 0;
		double nextBranch = 20 + rnd.nextDouble() * 25;
		for (double length = 0; length < maxLength; length += 1) {
			paintDisc(x, y, vesselWidth, fov, darkness);
			turn = 0.9 * turn + rnd.nextGaussian() * 0.015;
			angle += turn + bend;
			x += Math.cos(angle);
			y += Math.sin(angle);
			if (!inside(x, y, fov)) return;
			if (length >= nextBranch && depth < MAX_DEPTH && vesselWidth > 1.3) {
				nextBranch = length + 20 + rnd.nextDouble() * 30;
				final double side = rnd.nextBoolean() ? 1 : -1;
				final double childAngle = angle + side * (0.45 + 0.6 * rnd
					.nextDouble());
				final double childWidth = Math.max(MIN_WIDTH, vesselWidth * (0.5 + 0.2 *
					rnd.nextDouble()));
				final double childLength = (maxLength - length) * (0.35 + 0.3 * rnd
					.nextDouble());
				growBranch(rnd, x, y, childAngle, side * 0.004 * rnd.nextDouble(),
					childWidth, childLength, depth + 1, fov, darkness);
				vesselWidth = Math.max(MIN_WIDTH, vesselWidth * 0.9);
			}
		}
	}

	private boolean inside(final double x, final double y, final boolean[] fov) {
		final int ix = (int) Math.round(x), iy = (int) Math.round(y);
		return ix >= 0 && iy >= 0 && ix < width && iy < height && fov[ix + iy *
			width];
	}

	/**
	 * Thicker vessels are darker, as in fundus images; overlaps keep the darkest
	 * value.
	 */
	private void paintDisc(final double x, final double y,
		final double vesselWidth, final boolean[] fov, final float[] darkness)
	{
		final double radius = Math.max(0.5, vesselWidth / 2);
		final float dark = (float) (0.3 + 0.07 * vesselWidth);
		final int x0 = (int) Math.floor(x - radius), x1 = (int) Math.ceil(x +
			radius);
		final int y0 = (int) Math.floor(y - radius), y1 = (int) Math.ceil(y +
			radius);
		for (int py = Math.max(0, y0); py <= Math.min(height - 1, y1); py++) {
			for (int px = Math.max(0, x0); px <= Math.min(width - 1, x1); px++) {
				final int i = px + py * width;
				if (!fov[i]) continue;
				if ((px - x) * (px - x) + (py - y) * (py - y) <= radius * radius + 0.25)
					darkness[i] = Math.max(darkness[i], dark);
			}
		}
	}

	private static byte toByte(final double value) {
		return (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
	}
}
