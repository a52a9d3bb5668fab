
package sc.fiji.cenet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.PropertiesWhile;
import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.data.BatchAssembler;
import sc.fiji.cenet.data.ChannelOrder;
import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.data.SamplingMode;
import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.Layers;
import sc.fiji.cenet.model.TfRuntime;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.model.WeightInit;
import sc.fiji.cenet.progress.ProgressListener;
import sc.fiji.cenet.train.LossKind;
import sc.fiji.cenet.train.Trainer;
import sc.fiji.cenet.train.TrainingGraph;
import sc.fiji.cenet.train.TrainingResult;
import sc.fiji.cenet.train.TrainingSettings;

/**
 * Training benchmarks (not unit tests).
 * <ul>
 * <li>{@code steps [batch...]}: seconds per Adam step on 448 x 448 input
 * (median of 5 after 2 warm-up steps), achieved GFLOP/s (3x the forward count:
 * forward + two backward products), peak RSS.</li>
 * <li>{@code compare A B [batch] [rounds]}: two builds of the training graph in
 * one JVM, each with its system properties set while it is built ({@code A} and
 * {@code B}: {@code key=value[,key=value]} or {@code none}), from the same
 * weights; each round runs 4 steps of one then 4 of the other (the order
 * alternating by round), so both meet the same machine. Prints the median,
 * quartiles and minimum of each side's step times (defaults: batch 1, 10
 * rounds).</li>
 * <li>{@code dilated [batch] [rounds]}: the DAC block's dilated convolutions
 * alone (3 x 3, 512 channels at 14 x 14, dilation 3 and 5), forward and both
 * gradients, in each training form ({@code Layers.DilatedTrainingConv}),
 * alternating; prints the median and quartiles of each (defaults: batch 1, 40
 * rounds).</li>
 * <li>{@code validation [rounds]}: seconds per 448 x 448 tile through the
 * training graph's validation branch (running statistics, variable filters), in
 * batches of 1 and 2 alternating (median and quartiles per tile; default 10
 * rounds of 2 runs each).</li>
 * <li>{@code drive [minutes] [lr] [batch] [loss] [augmentation]}: trains on
 * ../shared/data/DRIVE/training (16 training, 4 validation images, 448 x 448;
 * defaults those of CE-Net Train: lr 5e-4, batch 2, loss dice_bce, geometric
 * augmentation) from random initialisation for the given minutes and prints
 * validation Dice and AUC per epoch, then those of the epoch the model file
 * holds.</li>
 * </ul>
 */
public final class TrainingBenchmark {

	/**
	 * Forward GFLOP of CE-Net at 448 x 448, DAC shared branches computed once
	 * (the count).
	 */
	static final double FORWARD_GFLOP_448 = 41.0;

	public static void main(String[] args) throws Exception {
		String mode = args.length > 0 ? args[0] : "steps";
		// the machine, and TF's natives loaded as CE-Net loads them
		System.out.println(BenchmarkHeader.line("TrainingBenchmark-" + mode));
		if (mode.equals("drive")) drive(args.length > 1 ? Double.parseDouble(
			args[1]) : 30, args.length > 2 ? Double.parseDouble(args[2]) : 5e-4,
			args.length > 3 ? Integer.parseInt(args[3]) : 2, args.length > 4
				? LossKind.fromKey(args[4]) : LossKind.DICE_BCE, args.length > 5
					? args[5] : "geometric");
		else if (mode.equals("pipeline")) pipeline();
		else if (mode.equals("dilated")) dilated(args.length > 1 ? Integer.parseInt(
			args[1]) : 1, args.length > 2 ? Integer.parseInt(args[2]) : 40);
		else if (mode.equals("validation")) validation(args.length > 1 ? Integer
			.parseInt(args[1]) : 10);
		else if (mode.equals("compare")) compare(args[1], args[2], args.length > 3
			? Integer.parseInt(args[3]) : 1, args.length > 4 ? Integer.parseInt(
				args[4]) : 10);
		else steps(args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
			: new String[] { "1", "4" });
	}

	static void steps(String[] batches) {
		CENetConfig config = new CENetConfig(3, 1);
		int s = 448;
		for (String bs : batches) {
			int n = Integer.parseInt(bs);
			// a graph per batch size, built for it as CE-Net Train builds it
			try (TrainingGraph g = new TrainingGraph(config, LossKind.DICE,
				Collections.emptySet(), false, n))
			{
				g.initialize(WeightInit.random(config, 1));
				float[][] batch = syntheticBatch(n, s);
				float[] x = batch[0], t = batch[1], w = batch[2];
				long cpu0 = cpu();
				long wall0 = System.nanoTime();
				double[] times = new double[7];
				for (int i = 0; i < times.length; i++) {
					long t0 = System.nanoTime();
					g.step(x, t, w, n, s, s, 1e-4, i + 1);
					times[i] = (System.nanoTime() - t0) / 1e9;
				}
				double[] timed = Arrays.copyOfRange(times, 2, times.length);
				Arrays.sort(timed);
				double median = timed[timed.length / 2];
				double ref = n == 1 ? 0.86 : n == 4 ? 3.0 : Double.NaN;
				System.out.printf(Locale.ROOT,
					"RESULT train_step_b%d_448 seconds=%.3f gflops=%.0f ratio_vs_reference=%.2f cpu_over_wall=%.2f peak_rss_gib=%.2f%n",
					n, median, 3 * FORWARD_GFLOP_448 * n / median, median / ref, (cpu() -
						cpu0) / 1e9 / ((System.nanoTime() - wall0) / 1e9), peakRssGiB());
			}
		}
	}

	static void compare(String a, String b, int n, int rounds) {
		CENetConfig config = new CENetConfig(3, 1);
		int s = 448, perRound = 4;
		String[] sides = { a, b };
		TrainingGraph[] graphs = new TrainingGraph[2];
		try {
			for (int k = 0; k < 2; k++)
				graphs[k] = graphWith(sides[k], config, n);
			float[][] batch = syntheticBatch(n, s);
			float[] x = batch[0], t = batch[1], w = batch[2];
			long[] step = { 1, 1 };
			float[] loss = new float[2];
			for (int k = 0; k < 2; k++)
				for (int i = 0; i < 2; i++) // warm-up
					loss[k] = graphs[k].step(x, t, w, n, s, s, 1e-4, step[k]++);
			double[][] times = new double[2][rounds * perRound];
			for (int round = 0; round < rounds; round++)
				for (int j = 0; j < 2; j++) {
					int k = (round + j) % 2;
					for (int i = 0; i < perRound; i++) {
						long t0 = System.nanoTime();
						loss[k] = graphs[k].step(x, t, w, n, s, s, 1e-4, step[k]++);
						times[k][round * perRound + i] = (System.nanoTime() - t0) / 1e9;
					}
				}
			for (int k = 0; k < 2; k++) {
				double[] sorted = times[k].clone();
				Arrays.sort(sorted);
				int m = sorted.length;
				System.out.printf(Locale.ROOT,
					"RESULT compare_b%d_448 side=%s median=%.4f p25=%.4f p75=%.4f min=%.4f steps=%d last_loss=%.5f%n",
					n, sides[k], sorted[m / 2], sorted[m / 4], sorted[3 * m / 4],
					sorted[0], m, loss[k]);
			}
		}
		finally {
			for (TrainingGraph g : graphs)
				if (g != null) g.close();
		}
	}

	static void validation(int rounds) {
		CENetConfig config = new CENetConfig(3, 1);
		int s = 448, perRound = 2;
		int[] batches = { 1, 2 };
		// a graph per batch size, built for it as CE-Net Train builds it
		try (TrainingGraph g1 = graphWith("none", config, batches[0]);
				TrainingGraph g2 = graphWith("none", config, batches[1]))
		{
			TrainingGraph[] graphs = { g1, g2 };
			float[][] inputs = new float[batches.length][];
			for (int k = 0; k < batches.length; k++) {
				inputs[k] = syntheticBatch(batches[k], s)[0];
				graphs[k].predict(inputs[k], batches[k], s, s); // warm-up
			}
			double[][] perTile = new double[batches.length][rounds * perRound];
			for (int round = 0; round < rounds; round++)
				for (int j = 0; j < batches.length; j++) {
					int k = (round + j) % batches.length;
					for (int i = 0; i < perRound; i++) {
						long t0 = System.nanoTime();
						graphs[k].predict(inputs[k], batches[k], s, s);
						perTile[k][round * perRound + i] = (System.nanoTime() - t0) / 1e9 /
							batches[k];
					}
				}
			for (int k = 0; k < batches.length; k++) {
				double[] sorted = perTile[k].clone();
				Arrays.sort(sorted);
				int m = sorted.length;
				System.out.printf(Locale.ROOT,
					"RESULT validation_tile_b%d_448 seconds_per_tile=%.4f p25=%.4f p75=%.4f runs=%d peak_rss_gib=%.2f%n",
					batches[k], sorted[m / 2], sorted[m / 4], sorted[3 * m / 4], m,
					peakRssGiB());
			}
		}
	}

	static void dilated(int n, int rounds) {
		String[] ways = { "SPACE_TO_BATCH", "SHIFTED_TAPS" };
		int h = 14, c = 512;
		List<AutoCloseable> open = new java.util.ArrayList<>();
		try {
			Session[] sessions = new Session[2];
			List<List<Operand<?>>> fetches = new java.util.ArrayList<>();
			List<Placeholder<TFloat32>> xs = new java.util.ArrayList<>(), ws =
				new java.util.ArrayList<>(), dys = new java.util.ArrayList<>();
			for (int k = 0; k < 2; k++) {
				Graph g = TfRuntime.newGraph();
				open.add(g);
				Ops tf = Ops.create(g);
				Placeholder<TFloat32> x = tf.placeholder(TFloat32.class), w = tf
					.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 3, c, c))),
						dy = tf.placeholder(TFloat32.class);
				Operand<TFloat32> loss = PropertiesWhile.built(
					"cenet.dilatedTrainingConv=" + ways[k], () -> {
						Layers layers = new Layers(tf, true);
						// dL/dy = dy for both convs, as in the DAC block's backward pass
						return tf.math.add(sumOfProduct(tf, layers.conv(x, w, null, 3, 1, 3,
							3), dy), sumOfProduct(tf, layers.conv(x, w, null, 3, 1, 5, 5),
								dy));
					});
				Gradients grads = tf.gradients(loss, Arrays.asList(x, w));
				fetches.add(Arrays.asList(grads.dy(0), grads.dy(1)));
				xs.add(x);
				ws.add(w);
				dys.add(dy);
				sessions[k] = new Session(g, TfRuntime.config(false, false));
				open.add(sessions[k]);
			}
			Random r = new Random(n);
			TFloat32 x = gaussian(r, n, h, h, c), w = gaussian(r, 3, 3, c, c), dy =
				gaussian(r, n, h, h, c);
			open.add(x);
			open.add(w);
			open.add(dy);
			double[][] ms = new double[2][rounds];
			for (int round = -3; round < rounds; round++)
				for (int j = 0; j < 2; j++) {
					int k = (Math.max(round, 0) + j) % 2;
					Session.Runner run = sessions[k].runner().feed(xs.get(k), x).feed(ws
						.get(k), w).feed(dys.get(k), dy);
					for (Operand<?> f : fetches.get(k))
						run.fetch(f);
					long t0 = System.nanoTime();
					try (Result res = run.run()) {
						if (round >= 0) ms[k][round] = (System.nanoTime() - t0) / 1e6;
					}
				}
			for (int k = 0; k < 2; k++) {
				double[] sorted = ms[k].clone();
				Arrays.sort(sorted);
				System.out.printf(Locale.ROOT,
					"RESULT dac_dilated_convs_b%d_14x14x512 way=%s median_ms=%.1f p25=%.1f p75=%.1f rounds=%d%n",
					n, ways[k], sorted[rounds / 2], sorted[rounds / 4], sorted[3 *
						rounds / 4], rounds);
			}
		}
		finally {
			for (int i = open.size() - 1; i >= 0; i--)
				try {
					open.get(i).close();
				}
				catch (Exception e) {
					throw new IllegalStateException(e);
				}
		}
	}

	private static Operand<TFloat32> sumOfProduct(Ops tf, Operand<TFloat32> a,
		Operand<TFloat32> b)
	{
		return tf.reduceSum(tf.reshape(tf.math.mul(a, b), tf.constant(new int[] {
			-1 })), tf.constant(0));
	}

	private static TFloat32 gaussian(Random r, long... shape) {
		float[] v = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a *
			b)];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) r.nextGaussian();
		return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false));
	}

	/**
	 * Input (Gaussian, 3 channels), target (10% foreground) and weight (1) of n
	 * images s x s, seeded by n.
	 */
	private static float[][] syntheticBatch(int n, int s) {
		Random r = new Random(n);
		float[] x = new float[n * s * s * 3], t = new float[n * s * s], w =
			new float[n * s * s];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) r.nextGaussian();
		for (int i = 0; i < t.length; i++)
			t[i] = r.nextInt(10) == 0 ? 1 : 0;
		Arrays.fill(w, 1f);
		return new float[][] { x, t, w };
	}

	/**
	 * A training graph for steps of {@code stepImages} from seeded random
	 * weights, built under properties.
	 */
	private static TrainingGraph graphWith(String properties, CENetConfig config,
		int stepImages)
	{
		return PropertiesWhile.built(properties, () -> {
			TrainingGraph g = new TrainingGraph(config, LossKind.DICE_BCE, Collections
				.emptySet(), false, stepImages);
			g.initialize(WeightInit.random(config, 1));
			return g;
		});
	}

	/**
	 * Seconds to read nothing but assemble one augmented batch of 4 DRIVE images
	 * at 448 (resize, augmentation, normalisation): the data pipeline's cost per
	 * training step. The trainer assembles the next batch on another thread while
	 * TF runs the current step.
	 */
	static void pipeline() throws Exception {
		DriveFolders drive = DriveFolders.findOrSaySkip();
		if (drive == null) return;
		List<TrainingSample> samples = drive.samples();
		BatchAssembler a = BatchAssembler.builder().size(448).inputChannels(3)
			.normalization(Normalization.scale()).channelOrder(ChannelOrder.RGB)
			.sampling(SamplingMode.RESIZE).augmentation(AugmentationSettings
				.reference()).build();
		double[] t = new double[9];
		for (int i = 0; i < t.length; i++) {
			long t0 = System.nanoTime();
			a.assemble(samples, new int[] { i % 20, (i + 5) % 20, (i + 10) % 20, (i +
				15) % 20 }, 1, i);
			t[i] = (System.nanoTime() - t0) / 1e9;
		}
		double[] timed = Arrays.copyOfRange(t, 2, t.length);
		Arrays.sort(timed);
		System.out.printf(Locale.ROOT,
			"RESULT data_pipeline_b4_448 seconds_per_batch=%.3f (overlaps the TF step on a prefetch thread)%n",
			timed[timed.length / 2]);
	}

	/**
	 * @param augmentation {@code reference}, {@code geometric} or {@code none}
	 *          ({@link AugmentationSettings#named})
	 */
	static void drive(double minutes, double lr, int batch, LossKind loss,
		String augmentation) throws Exception
	{
		DriveFolders drive = DriveFolders.findOrSaySkip();
		if (drive == null) return;
		Path out = Files.createTempDirectory("cenet-drive");
		TrainingSettings settings = TrainingSettings.builder().imageDir(
			drive.images).maskDir(drive.masks).modelFile(out.resolve("drive.cenet"))
			.validationFraction(0.2).trainingSize(448).batchSize(batch).learningRate(
				lr).loss(loss).augmentation(AugmentationSettings.named(augmentation))
			.seed(1).timeLimitMinutes(minutes).ifModelExists(
				sc.fiji.cenet.train.ExistingModel.OVERWRITE).build();
		long cpu0 = cpu(), wall0 = System.nanoTime();
		TrainingResult r = new Trainer(settings).train(new ProgressListener() {

			@Override
			public void progress(double f, String m) {
				if (m != null && m.startsWith("Epoch") && m.contains(", val loss")) {
					System.out.printf(Locale.ROOT, "[%6.1f min] %s%n", (System
						.nanoTime() - wall0) / 6e10, m);
				}
			}

			@Override
			public void log(String line) {
				System.out.println(line);
			}
		});
		double wall = (System.nanoTime() - wall0) / 1e9;
		double bestDice = 0, bestAuc = 0;
		for (TrainingHistory.Epoch e : r.history()) {
			bestDice = Math.max(bestDice, e.valDice());
			bestAuc = Math.max(bestAuc, e.valAuc());
		}
		if (!r.history().last().isPresent()) {
			System.out.println("RESULT drive_training epochs=0 stop=\"" + r
				.stopReason() + "\"");
			return;
		}
		TrainingHistory.Epoch last = r.history().last().get();
		// The model file holds the epoch of the lowest validation loss (the
		// schedule's best): what a user gets.
		TrainingHistory.Epoch kept = last;
		for (TrainingHistory.Epoch e : r.history())
			if (e.valLoss() < kept.valLoss()) kept = e;
		System.out.printf(Locale.ROOT,
			"RESULT drive_training minutes=%.1f epochs=%d model_epoch=%d model_val_dice=%.4f model_val_auc=%.4f" +
				" last_val_dice=%.4f last_val_auc=%.4f best_val_dice=%.4f best_val_auc=%.4f cpu_over_wall=%.2f" +
				" stop=\"%s\" model=%s%n", wall / 60, r.history().size(), kept.number(),
			kept.valDice(), kept.valAuc(), last.valDice(), last.valAuc(), bestDice,
			bestAuc, (cpu() - cpu0) / 1e9 / wall, r.stopReason(), r.modelFile());
	}

	static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static double peakRssGiB() {
		try {
			for (String l : Files.readAllLines(Paths.get("/proc/self/status")))
				if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("\\D",
					"")) / 1024.0 / 1024.0;
		}
		catch (Exception e) { /* not Linux */ }
		return Double.NaN;
	}
}
