
package sc.fiji.cenet.data;

/**
 * RGB <-> HSV on 0..255 values, with hue in degrees [0, 360) and saturation and
 * value in 0..255, the continuous form of OpenCV's 8-bit conversion.
 */
final class Hsv {

	private Hsv() {}

	/** @param hsv receives hue (degrees), saturation (0..255), value (0..255) */
	static void fromRgb(float r, float g, float b, float[] hsv) {
		float max = Math.max(r, Math.max(g, b));
		float min = Math.min(r, Math.min(g, b));
		float delta = max - min;
		float h;
		if (delta <= 0) h = 0;
		else if (max == r) h = 60 * (g - b) / delta;
		else if (max == g) h = 120 + 60 * (b - r) / delta;
		else h = 240 + 60 * (r - g) / delta;
		if (h < 0) h += 360;
		hsv[0] = h;
		hsv[1] = max > 0 ? delta / max * 255 : 0;
		hsv[2] = max;
	}

	/** @param rgb receives red, green, blue in 0..255 */
	static void toRgb(float h, float s, float v, float[] rgb) {
		float c = v * s / 255;
		float hp = h / 60;
		float x = c * (1 - Math.abs(hp % 2 - 1));
		float r, g, b;
		switch ((int) hp % 6) {
			case 0:
				r = c;
				g = x;
				b = 0;
				break;
			case 1:
				r = x;
				g = c;
				b = 0;
				break;
			case 2:
				r = 0;
				g = c;
				b = x;
				break;
			case 3:
				r = 0;
				g = x;
				b = c;
				break;
			case 4:
				r = x;
				g = 0;
				b = c;
				break;
			default:
				r = c;
				g = 0;
				b = x;
				break;
		}
		float m = v - c;
		rgb[0] = r + m;
		rgb[1] = g + m;
		rgb[2] = b + m;
	}
}
