
package sc.fiji.cenet.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

/**
 * The cover image: the test input (each channel stretched from its minimum to
 * its maximum) beside its prediction (the foreground probability in gray, or
 * for several classes the most probable class in colour), 2:1, at most
 * {@value #MAX_HEIGHT} pixels high.
 */
final class Cover {

	private static final int[] PALETTE = { 0x000000, 0xe6194b, 0x3cb44b, 0x4363d8,
		0xffe119, 0xf58231, 0x911eb4, 0x42d4f4, 0xf032e6, 0xbfef45 };

	private Cover() {}

	/**
	 * @param input (C, H, W), C = 1 or 3 (R, G, B); output (K, H, W)
	 *          probabilities
	 */
	static byte[] png(float[] input, int channels, float[] output, int classes,
		int height, int width) throws IOException
	{
		BufferedImage img = new BufferedImage(2 * width, height,
			BufferedImage.TYPE_INT_RGB);
		int plane = height * width;
		float[] min = new float[channels], max = new float[channels];
		for (int c = 0; c < channels; c++) {
			min[c] = Float.POSITIVE_INFINITY;
			max[c] = Float.NEGATIVE_INFINITY;
			for (int i = c * plane; i < (c + 1) * plane; i++) {
				min[c] = Math.min(min[c], input[i]);
				max[c] = Math.max(max[c], input[i]);
			}
		}
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int i = y * width + x;
				int[] rgb = new int[3];
				for (int k = 0; k < 3; k++) {
					int c = channels == 3 ? k : 0;
					float span = max[c] - min[c];
					rgb[k] = span > 0 ? Math.round((input[c * plane + i] - min[c]) /
						span * 255) : 0;
				}
				img.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
				img.setRGB(width + x, y, predicted(output, classes, plane, i));
			}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		if (!ImageIO.write(smallEnough(img), "png", bytes)) throw new IOException(
			"no PNG writer");
		return bytes.toByteArray();
	}

	/**
	 * The model zoo asks for covers under 500 KB: at most this many pixels high
	 * (2:1 kept).
	 */
	static final int MAX_HEIGHT = 256;

	/**
	 * The cover averaged down by the smallest integer factor that brings it to
	 * {@link #MAX_HEIGHT} or less.
	 */
	private static BufferedImage smallEnough(BufferedImage img) {
		int f = (img.getHeight() + MAX_HEIGHT - 1) / MAX_HEIGHT;
		if (f <= 1) return img;
		int w = img.getWidth() / f, h = img.getHeight() / f;
		BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int r = 0, g = 0, b = 0;
				for (int dy = 0; dy < f; dy++)
					for (int dx = 0; dx < f; dx++) {
						int v = img.getRGB(x * f + dx, y * f + dy);
						r += v >> 16 & 0xff;
						g += v >> 8 & 0xff;
						b += v & 0xff;
					}
				int n = f * f;
				small.setRGB(x, y, (r + n / 2) / n << 16 | (g + n / 2) / n << 8 | (b +
					n / 2) / n);
			}
		return small;
	}

	private static int predicted(float[] output, int classes, int plane, int i) {
		if (classes == 1) {
			int g = Math.round(Math.max(0, Math.min(1, output[i])) * 255);
			return g << 16 | g << 8 | g;
		}
		int best = 0;
		for (int k = 1; k < classes; k++)
			if (output[k * plane + i] > output[best * plane + i]) best = k;
		return best < PALETTE.length ? PALETTE[best] : 0xffffff;
	}
}
