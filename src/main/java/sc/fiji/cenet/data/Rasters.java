
package sc.fiji.cenet.data;

import java.util.function.UnaryOperator;

/**
 * Geometry on flat pixel arrays (X fastest, then Y, then channel planes), as
 * {@link TrainingSample} stores them.
 * <p>
 * Every transform that moves whole pixels (crop, flip, 90-degree rotation) is
 * an <em>index map</em>: for each target pixel the source pixel index, or -1
 * for "outside, value 0". One map then moves the image planes, the labels and
 * the field of view alike, so they can never fall out of register. Resizing and
 * warping resample the image bilinearly and the labels by {@link #resizeLabels}
 * / {@link #warpLabels}.
 */
final class Rasters {

	private Rasters() {}

	/**
	 * Mirror index without repeating the edge (numpy's "reflect"): -1 -> 1, n ->
	 * n - 2.
	 */
	static int reflect(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * (n - 1);
		int m = Math.floorMod(i, period);
		return m < n ? m : period - m;
	}

	/** Applies an index map to every channel plane of {@code src}. */
	static float[] gather(float[] src, int srcPlane, int channels, int[] map) {
		float[] out = new float[map.length * channels];
		for (int c = 0; c < channels; c++) {
			int so = c * srcPlane;
			int to = c * map.length;
			for (int i = 0; i < map.length; i++)
				out[to + i] = map[i] < 0 ? 0 : src[so + map[i]];
		}
		return out;
	}

	/** Applies an index map to a mask; null stays null. */
	static byte[] gather(byte[] src, int[] map) {
		if (src == null) return null;
		byte[] out = new byte[map.length];
		for (int i = 0; i < map.length; i++)
			out[i] = map[i] < 0 ? 0 : src[map[i]];
		return out;
	}

	/**
	 * A {@code cw x ch} window whose top-left corner sits at (x0, y0) of the
	 * image padded by (padLeft, padTop); pixels beyond the image are mirrored.
	 */
	static int[] cropMap(int w, int h, int x0, int y0, int cw, int ch,
		int padLeft, int padTop)
	{
		int[] map = new int[cw * ch];
		for (int y = 0; y < ch; y++) {
			int sy = reflect(y0 + y - padTop, h);
			for (int x = 0; x < cw; x++)
				map[y * cw + x] = sy * w + reflect(x0 + x - padLeft, w);
		}
		return map;
	}

	static int[] flipXMap(int w, int h) {
		int[] map = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				map[y * w + x] = y * w + (w - 1 - x);
		return map;
	}

	static int[] flipYMap(int w, int h) {
		int[] map = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				map[y * w + x] = (h - 1 - y) * w + x;
		return map;
	}

	/**
	 * numpy's {@code rot90} on (rows, columns), i.e. a quarter turn that puts the
	 * last column on top: target (x, y) = source (w - 1 - y, x); the target is h
	 * wide and w high.
	 */
	static int[] rot90Map(int w, int h) {
		int nw = h;
		int nh = w;
		int[] map = new int[nw * nh];
		for (int y = 0; y < nh; y++)
			for (int x = 0; x < nw; x++)
				map[y * nw + x] = x * w + (w - 1 - y);
		return map;
	}

	/**
	 * Bilinear resize with pixel-centre alignment and edge replication, as
	 * OpenCV's {@code INTER_LINEAR}: source = (target + 0.5) * w / nw - 0.5.
	 */
	static float[] resizeBilinear(float[] src, int w, int h, int channels, int nw,
		int nh)
	{
		int[] x0 = new int[nw];
		int[] x1 = new int[nw];
		float[] ax = new float[nw];
		axisWeights(w, nw, x0, x1, ax);
		int[] y0 = new int[nh];
		int[] y1 = new int[nh];
		float[] ay = new float[nh];
		axisWeights(h, nh, y0, y1, ay);
		float[] out = new float[nw * nh * channels];
		for (int c = 0; c < channels; c++) {
			int so = c * w * h;
			int to = c * nw * nh;
			for (int y = 0; y < nh; y++) {
				int r0 = so + y0[y] * w;
				int r1 = so + y1[y] * w;
				for (int x = 0; x < nw; x++) {
					float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) *
						ax[x];
					float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) *
						ax[x];
					out[to + y * nw + x] = top + (bottom - top) * ay[y];
				}
			}
		}
		return out;
	}

	private static void axisWeights(int n, int nn, int[] i0, int[] i1,
		float[] a)
	{
		double scale = (double) n / nn;
		for (int i = 0; i < nn; i++) {
			double s = Math.max(0, (i + 0.5) * scale - 0.5);
			int f = Math.min((int) Math.floor(s), n - 1);
			i0[i] = f;
			i1[i] = Math.min(f + 1, n - 1);
			a[i] = (float) (s - f);
		}
	}

	/**
	 * Affine resampling, bilinear, value 0 outside the source (OpenCV's
	 * {@code BORDER_CONSTANT}). {@code inverse} maps a target pixel to its source
	 * position: {@code sx = m[0] x + m[1] y + m[2], sy = m[3] x + m[4] y + m[5]}.
	 */
	static float[] warpBilinear(float[] src, int w, int h, int channels,
		double[] inverse)
	{
		float[] out = new float[w * h * channels];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double sx = inverse[0] * x + inverse[1] * y + inverse[2];
				double sy = inverse[3] * x + inverse[4] * y + inverse[5];
				int fx = (int) Math.floor(sx);
				int fy = (int) Math.floor(sy);
				if (fx < -1 || fy < -1 || fx >= w || fy >= h) continue;
				float ax = (float) (sx - fx);
				float ay = (float) (sy - fy);
				for (int c = 0; c < channels; c++) {
					int plane = c * w * h;
					float v00 = at(src, plane, w, h, fx, fy);
					float v10 = at(src, plane, w, h, fx + 1, fy);
					float v01 = at(src, plane, w, h, fx, fy + 1);
					float v11 = at(src, plane, w, h, fx + 1, fy + 1);
					float top = v00 + (v10 - v00) * ax;
					float bottom = v01 + (v11 - v01) * ax;
					out[plane + y * w + x] = top + (bottom - top) * ay;
				}
			}
		}
		return out;
	}

	/**
	 * Labels resized as the reference resizes its masks (OpenCV's bilinear
	 * resize, then {@code >= 0.5} is foreground): a thin structure keeps a
	 * continuous shape where nearest neighbour drops or doubles whole rows and
	 * columns of it. With more than two classes each class's indicator is
	 * resampled and the largest wins (ties to the lower class). Null stays null.
	 */
	static byte[] resizeLabels(byte[] labels, int w, int h, int nw, int nh) {
		return resampleLabels(labels, nw * nh, indicator -> resizeBilinear(
			indicator, w, h, 1, nw, nh));
	}

	/**
	 * {@link #resizeLabels} for an affine resampling ({@link #warpBilinear}); 0
	 * outside the source.
	 */
	static byte[] warpLabels(byte[] labels, int w, int h, double[] inverse) {
		return resampleLabels(labels, w * h, indicator -> warpBilinear(indicator, w,
			h, 1, inverse));
	}

	private static byte[] resampleLabels(byte[] labels, int outSize,
		UnaryOperator<float[]> resample)
	{
		if (labels == null) return null;
		int classes = 0;
		for (byte b : labels)
			classes = Math.max(classes, (b & 0xff) + 1);
		byte[] out = new byte[outSize];
		if (classes <= 2) {
			float[] fg = new float[labels.length];
			for (int i = 0; i < labels.length; i++)
				fg[i] = labels[i] != 0 ? 1 : 0;
			float[] r = resample.apply(fg);
			for (int i = 0; i < outSize; i++)
				out[i] = (byte) (r[i] >= 0.5f ? 1 : 0);
			return out;
		}
		float[] best = new float[outSize];
		float[] indicator = new float[labels.length];
		for (int c = 0; c < classes; c++) {
			for (int i = 0; i < labels.length; i++)
				indicator[i] = (labels[i] & 0xff) == c ? 1 : 0;
			float[] r = resample.apply(indicator);
			for (int i = 0; i < outSize; i++)
				if (c == 0 || r[i] > best[i]) {
					best[i] = r[i];
					out[i] = (byte) c;
				}
		}
		return out;
	}

	private static float at(float[] src, int plane, int w, int h, int x, int y) {
		return x < 0 || y < 0 || x >= w || y >= h ? 0 : src[plane + y * w + x];
	}
}
