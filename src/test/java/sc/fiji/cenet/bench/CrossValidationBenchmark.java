
package sc.fiji.cenet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.cenet.commands.PredictionOptions;
import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.data.TrainingSet;
import sc.fiji.cenet.io.AtomicFiles;
import sc.fiji.cenet.metrics.ConfusionCounts;
import sc.fiji.cenet.metrics.RocAuc;
import sc.fiji.cenet.metrics.ThresholdCalibration;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.predict.CENetModel;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Training recipes compared by k-fold cross-validation on DRIVE's 20 training
 * images, fold by fold and resumable across sessions.
 * <p>
 * Fold k (of {@code --folds}, default 5) holds out images k*n .. (k+1)*n-1 in
 * name order; the other images go to CE-Net Train exactly as a user gives them
 * (its own validation split of {@code validation_fraction} included), in a
 * child JVM through the headless runner, with the recipe's Train keys and
 * nothing else. The model file it writes then predicts the held-out images as
 * CE-Net Predict does by default ({@link PredictionOptions}: the model's mode,
 * tile size and calibrated threshold), and each cell's figures over its
 * held-out images are written to {@code --results}/RECIPE/foldK.properties
 * (atomically, with the keys, the epochs reached, the minutes, the processor
 * and the code's commit). A cell whose file exists is not run again: the
 * deciding 30-minute folds can span sessions, and the files are committed with
 * the docs. The summary gives, per recipe, mean (sd) over the folds of Dice at
 * the model's threshold, Dice at 0.5, oracle Dice (the best threshold for the
 * held-out pixels themselves), AUC and sensitivity at the model's threshold
 * (whole images: this DRIVE copy has no FOV masks), and the epochs reached.
 * <p>
 * A recipe is {@code NAME:key=value,key=value} with CE-Net Train keys (e.g.
 * {@code new:time_limit=30} or {@code cosine155:epochs=155}); the key
 * {@code classpath=PATH} trains with another build of the plugin (e.g. the
 * previous release, built in a worktree), whose model files this build predicts
 * as that build's CE-Net Predict did.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) sc.fiji.cenet.bench.CrossValidationBenchmark \
 *   --results=bench/cv-drive --work=target/cv new:time_limit=30 [--only=new/0] [--summary]
 * </pre>
 *
 * {@code --fold-list=0,1} runs only those folds. {@code --summary} prints the
 * table of the finished cells without training; {@code --also-resize} also
 * predicts resize-trained models resized (the reference's test code), as a
 * second row.
 */
public final class CrossValidationBenchmark {

	private CrossValidationBenchmark() {}

	/**
	 * One training recipe: CE-Net Train keys, and optionally the classpath of the
	 * build that trains.
	 */
	static final class Recipe {

		final String name;
		final Map<String, String> keys = new LinkedHashMap<>();
		final String classpath;

		Recipe(String spec) {
			int colon = spec.indexOf(':');
			name = colon < 0 ? spec : spec.substring(0, colon);
			if (!name.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException(
				"recipe name '" + name + "': letters, digits, . _ - only");
			String cp = null;
			if (colon >= 0) for (String kv : spec.substring(colon + 1).split(",")) {
				String[] p = kv.split("=", 2);
				if (p.length != 2) throw new IllegalArgumentException("recipe " + name +
					": '" + kv + "' is not key=value");
				if (p[0].equals("classpath")) cp = p[1];
				else keys.put(p[0], p[1]);
			}
			classpath = cp;
		}

		/** The Train options besides the folders and the model file. */
		String trainOptions() {
			StringBuilder s = new StringBuilder();
			keys.forEach((k, v) -> s.append(' ').append(k).append("=[").append(v)
				.append(']'));
			return s.toString();
		}

		@Override
		public String toString() {
			return name + " " + keys + (classpath == null ? "" : " (" + classpath +
				")");
		}
	}

	/** Figures of one way of predicting the held-out images of a fold. */
	static final class Figures {

		final double diceModel, diceHalf, diceOracle, auc, sensitivity, specificity;

		Figures(List<float[]> scores, List<boolean[]> truth, double threshold) {
			int n = 0;
			for (float[] s : scores)
				n += s.length;
			float[] s = new float[n];
			boolean[] t = new boolean[n], half = new boolean[n], model =
				new boolean[n];
			int at = 0;
			for (int i = 0; i < scores.size(); i++) {
				float[] si = scores.get(i);
				boolean[] ti = truth.get(i);
				for (int j = 0; j < si.length; j++, at++) {
					s[at] = si[j];
					t[at] = ti[j];
					half[at] = si[j] >= 0.5f;
					model[at] = si[j] >= threshold;
				}
			}
			ConfusionCounts atModel = ConfusionCounts.count(t, model, null);
			diceModel = atModel.dice();
			sensitivity = atModel.sensitivity();
			specificity = atModel.specificity();
			diceHalf = ConfusionCounts.count(t, half, null).dice();
			auc = RocAuc.auc(s, t, null);
			diceOracle = ThresholdCalibration.maximisingDice(s, t, null).dice();
		}
	}

	/** The figures' keys in a cell file, in the summary's order. */
	static final String[] FIGURES = { "dice_model", "dice_half", "dice_oracle",
		"auc", "sensitivity" };

	public static void main(String[] args) throws Exception {
		int folds = 5;
		String only = null, foldList = null;
		boolean summaryOnly = false, alsoResize = false;
		Path results = Paths.get("bench/cv-drive"), work = Paths.get("target/cv");
		List<Recipe> recipes = new ArrayList<>();
		for (String a : args) {
			if (a.startsWith("--folds=")) folds = Integer.parseInt(a.substring(8));
			else if (a.startsWith("--only=")) only = a.substring(7);
			else if (a.startsWith("--fold-list=")) foldList = a.substring(12);
			else if (a.startsWith("--results=")) results = Paths.get(a.substring(10));
			else if (a.startsWith("--work=")) work = Paths.get(a.substring(7));
			else if (a.equals("--summary")) summaryOnly = true;
			else if (a.equals("--also-resize")) alsoResize = true;
			else if (a.startsWith("--")) throw new IllegalArgumentException(
				"unknown option " + a);
			else recipes.add(new Recipe(a));
		}
		System.out.println(BenchmarkHeader.line("CrossValidationBenchmark") + String
			.format(Locale.ROOT, " folds=%d results=%s", folds, results));
		if (!summaryOnly) {
			DriveFolders drive = DriveFolders.findOrSaySkip();
			if (drive == null) return;
			run(drive, recipes, folds, foldList, only, results, work, alsoResize);
		}
		summary(recipes, folds, results, System.out);
	}

	private static void run(DriveFolders drive, List<Recipe> recipes, int folds,
		String foldList, String only, Path results, Path work, boolean alsoResize)
		throws Exception
	{
		String[] names = drive.imageNames();
		if (names.length % folds != 0) throw new IllegalArgumentException(
			names.length + " images do not split into " + folds + " folds");
		int perFold = names.length / folds;
		for (int k = 0; k < folds; k++) {
			if (foldList != null && !Arrays.asList(foldList.split(",")).contains(
				Integer.toString(k))) continue;
			for (Recipe r : recipes) {
				if (only != null && !only.equals(r.name + "/" + k)) continue;
				Path cell = cellFile(results, r.name, k);
				if (Files.exists(cell)) {
					System.out.println("DONE recipe=" + r.name + " fold=" + k + " (" +
						cell + ")");
					continue;
				}
				Path fold = work.resolve("fold" + k);
				if (!Files.isDirectory(fold.resolve("test"))) {
					Path tmp = work.resolve(".fold" + k + "-" + System.nanoTime());
					drive.subset(names, k * perFold, (k + 1) * perFold, tmp.resolve(
						"test"));
					drive.subset(names, 0, k * perFold, tmp.resolve("train"));
					drive.subset(names, (k + 1) * perFold, names.length, tmp.resolve(
						"train"));
					Files.move(tmp, fold);
				}
				Path model = fold.resolve(r.name + ".cenet");
				Properties cellFigures = new Properties();
				cellFigures.setProperty("recipe", r.name);
				cellFigures.setProperty("keys", r.keys.toString());
				cellFigures.setProperty("trained_by", r.classpath == null ? "this build"
					: r.classpath);
				cellFigures.setProperty("fold", Integer.toString(k));
				cellFigures.setProperty("test_images", String.join(" ", Arrays
					.copyOfRange(names, k * perFold, (k + 1) * perFold)));
				cellFigures.setProperty("commit", gitCommit());
				cellFigures.setProperty("machine", BenchmarkHeader.processor());
				cellFigures.setProperty("load_before", BenchmarkHeader.loadAverage());
				if (!Files.exists(model) || Files.exists(model.resolveSibling(model
					.getFileName() + ".checkpoint")))
				{
					double minutes = train(r, fold.resolve("train"), model);
					cellFigures.setProperty("minutes", String.format(Locale.ROOT, "%.2f",
						minutes));
				}
				cellFigures.setProperty("load_after", BenchmarkHeader.loadAverage());
				score(r, model, fold.resolve("test"), cellFigures, alsoResize);
				Files.createDirectories(cell.getParent());
				String comment = "CrossValidationBenchmark cell " + r.name + "/fold" +
					k + ", " + Instant.now();
				AtomicFiles.write(cell, out -> {
					Writer w = new java.io.OutputStreamWriter(out,
						StandardCharsets.UTF_8);
					cellFigures.store(w, comment);
					w.flush();
				});
				System.out.println("RESULT " + cellFigures);
			}
		}
	}

	/**
	 * Trains one cell in a child JVM, as a user runs CE-Net Train headless;
	 * returns its minutes.
	 */
	private static double train(Recipe r, Path trainFolder, Path model)
		throws IOException, InterruptedException
	{
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java")
			.toString());
		command.add("-Xmx8g");
		command.add("-cp");
		command.add(r.classpath != null ? r.classpath : System.getProperty(
			"java.class.path"));
		command.add("sc.fiji.cenet.ij.HeadlessRunner");
		command.add("CE-Net Train");
		// resume: a cell cut short by the end of a session continues from its
		// checkpoint
		command.add("image_folder=[" + trainFolder.resolve("images") +
			"] mask_folder=[" + trainFolder.resolve("masks") + "] model_file=[" +
			model + "] if_model_exists=resume" + r.trainOptions());
		Path log = model.resolveSibling(model.getFileName() + ".log");
		System.out.println("TRAIN recipe=" + r.name + " " + String.join(" ", command
			.subList(command.size() - 2, command.size())) + " (log: " + log + ")");
		long t0 = System.nanoTime();
		Process p = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
		p.getOutputStream().close();
		int rc = p.waitFor();
		double minutes = (System.nanoTime() - t0) / 6e10;
		if (rc != 0) throw new IllegalStateException("training " + r.name +
			" failed (exit " + rc + "), see " + log);
		try (BufferedReader in = Files.newBufferedReader(log)) {
			for (String line; (line = in.readLine()) != null;)
				if (line.contains("Training ended") || line.contains("Threshold") ||
					line.contains("Schedule")) System.out.println("  " + line);
		}
		return minutes;
	}

	/**
	 * Predicts the held-out images as CE-Net Predict does and records the
	 * figures.
	 */
	private static void score(Recipe r, Path model, Path test, Properties out,
		boolean alsoResize) throws IOException
	{
		List<TrainingSample> heldOut = TrainingSet.load(ImagePairing.pair(test
			.resolve("images").toFile(), test.resolve("masks").toFile())
			.requirePairs(), 1, ProgressListener.NONE).samples();
		try (CENetModel m = CENetModel.open(model, false)) {
			// the run's whole history (the model's stops at its kept epoch)
			Path csv = new sc.fiji.cenet.train.RunFiles(model).history();
			TrainingHistory history;
			try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
				history = TrainingHistory.readCsv(in);
			}
			out.setProperty("epochs", Integer.toString(history.size()));
			// builds before training.epoch: the model's own history ends at its epoch
			out.setProperty("model_epoch", String.valueOf(m.trainedModel().metadata(
				"training.epoch") != null ? m.trainedModel().metadata("training.epoch")
					: m.trainedModel().history().last().map(e -> "" + e.number()).orElse(
						"?")));
			out.setProperty("threshold", Double.toString(m.trainedModel()
				.threshold()));
			out.setProperty("training_seconds", String.format(Locale.ROOT, "%.0f",
				history.epochs().stream().mapToDouble(TrainingHistory.Epoch::seconds)
					.sum()));
			PredictionSettings asPredict = new PredictionOptions(model.toFile())
				.settings(m.trainedModel());
			out.setProperty("predict", asPredict.toString());
			put(out, "", figures(m, heldOut, asPredict));
			if (alsoResize && !"crop".equals(r.keys.get("sampling"))) put(out,
				"resize.", figures(m, heldOut, asPredict.toBuilder().mode(
					sc.fiji.cenet.predict.PredictionMode.RESIZE).build()));
		}
		catch (IOException e) {
			throw new IOException(model + ": " + e.getMessage(), e);
		}
	}

	private static Figures figures(CENetModel m, List<TrainingSample> heldOut,
		PredictionSettings settings)
	{
		List<float[]> scores = new ArrayList<>();
		List<boolean[]> truth = new ArrayList<>();
		for (TrainingSample s : heldOut) {
			Img<FloatType> p = m.probabilities(s.image(), s.channels() > 1 ? ImageAxes
				.of("XYC") : ImageAxes.XY, s.bitDepth(), settings,
				ProgressListener.NONE);
			float[] si = new float[s.width() * s.height()];
			boolean[] ti = new boolean[si.length];
			int i = 0;
			for (FloatType v : Views.flatIterable(p))
				si[i++] = v.get();
			i = 0;
			for (UnsignedByteType v : Views.flatIterable(s.labels()))
				ti[i++] = v.get() != 0;
			scores.add(si);
			truth.add(ti);
		}
		return new Figures(scores, truth, settings.threshold());
	}

	private static void put(Properties out, String prefix, Figures f) {
		double[] v = { f.diceModel, f.diceHalf, f.diceOracle, f.auc,
			f.sensitivity };
		for (int i = 0; i < FIGURES.length; i++)
			out.setProperty(prefix + FIGURES[i], String.format(Locale.ROOT, "%.4f",
				v[i]));
		out.setProperty(prefix + "specificity", String.format(Locale.ROOT, "%.4f",
			f.specificity));
	}

	/**
	 * Per recipe (those given, else every folder of {@code results}): mean (sd)
	 * over its finished folds of each figure, the epochs reached, and how many
	 * folds are done.
	 */
	static void summary(List<Recipe> recipes, int folds, Path results,
		PrintStream out) throws IOException
	{
		List<String> names = new ArrayList<>();
		for (Recipe r : recipes)
			names.add(r.name);
		if (names.isEmpty() && Files.isDirectory(results)) try (
				java.util.stream.Stream<Path> dirs = Files.list(results))
		{
			dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
				.sorted().forEach(names::add);
		}
		out.println();
		out.println(
			"| recipe | folds | epochs | Dice at the model's threshold | Dice at 0.5 | oracle Dice | AUC | " +
				"sensitivity | threshold |");
		out.println("|---|---|---|---|---|---|---|---|---|");
		for (String name : names) {
			for (String prefix : new String[] { "", "resize." }) {
				List<Properties> cells = new ArrayList<>();
				for (int k = 0; k < folds; k++) {
					Properties p = cell(results, name, k);
					if (p != null && p.getProperty(prefix + FIGURES[0]) != null) cells
						.add(p);
				}
				if (cells.isEmpty()) continue;
				StringBuilder row = new StringBuilder("| " + name + (prefix.isEmpty()
					? "" : " (predicted resized)") + " | " + cells.size() + " | " + range(
						cells, "epochs") + " |");
				for (String f : FIGURES)
					row.append(' ').append(meanSd(cells, prefix + f)).append(" |");
				row.append(' ').append(meanSd(cells, "threshold")).append(" |");
				out.println(row);
			}
		}
		pairs(names, folds, results, out);
	}

	/**
	 * Each recipe against the first, over the folds both finished: the mean (sd)
	 * of the per-fold difference of each figure, and whether the difference of
	 * the means is larger than the spread (the larger sd of the two recipes over
	 * those folds), the rule for changing a default.
	 */
	private static void pairs(List<String> names, int folds, Path results,
		PrintStream out) throws IOException
	{
		if (names.size() < 2) return;
		out.println();
		out.println("| against " + names.get(0) +
			" | folds | figure | difference, mean (sd) | spread | larger than the spread |");
		out.println("|---|---|---|---|---|---|");
		for (String name : names.subList(1, names.size())) {
			List<Properties> base = new ArrayList<>(), other = new ArrayList<>();
			for (int k = 0; k < folds; k++) {
				Properties a = cell(results, names.get(0), k), b = cell(results, name,
					k);
				if (a == null || b == null || a.getProperty(FIGURES[0]) == null || b
					.getProperty(FIGURES[0]) == null) continue;
				base.add(a);
				other.add(b);
			}
			if (base.size() < 2) continue;
			for (String f : new String[] { "dice_model", "dice_oracle", "auc" }) {
				double[] d = new double[base.size()];
				for (int i = 0; i < d.length; i++)
					d[i] = value(other.get(i), f) - value(base.get(i), f);
				double spread = Math.max(sd(values(base, f)), sd(values(other, f)));
				double mean = mean(d);
				out.println(String.format(Locale.ROOT,
					"| %s | %d | %s | %+.3f (%.3f) | %.3f | %s |", name, d.length, f,
					mean, sd(d), spread, Math.abs(mean) > spread ? "yes" : "no"));
			}
		}
	}

	/** Where a finished cell's figures are kept. */
	private static Path cellFile(Path results, String recipe, int fold) {
		return results.resolve(recipe).resolve("fold" + fold + ".properties");
	}

	/** A cell's figures, null when it has none. */
	private static Properties cell(Path results, String recipe, int fold)
		throws IOException
	{
		Path cell = cellFile(results, recipe, fold);
		if (!Files.exists(cell)) return null;
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(cell, StandardCharsets.UTF_8)) {
			p.load(in);
		}
		return p;
	}

	private static double value(Properties cell, String key) {
		return Double.parseDouble(cell.getProperty(key));
	}

	private static double[] values(List<Properties> cells, String key) {
		return cells.stream().mapToDouble(p -> value(p, key)).toArray();
	}

	private static double mean(double[] v) {
		return Arrays.stream(v).average().orElse(Double.NaN);
	}

	/** The sample standard deviation (n - 1). */
	private static double sd(double[] v) {
		double mean = mean(v), sq = 0;
		for (double x : v)
			sq += (x - mean) * (x - mean);
		return Math.sqrt(sq / (v.length - 1));
	}

	private static String meanSd(List<Properties> cells, String key) {
		double[] v = values(cells, key);
		return v.length > 1 ? String.format(Locale.ROOT, "%.3f (%.3f)", mean(v), sd(
			v)) : String.format(Locale.ROOT, "%.3f", mean(v));
	}

	private static String range(List<Properties> cells, String key) {
		int[] v = cells.stream().mapToInt(p -> Integer.parseInt(p.getProperty(key)))
			.sorted().toArray();
		return v[0] == v[v.length - 1] ? "" + v[0] : v[0] + "-" + v[v.length - 1];
	}

	/**
	 * The commit of the code that runs: {@code -Dcenet.bench.commit} (a copied
	 * build), else the checkout's HEAD.
	 */
	private static String gitCommit() {
		String given = System.getProperty("cenet.bench.commit");
		if (given != null && !given.isEmpty()) return given;
		try {
			Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
				.redirectErrorStream(true).start();
			try (BufferedReader in = new BufferedReader(new InputStreamReader(p
				.getInputStream(), StandardCharsets.UTF_8)))
			{
				String line = in.readLine();
				return p.waitFor() == 0 && line != null ? line.trim() : "unknown";
			}
		}
		catch (IOException | InterruptedException e) {
			return "unknown";
		}
	}
}
