
package sc.fiji.cenet.bench;

import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.data.BatchAssembler;
import sc.fiji.cenet.data.ChannelOrder;
import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.data.SamplingMode;
import sc.fiji.cenet.data.TrainingBatch;
import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.metrics.ConfusionCounts;
import sc.fiji.cenet.metrics.RocAuc;
import sc.fiji.cenet.model.CENetGraph;
import sc.fiji.cenet.model.TfRuntime;

/**
 * Why CE-Net does not use TF's bfloat16 rewrite: a model trained on DRIVE
 * predicts the 20 DRIVE training images (resized to 448) once in float32 and
 * once with grappler's {@code auto_mixed_precision_onednn_bfloat16} on, and
 * prints Dice (threshold 0.5) and AUC of both and how far the probabilities
 * move. The rewrite runs CE-Net 1.6-1.8x faster on a CPU with AVX512_BF16
 * (SpeedExperiments variant {@code bf16}) but, with TF 2.18 on that CPU, its
 * results are wrong (Dice 0.31 instead of 0.75), and training with it turned
 * the loss NaN within a few steps.
 * <p>
 * Run:
 * {@code java -cp target/classes:target/test-classes:<classpath> sc.fiji.cenet.bench.Bfloat16Accuracy
 * model.cenet} (a model from {@code TrainingBenchmark drive}); reads
 * ../shared/data/DRIVE or {@code -Dcenet.shared=DIR}.
 */
public final class Bfloat16Accuracy {

	private static final int SIZE = 448;

	private Bfloat16Accuracy() {}

	public static void main(String[] args) throws Exception {
		if (args.length != 1) throw new IllegalArgumentException(
			"usage: Bfloat16Accuracy model.cenet");
		DriveFolders drive = DriveFolders.findOrSaySkip();
		if (drive == null) return;
		TrainedModel model = ModelFile.load(Paths.get(args[0]));
		List<TrainingSample> samples = drive.samples();
		BatchAssembler assembler = BatchAssembler.builder().size(SIZE)
			.inputChannels(3).normalization(Normalization.scale()).channelOrder(
				ChannelOrder.RGB).sampling(SamplingMode.RESIZE).augmentation(
					AugmentationSettings.none()).build();
		int n = samples.size(), pixels = SIZE * SIZE;
		boolean[] truth = new boolean[n * pixels], inside = new boolean[n * pixels];
		float[][] probabilities = new float[2][n * pixels];
		for (int k = 0; k < 2; k++) {
			try (ConfiguredCENet net = new ConfiguredCENet(model.config(), model
				.weights(), CENetGraph.Mode.FOLDED_INFERENCE, true, session(k == 1)))
			{
				for (int i = 0; i < n; i++) {
					TrainingBatch b = assembler.assemble(samples, new int[] { i }, 1, 0);
					System.arraycopy(net.predict(b.images(), 1, SIZE, SIZE), 0,
						probabilities[k], i * pixels, pixels);
					for (int j = 0; j < pixels; j++) {
						truth[i * pixels + j] = b.targets()[j] > 0.5f;
						inside[i * pixels + j] = true;
					}
				}
			}
		}
		for (int k = 0; k < 2; k++) {
			boolean[] predicted = new boolean[n * pixels];
			for (int j = 0; j < predicted.length; j++)
				predicted[j] = probabilities[k][j] >= 0.5f;
			System.out.printf(Locale.ROOT, "RESULT %s images=%d dice=%.4f auc=%.4f%n",
				k == 0 ? "float32" : "bfloat16", n, ConfusionCounts.count(truth,
					predicted, inside).dice(), RocAuc.auc(probabilities[k], truth,
						inside));
		}
		double max = 0, sum = 0;
		long flipped = 0;
		for (int j = 0; j < truth.length; j++) {
			double d = Math.abs(probabilities[0][j] - probabilities[1][j]);
			max = Math.max(max, d);
			sum += d;
			if ((probabilities[0][j] >= 0.5f) != (probabilities[1][j] >= 0.5f))
				flipped++;
		}
		System.out.printf(Locale.ROOT,
			"RESULT difference max_abs=%.4f mean_abs=%.5f pixels_changing_class=%.4f%n",
			max, sum / truth.length, flipped / (double) truth.length);
	}

	private static ConfigProto session(boolean bfloat16) {
		ConfigProto.Builder b = TfRuntime.config(false, false).toBuilder();
		if (bfloat16) b.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(
			RewriterConfig.newBuilder().setAutoMixedPrecisionOnednnBfloat16(
				RewriterConfig.Toggle.ON)));
		return b.build();
	}
}
