
package sc.fiji.cenet.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.Npz;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.progress.ProgressListener;
import sc.fiji.cenet.train.ExistingModel;
import sc.fiji.cenet.train.Trainer;
import sc.fiji.cenet.train.TrainingResult;
import sc.fiji.cenet.train.TrainingSettings;

/**
 * Fine-tuning on DRIVE, as the issue "Models that travel" asks: a base model
 * trained for {@code base} minutes on 12 images, then {@code short} minutes on
 * 4 other images (a lab's few new annotations) from three starts: the base
 * model ({@code initial_model}), random weights, and the base model's encoder
 * ({@code encoder_weights}; no ImageNet ResNet-34 can be downloaded here). All
 * four are validated on the same 4 held-out images (448 x 448, batch 2, Dice +
 * BCE, Adam 5e-4, flips and quarter turns, seed 1).
 *
 * <pre>
 * java -Xmx8g -cp target/classes:target/test-classes:$(cat target/cp.txt) sc.fiji.cenet.bench.FineTuneBenchmark 10 3
 * </pre>
 */
public final class FineTuneBenchmark {

	private FineTuneBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final double base = args.length > 0 ? Double.parseDouble(args[0]) : 10;
		final double tune = args.length > 1 ? Double.parseDouble(args[1]) : 3;
		System.out.println(BenchmarkHeader.line("FineTuneBenchmark"));
		final DriveFolders drive = DriveFolders.findOrSaySkip();
		if (drive == null) return;
		final Path out = Files.createTempDirectory("cenet-finetune");
		final String[] all = drive.imageNames();
		// images 21-32: base training; 33-36: fine-tuning; 37-40: validation of
		// every run
		final File baseImages = drive.subset(all, 0, 12, out.resolve("base")),
				tuneImages = drive.subset(all, 12, 16, out.resolve("tune")),
				validation = drive.subset(all, 16, 20, out.resolve("val"));
		final Path baseModel = out.resolve("base.cenet");
		report("base (random init, 12 images)", train(base, baseImages, validation,
			baseModel, null, null));
		final Path encoder = out.resolve("base-weights.npz");
		Npz.write(encoder, ModelFile.load(baseModel).weights());
		report("fine-tuned from the base model (initial_model)", train(tune,
			tuneImages, validation, out.resolve("tuned.cenet"), baseModel, null));
		report("random init", train(tune, tuneImages, validation, out.resolve(
			"random.cenet"), null, null));
		report("encoder of the base model (encoder_weights)", train(tune,
			tuneImages, validation, out.resolve("encoder.cenet"), null, encoder));
	}

	private static TrainingResult train(final double minutes, final File images,
		final File validation, final Path model, final Path initialModel,
		final Path encoderWeights) throws IOException
	{
		final TrainingSettings settings = TrainingSettings.builder().imageDir(
			new File(images, "images")).maskDir(new File(images, "masks"))
			.validationDirs(new File(validation, "images"), new File(validation,
				"masks")).modelFile(model).trainingSize(448).batchSize(2).learningRate(
					5e-4).augmentation(AugmentationSettings.geometric()).seed(1)
			.timeLimitMinutes(minutes).initialModel(initialModel).encoderWeights(
				encoderWeights).ifModelExists(ExistingModel.OVERWRITE).build();
		return new Trainer(settings).train(new ProgressListener() {

			@Override
			public void progress(final double f, final String m) {}

			@Override
			public void log(final String line) {
				System.out.println(line);
			}
		});
	}

	/**
	 * The epoch the model file holds (the lowest validation loss) and its
	 * validation Dice and AUC.
	 */
	private static void report(final String what, final TrainingResult r) {
		TrainingHistory.Epoch kept = null;
		for (final TrainingHistory.Epoch e : r.history())
			if (kept == null || e.valLoss() < kept.valLoss()) kept = e;
		if (kept == null) System.out.println("RESULT " + what +
			": no epoch finished");
		else System.out.printf(Locale.ROOT,
			"RESULT %-48s epochs=%d model_epoch=%d val_dice=%.4f val_auc=%.4f%n",
			what, r.history().size(), kept.number(), kept.valDice(), kept.valAuc());
	}
}
