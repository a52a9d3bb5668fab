
package sc.fiji.cenet.train;

import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.metrics.ConfusionCounts;
import sc.fiji.cenet.metrics.RocAuc;
import sc.fiji.cenet.metrics.ThresholdCalibration;
import sc.fiji.cenet.model.TileModel;
import sc.fiji.cenet.predict.CENetModel;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.progress.PartProgress;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Validation as CE-Net Predict will see the images: each whole validation image
 * goes through {@link CENetModel#probabilities} with
 * {@link PredictionSettings#forModel} of the model being trained (same channel
 * conversion, normalisation, mode, tiles and blending at the image's own
 * scale), and is scored against its mask at full resolution, pixels outside the
 * FOV left out. So the kept epoch and the threshold calibrated on all
 * validation pixels fit the masks users get, whatever the sampling.
 * <p>
 * Tiles of a row go through the network in batches as large as a training
 * step's (Predict runs one at a time; the probabilities are the same up to
 * rounding): the batch fits wherever training fits, and for a batch of one TF
 * hands oneDNN variable filters in their plain layout, which it runs as im2col
 * + GEMM (on a Zen 2 0.51-0.52 s a tile against 0.28-0.29 in batches of two).
 * Where training steps hold one image, the graph's convs are built for batches
 * of one instead, where measured faster ({@code Layers}; on a Zen 2 0.32-0.33 s
 * a tile).
 */
final class Validator {

	/**
	 * Probabilities are clamped to [EPS, 1 - EPS] for the cross-entropy, as a
	 * float sigmoid saturates.
	 */
	private static final double EPS = 1e-7;

	private final List<TrainingSample> images;
	private final int classes;
	private final LossKind loss;
	/** All validation pixels, scored together; at most {@link #MAX_PIXELS}. */
	private final int pixels;
	private final int tilesPerBatch;

	/**
	 * @param tilesPerBatch the images of a training step: the batch size, or the
	 *          training images when there are fewer
	 */
	Validator(List<TrainingSample> images, int classes, LossKind loss,
		int tilesPerBatch)
	{
		long total = 0;
		for (TrainingSample s : images)
			total += (long) s.width() * s.height();
		requireScorable(total);
		pixels = (int) total;
		this.images = images;
		this.classes = classes;
		this.loss = loss;
		this.tilesPerBatch = tilesPerBatch;
	}

	/** The most pixels one array can hold, with the JVM's margin. */
	static final long MAX_PIXELS = Integer.MAX_VALUE - 8;

	/**
	 * All validation pixels are scored together (one threshold for all of them)
	 * in Java arrays: refused before training when they would not fit.
	 */
	static void requireScorable(long pixels) {
		if (pixels > MAX_PIXELS) throw new IllegalArgumentException(
			"the validation images hold " + pixels + " pixels, more than the " +
				MAX_PIXELS + " a validation can score at once; give fewer or " +
				"smaller ones (validation_fraction or validation_image_folder)");
	}

	boolean isEmpty() {
		return images.isEmpty();
	}

	int imageCount() {
		return images.size();
	}

	/**
	 * The validation figures of {@code network} (the weights being trained) for a
	 * model described by {@code model} (its normalisation, channel order,
	 * training size, recorded prediction mode).
	 */
	Validation validate(TileModel network, TrainedModel model,
		ProgressListener progress)
	{
		Validation v = new Validation();
		if (images.isEmpty()) return v;
		CENetModel m = CENetModel.of(model, network);
		PredictionSettings settings = PredictionSettings.forModel(model)
			.tilesPerBatch(tilesPerBatch).build();
		int total = pixels;
		boolean[] inside = new boolean[total];
		float[] scores = classes == 1 ? new float[total] : null;
		boolean[] truth = classes == 1 ? new boolean[total] : null;
		int[] truthLabels = classes > 1 ? new int[total] : null, predicted =
			classes > 1 ? new int[total] : null;
		// soft Dice sums per class (one class: the foreground) and the
		// cross-entropy, over the FOV pixels
		double[] intersection = new double[classes], predictedSum =
			new double[classes], truthSum = new double[classes];
		double crossEntropy = 0;
		long counted = 0;
		int at = 0;
		for (int n = 0; n < images.size(); n++) {
			TrainingSample s = images.get(n);
			Img<FloatType> p = probabilities(m, s, settings, PartProgress.numbered(
				progress, "image", n, images.size()));
			Cursor<FloatType> cursor = Views.flatIterable(p).cursor(); // X fastest,
																																	// then Y,
																																	// then class
			int plane = s.width() * s.height();
			byte[] labels = labelsOf(s), fov = fovOf(s);
			if (classes == 1) {
				for (int i = 0; i < plane; i++) {
					float q = cursor.next().get();
					int k = at + i;
					inside[k] = fov == null || fov[i] != 0;
					scores[k] = q;
					truth[k] = labels[i] != 0;
					if (!inside[k]) continue;
					double t = truth[k] ? 1 : 0, qc = Math.min(1 - EPS, Math.max(EPS, q));
					crossEntropy -= t * Math.log(qc) + (1 - t) * Math.log(1 - qc);
					intersection[0] += q * t;
					predictedSum[0] += q;
					truthSum[0] += t;
					counted++;
				}
			}
			else {
				float[] planeP = new float[plane * classes];
				for (int c = 0; c < classes; c++)
					for (int i = 0; i < plane; i++)
						planeP[i * classes + c] = cursor.next().get();
				for (int i = 0; i < plane; i++) {
					int k = at + i, label = labels[i] & 0xff;
					inside[k] = fov == null || fov[i] != 0;
					truthLabels[k] = label;
					predicted[k] = Trainer.argmax(planeP, i, classes);
					if (!inside[k]) continue;
					crossEntropy -= Math.log(Math.max(EPS, planeP[i * classes + Math.min(
						label, classes - 1)]));
					for (int c = 0; c < classes; c++) {
						double q = planeP[i * classes + c], t = c == label ? 1 : 0;
						intersection[c] += q * t;
						predictedSum[c] += q;
						truthSum[c] += t;
					}
					counted++;
				}
			}
			at += plane;
		}
		double meanSoftDice = 0;
		for (int c = 0; c < classes; c++)
			meanSoftDice += (2 * intersection[c] + Losses.DICE_SMOOTH) /
				(predictedSum[c] + truthSum[c] + Losses.DICE_SMOOTH) / classes;
		double ce = crossEntropy / Math.max(1, counted);
		v.loss = loss == LossKind.BCE ? ce : loss == LossKind.DICE ? 1 -
			meanSoftDice : ce + 1 - meanSoftDice;
		if (classes == 1) {
			boolean[] half = new boolean[total];
			for (int i = 0; i < total; i++)
				half[i] = scores[i] >= 0.5f;
			v.dice = ConfusionCounts.count(truth, half, inside).dice();
			v.auc = RocAuc.auc(scores, truth, inside);
			v.calibration = ThresholdCalibration.maximisingDice(scores, truth,
				inside);
		}
		else v.dice = Trainer.multiclassDice(truthLabels, predicted, inside,
			classes);
		return v;
	}

	/**
	 * A sample's probabilities as CE-Net Predict computes them for an image file
	 * of the same pixels: (X, Y) for one class, (X, Y, K) for K.
	 */
	static Img<FloatType> probabilities(CENetModel model, TrainingSample s,
		PredictionSettings settings, ProgressListener progress)
	{
		return model.probabilities(s.image(), s.channels() > 1 ? ImageAxes.of("XYC")
			: ImageAxes.XY, s.bitDepth(), settings, progress);
	}

	private static byte[] labelsOf(TrainingSample s) {
		byte[] b = new byte[s.width() * s.height()];
		int i = 0;
		for (net.imglib2.type.numeric.integer.UnsignedByteType v : Views
			.flatIterable(s.labels()))
			b[i++] = v.getByte();
		return b;
	}

	private static byte[] fovOf(TrainingSample s) {
		if (!s.hasFov()) return null;
		byte[] b = new byte[s.width() * s.height()];
		int i = 0;
		for (net.imglib2.type.numeric.integer.UnsignedByteType v : Views
			.flatIterable(s.fov()))
			b[i++] = v.getByte();
		return b;
	}

	/**
	 * Validation figures: loss (as the training loss, over all validation pixels
	 * in the FOV), Dice at 0.5 (several classes: the mean foreground Dice of the
	 * most probable class), AUC and, for one class, the Dice-maximising threshold
	 * with its Dice. NaN where not computed.
	 */
	static final class Validation {

		double loss = Double.NaN, dice = Double.NaN, auc = Double.NaN;
		/** 1-class models only; null otherwise. */
		ThresholdCalibration calibration;

		/** The Dice at the calibrated threshold; NaN when there is none. */
		double diceCalibrated() {
			return calibration == null || !calibration.isDefined() ? Double.NaN
				: calibration.dice();
		}

		/**
		 * What the kept epoch is chosen by (higher is better): the Dice masks will
		 * have (at the calibrated threshold for one class), else minus the loss
		 * when no Dice is defined (no foreground anywhere).
		 */
		double figure() {
			double d = classes1Dice();
			return Double.isNaN(d) ? -loss : d;
		}

		private double classes1Dice() {
			return calibration != null ? diceCalibrated() : dice;
		}
	}
}
