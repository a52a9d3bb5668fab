
package sc.fiji.cenet.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.List;

/**
 * The parity fixture's deterministic weights and inputs (see
 * src/test/resources/cenet-parity/README.md): every value is a formula of its
 * tensor index k and element index j, so 116 MB of weights need not be shipped.
 */
final class ParityFixture {

	private ParityFixture() {}

	static double u(int k, int j) {
		int s = (k + 20) * 0x9E3779B1 + j; // int arithmetic wraps modulo 2^32, as
																				// the formula wants
		s ^= s >>> 16;
		s *= 0x85EBCA6B;
		s ^= s >>> 13;
		s *= 0xC2B2AE35;
		s ^= s >>> 16;
		return (s & 0xFFFFFFFFL) / 4294967296.0;
	}

	static StateDict weights(CENetConfig config) {
		StateDict sd = new StateDict();
		List<CENetArchitecture.Param> params = new CENetArchitecture(config)
			.params();
		for (int k = 0; k < params.size(); k++) {
			CENetArchitecture.Param p = params.get(k);
			float[] v = new float[(int) StateDict.numel(p.shape)];
			for (int j = 0; j < v.length; j++) {
				double u = u(k, j), r = 2.0 * u - 1.0;
				switch (p.kind) {
					case CONV_WEIGHT:
					case CONVT_WEIGHT:
						v[j] = (float) ((0.85 * Math.sqrt(6.0 / p.fanIn)) * r);
						break;
					case CONV_BIAS:
					case CONVT_BIAS:
					case BN_BIAS:
					case BN_RUNNING_MEAN:
						v[j] = (float) (0.1 * r);
						break;
					case BN_WEIGHT:
						v[j] = (float) (1.0 + 0.2 * r);
						break;
					case BN_RUNNING_VAR:
						v[j] = (float) (1.0 + 0.5 * u);
						break;
					default:
						throw new AssertionError(p.kind);
				}
			}
			sd.put(p.name, p.shape, v);
		}
		return sd;
	}

	/** Network input, NHWC, channel 0 = blue as the reference reads it. */
	static float[] input(int h, int w) {
		float[] x = new float[h * w * 3];
		for (int y = 0; y < h; y++)
			for (int xx = 0; xx < w; xx++)
				for (int c = 0; c < 3; c++) {
					int p = ((y * xx) / 7 + 3 * y + 5 * xx + 80 * c) % 256;
					x[(y * w + xx) * 3 + c] = ((float) p / 255f) * 3.2f - 1.6f;
				}
		return x;
	}

	static float[] raw(String name) throws IOException {
		try (InputStream in = ParityFixture.class.getResourceAsStream(
			"/cenet-parity/" + name))
		{
			if (in == null) throw new IOException("missing fixture " + name);
			byte[] b = in.readAllBytes();
			float[] f = new float[b.length / 4];
			ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
			return f;
		}
	}

	static String sha256(float[] v) throws Exception {
		ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(
			ByteOrder.LITTLE_ENDIAN);
		bb.asFloatBuffer().put(v);
		byte[] d = MessageDigest.getInstance("SHA-256").digest(bb.array());
		StringBuilder sb = new StringBuilder();
		for (byte x : d)
			sb.append(String.format("%02x", x));
		return sb.toString();
	}
}
