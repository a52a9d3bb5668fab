package sc.fiji.cenet.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.cenet.commands.PredictionOptions;
import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.SamplingMode;
import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.data.TrainingSet;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.metrics.ConfusionCounts;
import sc.fiji.cenet.metrics.RocAuc;
import sc.fiji.cenet.metrics.ThresholdCalibration;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.predict.CENetModel;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.progress.ProgressListener;
import sc.fiji.cenet.train.ExistingModel;
import sc.fiji.cenet.train.LossKind;
import sc.fiji.cenet.train.Trainer;
import sc.fiji.cenet.train.TrainingResult;
import sc.fiji.cenet.train.TrainingSettings;

/**
 * Training recipes compared on more than one split, as the issue "Masks users
 * can trust" asks: DRIVE's 20 training images in {@code folds} folds (fold k
 * validates on images 5k..5k+4 in name order and trains on the other 15),
 * each recipe trained from random weights for {@code minutes} per fold (seed 1,
 * Dice + BCE), then its model file (the kept epoch, with its calibrated
 * threshold) predicts the fold's held-out images with the public API
 * ({@link CENetModel}, prediction's default {@code auto} mode: tiles at the
 * images' own scale, tiles of the model's training size: what CE-Net Predict
 * does) and, for resize-trained recipes, also resized as the reference
 * predicts; models trained on crops smaller than 448 also with 448 tiles. Printed per fold and recipe: Dice at 0.5, Dice at the
 * model's threshold, AUC (whole images: this DRIVE copy has no FOV masks);
 * then per recipe the mean and standard deviation over the folds, and the
 * figures pooled over all 20 images.
 * <p>
 * A recipe is {@code name:key=value,...} with keys {@code sampling}
 * (resize|crop), {@code size}, {@code batch}, {@code lr}, {@code augmentation}
 * (reference|geometric|none); unset keys are the Train command's defaults.
 * <pre>
 * java -Xmx10g -cp target/classes:target/test-classes:$(cat target/cp.txt) sc.fiji.cenet.bench.CrossValidationBenchmark \
 *   --minutes=6 --folds=4 defaults geometric:augmentation=geometric,lr=5e-4,batch=2 \
 *   crop448:sampling=crop,augmentation=geometric,lr=5e-4,batch=2 crop256:sampling=crop,size=256,augmentation=geometric,lr=5e-4,batch=6
 * </pre>
 * {@code --only=RECIPE/FOLD} runs one cell (to spread a grid over machines);
 * {@code --reuse=DIR} takes the folds and finished models of an earlier run
 * (printed as "models in DIR") and only predicts them again.
 */
public final class CrossValidationBenchmark {

	private CrossValidationBenchmark() {}

	/** One training recipe: the keys of the Train command it sets. */
	static final class Recipe {
		final String name;
		final Map<String, String> keys = new LinkedHashMap<>();

		Recipe(String spec) {
			int colon = spec.indexOf(':');
			name = colon < 0 ? spec : spec.substring(0, colon);
			if (colon >= 0) for (String kv : spec.substring(colon + 1).split(",")) {
				String[] p = kv.split("=", 2);
				if (p.length != 2) throw new IllegalArgumentException("recipe " + name + ": '" + kv + "' is not key=value");
				keys.put(p[0], p[1]);
			}
		}

		TrainingSettings.Builder apply(TrainingSettings.Builder b) {
			for (Map.Entry<String, String> e : keys.entrySet()) {
				String v = e.getValue();
				switch (e.getKey()) {
					case "sampling": b.sampling(SamplingMode.valueOf(v.toUpperCase(Locale.ROOT))); break;
					case "size": b.trainingSize(Integer.parseInt(v)); break;
					case "batch": b.batchSize(Integer.parseInt(v)); break;
					case "lr": b.learningRate(Double.parseDouble(v)); break;
					case "augmentation": b.augmentation(AugmentationSettings.named(v)); break;
					default: throw new IllegalArgumentException("recipe " + name + ": unknown key " + e.getKey());
				}
			}
			return b;
		}

		/**
		 * How its models are predicted: as CE-Net Predict by default ({@code auto}), and the alternatives
		 * worth measuring: the reference's resize for resize-trained models, 448-pixel tiles for
		 * models trained on smaller crops.
		 */
		List<String> predictions() {
			List<String> ways = new ArrayList<>(java.util.Collections.singletonList("auto"));
			if (!"crop".equals(keys.get("sampling"))) ways.add("resize");
			else if (!"448".equals(keys.getOrDefault("size", "448"))) ways.add("auto448");
			return ways;
		}

		@Override public String toString() { return name + (keys.isEmpty() ? " (Train defaults)" : " " + keys); }
	}

	/** Pixels of the held-out images of one way of predicting, pooled. */
	static final class Pooled {
		final List<float[]> scores = new ArrayList<>();
		final List<boolean[]> truth = new ArrayList<>();
		final List<Double> thresholds = new ArrayList<>();

		void add(float[] s, boolean[] t, double threshold) {
			scores.add(s);
			truth.add(t);
			thresholds.add(threshold);
		}

		void addAll(Pooled o) {
			scores.addAll(o.scores);
			truth.addAll(o.truth);
			thresholds.addAll(o.thresholds);
		}

		/**
		 * {Dice at 0.5, Dice at each image's model threshold, AUC, Dice at the best threshold for these
		 * very pixels (an oracle: what a threshold calibrated on the held-out images would give)} over
		 * all pooled pixels.
		 */
		double[] figures() {
			int n = 0;
			for (float[] s : scores) n += s.length;
			float[] s = new float[n];
			boolean[] t = new boolean[n], half = new boolean[n], model = new boolean[n], all = new boolean[n];
			int at = 0;
			for (int i = 0; i < scores.size(); i++) {
				float[] si = scores.get(i);
				boolean[] ti = truth.get(i);
				double th = thresholds.get(i);
				for (int j = 0; j < si.length; j++, at++) {
					s[at] = si[j];
					t[at] = ti[j];
					half[at] = si[j] >= 0.5f;
					model[at] = si[j] >= th;
					all[at] = true;
				}
			}
			return new double[] { ConfusionCounts.count(t, half, all).dice(), ConfusionCounts.count(t, model, all).dice(),
				RocAuc.auc(s, t, all), ThresholdCalibration.maximisingDice(s, t, all).dice() };
		}
	}

	public static void main(String[] args) throws Exception {
		double minutes = 6;
		int folds = 4;
		String only = null;
		Path reuse = null;
		List<Recipe> recipes = new ArrayList<>();
		for (String a : args) {
			if (a.startsWith("--minutes=")) minutes = Double.parseDouble(a.substring(10));
			else if (a.startsWith("--folds=")) folds = Integer.parseInt(a.substring(8));
			else if (a.startsWith("--only=")) only = a.substring(7);
			else if (a.startsWith("--reuse=")) reuse = java.nio.file.Paths.get(a.substring(8));
			else recipes.add(new Recipe(a));
		}
		if (recipes.isEmpty()) recipes.add(new Recipe("defaults"));
		System.out.println(BenchmarkHeader.line("CrossValidationBenchmark") + String.format(Locale.ROOT,
			" minutes_per_fold=%s folds=%d", minutes, folds));
		DriveFolders drive = DriveFolders.findOrSaySkip();
		if (drive == null) return;
		String[] names = drive.imageNames();
		if (names.length % folds != 0) throw new IllegalArgumentException(names.length + " images do not split into "
			+ folds + " folds");
		int perFold = names.length / folds;
		// --reuse=DIR: the folds and models of an earlier run (its "models in" line); finished models are predicted again
		Path out = reuse != null ? reuse : Files.createTempDirectory("cenet-cv");
		System.out.println("models in " + out);
		Map<String, double[][]> perFoldFigures = new LinkedHashMap<>();
		Map<String, Pooled> pooled = new LinkedHashMap<>();
		for (int k = 0; k < folds; k++) {
			Path fold = out.resolve("fold" + k);
			File train = new File(fold.toFile(), "train"), val = new File(fold.toFile(), "val");
			if (!val.isDirectory()) {
				drive.subset(names, k * perFold, (k + 1) * perFold, val.toPath());
				Files.createDirectories(train.toPath());
				drive.subset(names, 0, k * perFold, train.toPath());
				drive.subset(names, (k + 1) * perFold, names.length, train.toPath());
			}
			List<TrainingSample> heldOut = TrainingSet.load(ImagePairing.pair(new File(val, "images"), new File(val,
				"masks")).requirePairs(), 1, ProgressListener.NONE).samples();
			for (Recipe r : recipes) {
				if (only != null && !only.equals(r.name + "/" + k)) continue;
				Path model = fold.resolve(r.name + ".cenet");
				TrainingHistory history;
				int kept;
				Path historyCsv = model.resolveSibling(r.name + "-history.csv");
				if (Files.exists(model) && Files.exists(historyCsv)) { // --reuse: trained before
					try (java.io.Reader in = Files.newBufferedReader(historyCsv)) {
						history = TrainingHistory.readCsv(in);
					}
					kept = ModelFile.load(model).history().last().map(TrainingHistory.Epoch::number).orElse(0);
				}
				else {
					TrainingResult result = train(r, new File(train, "images"), new File(train, "masks"), val, model,
						minutes);
					if (result.modelFile() == null) {
						System.out.printf(Locale.ROOT, "RESULT recipe=%s fold=%d no model: %s%n", r.name, k, result
							.stopReason());
						continue;
					}
					history = result.history();
					kept = result.bestEpoch();
				}
				TrainingHistory.Epoch keptEpoch = null;
				for (TrainingHistory.Epoch e : history) if (e.number() == kept) keptEpoch = e;
				try (CENetModel m = CENetModel.open(model, false)) {
					for (String way : r.predictions()) {
						Pooled p = predict(m, model, heldOut, way);
						String key = r.name + " / " + way;
						double[] f = p.figures();
						double[][] rows = perFoldFigures.getOrDefault(key, new double[0][]);
						double[][] more = java.util.Arrays.copyOf(rows, rows.length + 1);
						more[rows.length] = f;
						perFoldFigures.put(key, more);
						pooled.computeIfAbsent(key, x -> new Pooled()).addAll(p);
						System.out.printf(Locale.ROOT,
							"RESULT recipe=%s fold=%d predict=%s epochs=%d model_epoch=%d threshold=%.3f val_dice_at_half=%.4f"
								+ " val_dice_model_threshold=%.4f val_auc=%.4f val_dice_oracle=%.4f (training's own validation:"
								+ " dice %.4f / %.4f calibrated, auc %.4f)%n", r.name, k, way, history.size(), kept, m
									.trainedModel().threshold(), f[0], f[1], f[2], f[3], keptEpoch.valDice(), keptEpoch
										.valDiceCalibrated(),
							keptEpoch.valAuc());
					}
				}
			}
		}
		System.out.println();
		System.out.printf(Locale.ROOT,
			"SUMMARY %-28s %22s %22s %22s %22s | pooled over %d images: dice@0.5 dice@model auc dice@oracle%n",
			"recipe / prediction", "dice@0.5 mean (sd)", "dice@model mean (sd)", "auc mean (sd)", "dice@oracle mean (sd)",
			names.length);
		for (Map.Entry<String, double[][]> e : perFoldFigures.entrySet()) {
			double[][] rows = e.getValue();
			double[] all = pooled.get(e.getKey()).figures();
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "SUMMARY %-28s", e.getKey()));
			for (int c = 0; c < 4; c++) {
				double mean = 0, sq = 0;
				for (double[] row : rows) mean += row[c] / rows.length;
				for (double[] row : rows) sq += (row[c] - mean) * (row[c] - mean);
				double sd = rows.length > 1 ? Math.sqrt(sq / (rows.length - 1)) : Double.NaN;
				line.append(String.format(Locale.ROOT, " %13.4f (%.4f)", mean, sd));
			}
			line.append(String.format(Locale.ROOT, " | %.4f %.4f %.4f %.4f (%d folds)", all[0], all[1], all[2], all[3],
				rows.length));
			System.out.println(line);
		}
	}

	private static TrainingResult train(Recipe r, File images, File masks, File val, Path model, double minutes)
		throws IOException
	{
		TrainingSettings settings = r.apply(TrainingSettings.builder().imageDir(images).maskDir(masks).validationDirs(
			new File(val, "images"), new File(val, "masks")).modelFile(model).loss(LossKind.DICE_BCE).seed(1)
			.timeLimitMinutes(minutes).ifModelExists(ExistingModel.OVERWRITE)).build();
		long t0 = System.nanoTime();
		return new Trainer(settings).train(new ProgressListener() {
			@Override public void progress(double f, String m) {
				if (m != null && m.startsWith("Epoch")) System.out.printf(Locale.ROOT, "[%s %5.1f min] %s%n", r.name,
					(System.nanoTime() - t0) / 6e10, m);
			}
			@Override public void log(String line) { System.out.println("[" + r.name + "] " + line); }
		});
	}

	/**
	 * Probabilities of each held-out image through the public API with the
	 * settings CE-Net Predict gives this model ({@link PredictionOptions}):
	 * {@code auto} (the default: tiles of the model's training size at the
	 * images' own scale), {@code resize} (the reference's way), or
	 * {@code auto448} (auto with 448-pixel tiles); each with the model's threshold.
	 */
	private static Pooled predict(CENetModel m, Path modelFile, List<TrainingSample> heldOut, String way) {
		Pooled p = new Pooled();
		PredictionSettings settings = new PredictionOptions(modelFile.toFile(), "probabilities", way.startsWith("auto")
			? "auto" : way, way.equals("auto448") ? 448 : 0, -1, false, PredictionOptions.MODEL_THRESHOLD, false, true)
				.settings(m.trainedModel());
		for (TrainingSample s : heldOut) {
			Img<FloatType> probabilities = m.probabilities(s.image(), ImageAxes.of(s.channels() > 1 ? "XYC" : "XY"),
				s.bitDepth() == 24 ? 8 : s.bitDepth(), settings, ProgressListener.NONE);
			float[] scores = new float[s.width() * s.height()];
			boolean[] truth = new boolean[scores.length];
			int i = 0;
			for (FloatType v : Views.flatIterable(probabilities)) scores[i++] = v.get();
			i = 0;
			for (UnsignedByteType v : Views.flatIterable(s.labels())) truth[i++] = v.get() != 0;
			p.add(scores, truth, m.trainedModel().threshold());
		}
		return p;
	}
}
