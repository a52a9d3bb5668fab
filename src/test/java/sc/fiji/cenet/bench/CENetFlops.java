
package sc.fiji.cenet.bench;

import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;

/**
 * Multiply-accumulates of our CE-Net graph for one H x W image, counted layer
 * by layer as {@code CENetGraph} builds it: convolutions, transposed
 * convolutions and the 1x1 convs run as matrix products. The DAC block's shared
 * branches are counted once, as we compute them (the reference PyTorch code
 * computes dilate1(x) three times and dilate2(dilate1(x)) twice: +2.8 GFLOP at
 * 448 x 448). Bias, ReLU, additions, pooling and resizing are left out (under
 * 0.5% of the total), as the usual FLOP counters do.
 */
final class CENetFlops {

	private CENetFlops() {}

	/** FLOPs = 2 x multiply-accumulates. */
	static double flops(CENetConfig config, int h, int w) {
		return 2.0 * multiplyAccumulates(config, h, w);
	}

	static double multiplyAccumulates(CENetConfig config, int h, int w) {
		double macs = conv(h / 2, w / 2, config.inputChannels(), 64, 7); // firstconv,
																																			// stride
																																			// 2
		int in = 64, hs = h / 4, ws = w / 4; // after the stride-2 max-pool
		for (int s = 0; s < 4; s++) {
			int f = CENetArchitecture.STAGE_FILTERS[s];
			if (s > 0) {
				hs /= 2;
				ws /= 2;
			}
			for (int b = 0; b < CENetArchitecture.STAGE_BLOCKS[s]; b++) {
				int blockIn = b == 0 ? in : f;
				macs += conv(hs, ws, blockIn, f, 3) + conv(hs, ws, f, f, 3);
				if (b == 0 && s > 0) macs += conv(hs, ws, blockIn, f, 1); // downsample
			}
			in = f;
		}
		// DAC: dilate1(x), dilate2(x), dilate2(d1), dilate3(d21), three shared 1x1
		// convs
		macs += 4 * conv(hs, ws, 512, 512, 3) + 3 * conv(hs, ws, 512, 512, 1);
		// RMP: one 512 -> 1 conv on each pooled map
		for (int k : new int[] { 2, 3, 5, 6 })
			macs += conv(hs / k, ws / k, 512, 1, 1);
		for (int d = 3; d >= 0; d--) {
			int cin = CENetArchitecture.DECODER_IN[d], mid = cin / 4, cout =
				CENetArchitecture.DECODER_OUT[d];
			macs += conv(hs, ws, cin, mid, 1);
			macs += conv(hs, ws, mid, mid, 3); // 3x3 transposed conv: every input
																					// pixel meets every tap once
			hs *= 2;
			ws *= 2;
			macs += conv(hs, ws, mid, cout, 1);
		}
		macs += conv(hs, ws, 64, 32, 4); // finaldeconv1, 4x4 transposed, x2
		hs *= 2;
		ws *= 2;
		macs += conv(hs, ws, 32, 32, 3) + conv(hs, ws, 32, config.outputChannels(),
			3);
		return macs;
	}

	/**
	 * A k x k conv producing (for a transposed conv: reading) h x w x out from in
	 * channels.
	 */
	private static double conv(int h, int w, int in, int out, int k) {
		return (double) h * w * in * out * k * k;
	}
}
