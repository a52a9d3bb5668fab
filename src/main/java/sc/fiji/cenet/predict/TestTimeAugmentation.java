
package sc.fiji.cenet.predict;

import java.util.List;

import sc.fiji.cenet.model.TileModel;

/**
 * A {@link TileModel} that predicts every tile in the 8 orientations of the
 * dihedral group (identity, flips, 90/180/270-degree rotations, transposes),
 * turns each output back and averages them. For a non-square h x w tile the
 * rotations and transposes need a w x h input; when the model does not accept
 * that, only the 4 orientations that keep the shape are used (identity, flip x,
 * flip y, 180-degree rotation). Costs 8 (or 4) model calls per call.
 * <p>
 * Closing this does not close the wrapped model: its owner does.
 */
public final class TestTimeAugmentation implements TileModel {

	private final TileModel model;

	public TestTimeAugmentation(TileModel model) {
		this.model = model;
	}

	/**
	 * How many orientations are averaged for h x w tiles: 8, or 4 when the model
	 * rejects w x h.
	 */
	public int orientations(int h, int w) {
		return orientationsFor(h, w).size();
	}

	@Override
	public int inputChannels() {
		return model.inputChannels();
	}

	@Override
	public int outputChannels() {
		return model.outputChannels();
	}

	@Override
	public boolean acceptsSize(int h, int w) {
		return model.acceptsSize(h, w);
	}

	@Override
	public float[] predict(float[] input, int n, int h, int w) {
		int classes = model.outputChannels();
		float[] sum = new float[n * h * w * classes];
		List<Dihedral> orientations = orientationsFor(h, w);
		for (Dihedral d : orientations) {
			int th = d.swapsAxes() ? w : h, tw = d.swapsAxes() ? h : w;
			float[] out = model.predict(d.apply(input, n, h, w, model
				.inputChannels()), n, th, tw);
			if (out.length != sum.length) throw new IllegalStateException(
				"The model returned " + out.length + " values for " + n + " tiles of " +
					th + " x " + tw + " x " + classes);
			d.addInverse(out, sum, n, h, w, classes);
		}
		float scale = 1f / orientations.size();
		for (int i = 0; i < sum.length; i++)
			sum[i] *= scale;
		return sum;
	}

	private List<Dihedral> orientationsFor(int h, int w) {
		return h == w || model.acceptsSize(w, h) ? Dihedral.ALL : Dihedral.FLIPS;
	}
}
