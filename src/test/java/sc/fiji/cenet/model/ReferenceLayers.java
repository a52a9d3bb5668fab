
package sc.fiji.cenet.model;

/**
 * CE-Net's PyTorch layers written out as loops over NHWC arrays with TF-layout
 * weights: the forward truth that a wrong but self-consistent graph (the right
 * gradient of the wrong function) cannot meet.
 */
final class ReferenceLayers {

	private ReferenceLayers() {}

	/**
	 * Conv2d(k, stride, padding, dilation), weight [k,k,in,out], bias may be
	 * null.
	 */
	static HostArray conv(HostArray x, HostArray w, HostArray bias, int stride,
		int pad, int dilation)
	{
		int n = x.dim(0), h = x.dim(1), wd = x.dim(2), cin = x.dim(3);
		int k = w.dim(0), cout = w.dim(3);
		if (w.dim(2) != cin) throw new IllegalArgumentException("weight expects " +
			w.dim(2) + " channels, x has " + cin);
		int oh = (h + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
		int ow = (wd + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
		HostArray y = HostArray.zeros(n, oh, ow, cout);
		for (int b = 0; b < n; b++)
			for (int i = 0; i < oh; i++)
				for (int j = 0; j < ow; j++)
					for (int co = 0; co < cout; co++) {
						double s = bias == null ? 0 : bias.data[co];
						for (int t = 0; t < k; t++)
							for (int u = 0; u < k; u++) {
								int yi = i * stride - pad + t * dilation, xj = j * stride -
									pad + u * dilation;
								if (yi < 0 || yi >= h || xj < 0 || xj >= wd) continue;
								for (int ci = 0; ci < cin; ci++)
									s += (double) x.get(b, yi, xj, ci) * w.get(t, u, ci, co);
							}
						y.data[y.index(b, i, j, co)] = (float) s;
					}
		return y;
	}

	/**
	 * ConvTranspose2d(k, stride 2, padding 1, output_padding k == 3 ? 1 : 0),
	 * weight [k,k,out,in]: input pixel i's tap t lands on output 2i + t - 1;
	 * output size 2n.
	 */
	static HostArray transposedConv(HostArray x, HostArray w, HostArray bias) {
		int n = x.dim(0), h = x.dim(1), wd = x.dim(2), cin = x.dim(3);
		int k = w.dim(0), cout = w.dim(2);
		if (w.dim(3) != cin) throw new IllegalArgumentException("weight expects " +
			w.dim(3) + " channels, x has " + cin);
		double[] acc = new double[n * 2 * h * 2 * wd * cout];
		for (int b = 0; b < n; b++)
			for (int i = 0; i < h; i++)
				for (int j = 0; j < wd; j++)
					for (int t = 0; t < k; t++)
						for (int u = 0; u < k; u++) {
							int oi = 2 * i + t - 1, oj = 2 * j + u - 1;
							if (oi < 0 || oi >= 2 * h || oj < 0 || oj >= 2 * wd) continue;
							for (int co = 0; co < cout; co++) {
								double s = 0;
								for (int ci = 0; ci < cin; ci++)
									s += (double) x.get(b, i, j, ci) * w.get(t, u, co, ci);
								acc[((b * 2 * h + oi) * 2 * wd + oj) * cout + co] += s;
							}
						}
		HostArray y = HostArray.zeros(n, 2 * h, 2 * wd, cout);
		for (int e = 0; e < acc.length; e++)
			y.data[e] = (float) (acc[e] + (bias == null ? 0 : bias.data[e % cout]));
		return y;
	}

	/**
	 * MaxPool2d(k, stride s, padding p): padded positions never win (PyTorch pads
	 * with -inf).
	 */
	static HostArray maxPool(HostArray x, int k, int s, int p) {
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
		int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
		HostArray y = HostArray.zeros(n, oh, ow, c);
		for (int b = 0; b < n; b++)
			for (int i = 0; i < oh; i++)
				for (int j = 0; j < ow; j++)
					for (int ch = 0; ch < c; ch++) {
						float m = Float.NEGATIVE_INFINITY;
						for (int t = i * s - p; t < i * s - p + k; t++)
							for (int u = j * s - p; u < j * s - p + k; u++)
								if (t >= 0 && t < h && u >= 0 && u < w) m = Math.max(m, x.get(b,
									t, u, ch));
						y.data[y.index(b, i, j, ch)] = m;
					}
		return y;
	}

	/**
	 * F.upsample(mode='bilinear'), align_corners=False: half-pixel centres, edges
	 * clamped.
	 */
	static HostArray resizeBilinear(HostArray x, int oh, int ow) {
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
		HostArray y = HostArray.zeros(n, oh, ow, c);
		for (int i = 0; i < oh; i++) {
			double sy = Math.max(0, (i + 0.5) * h / oh - 0.5);
			int y0 = (int) sy, y1 = Math.min(y0 + 1, h - 1);
			double fy = sy - y0;
			for (int j = 0; j < ow; j++) {
				double sx = Math.max(0, (j + 0.5) * w / ow - 0.5);
				int x0 = (int) sx, x1 = Math.min(x0 + 1, w - 1);
				double fx = sx - x0;
				for (int b = 0; b < n; b++)
					for (int ch = 0; ch < c; ch++) {
						double top = x.get(b, y0, x0, ch) * (1 - fx) + x.get(b, y0, x1,
							ch) * fx;
						double bottom = x.get(b, y1, x0, ch) * (1 - fx) + x.get(b, y1, x1,
							ch) * fx;
						y.data[y.index(b, i, j, ch)] = (float) (top * (1 - fy) + bottom *
							fy);
					}
			}
		}
		return y;
	}

	/**
	 * BatchNorm2d: per channel (x - mean) / sqrt(var + 1e-5) * gamma + beta, with
	 * the batch's mean and biased variance when mean and var are null (training
	 * mode).
	 */
	static HostArray batchNorm(HostArray x, HostArray gamma, HostArray beta,
		HostArray mean, HostArray var)
	{
		int c = x.dim(3), count = x.size() / c;
		double[] m = new double[c], v = new double[c];
		for (int ch = 0; ch < c; ch++) {
			if (mean != null) {
				m[ch] = mean.data[ch];
				v[ch] = var.data[ch];
				continue;
			}
			for (int e = ch; e < x.size(); e += c)
				m[ch] += x.data[e];
			m[ch] /= count;
			for (int e = ch; e < x.size(); e += c)
				v[ch] += (x.data[e] - m[ch]) * (x.data[e] - m[ch]);
			v[ch] /= count;
		}
		HostArray y = HostArray.zeros(x.shape);
		for (int e = 0; e < x.size(); e++) {
			int ch = e % c;
			y.data[e] = (float) ((x.data[e] - m[ch]) / Math.sqrt(v[ch] +
				Layers.BN_EPS) * gamma.data[ch] + beta.data[ch]);
		}
		return y;
	}
}
