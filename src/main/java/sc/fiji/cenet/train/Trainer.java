package sc.fiji.cenet.train;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import sc.fiji.cenet.data.BatchAssembler;
import sc.fiji.cenet.data.BatchPrefetcher;
import sc.fiji.cenet.data.Batches;
import sc.fiji.cenet.data.ChannelOrder;
import sc.fiji.cenet.data.ImagePair;
import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.data.PairingResult;
import sc.fiji.cenet.data.TrainingBatch;
import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.data.TrainingSet;
import sc.fiji.cenet.data.ValidationSplit;
import sc.fiji.cenet.io.AtomicFiles;
import sc.fiji.cenet.io.Checkpoint;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.StateDictFiles;
import sc.fiji.cenet.io.StateDictImport;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.metrics.ThresholdCalibration;
import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.model.WeightInit;
import sc.fiji.cenet.predict.NetworkInput;
import sc.fiji.cenet.progress.CancelledException;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Trains CE-Net from an image folder and a mask folder.
 * <p>
 * After every epoch: validation (loss, Dice at 0.5, AUC, and for a 1-class
 * model the threshold that maximises the Dice with that Dice), the schedule
 * of {@link LearningRateSchedule}, the best model written atomically to the
 * model file when the monitored loss improved (with its calibrated threshold,
 * which prediction uses by default), the history CSV, and a
 * checkpoint with the full state (weights, Adam moments, step, schedule,
 * history). Batches are a function of (seed, epoch), so a run resumed from a
 * checkpoint continues exactly as the uninterrupted run would have.
 */
public final class Trainer {
	private final TrainingSettings settings;

	public Trainer(TrainingSettings settings) { this.settings = settings; }

	public TrainingResult train(ProgressListener listener) throws IOException {
		ProgressListener log = listener == null ? ProgressListener.NONE : listener;
		long started = System.nanoTime();
		boolean resume = applyIfModelExists(log);

		// --- data ---
		PairingResult paired = ImagePairing.pair(settings.imageDir(), settings.maskDir(), settings.fovDir());
		List<ImagePair> pairs = paired.requirePairs();
		if (!paired.isComplete()) log.log("Unpaired files are left out: " + paired.summary());
		List<ImagePair> trainPairs, valPairs;
		if (settings.validationImageDir() != null) {
			trainPairs = pairs;
			valPairs = ImagePairing.pair(settings.validationImageDir(), settings.validationMaskDir()).requirePairs();
		}
		else if (settings.validationFraction() > 0 && pairs.size() > 1) {
			ValidationSplit<ImagePair> split = ValidationSplit.byFraction(pairs, settings.validationFraction(), settings.seed());
			trainPairs = split.training();
			valPairs = split.validation();
		}
		else {
			trainPairs = pairs;
			valPairs = Collections.emptyList();
		}
		log.progress(0, "Reading " + trainPairs.size() + " training and " + valPairs.size() + " validation images");
		TrainingSet trainSet = TrainingSet.load(trainPairs, settings.classes(), log);
		for (String w : trainSet.warnings()) log.log("Warning: " + w);
		List<TrainingSample> train = trainSet.samples(), val = Collections.emptyList();
		if (valPairs.isEmpty())
			log.log("No validation images" + (pairs.size() == 1 && settings.validationFraction() > 0 ? " (one image/mask pair)" : "")
				+ ": the schedule follows the training loss, and the model is saved whenever it falls");
		else {
			TrainingSet valSet = TrainingSet.load(valPairs, settings.classes(), log);
			for (String w : valSet.warnings()) log.log("Warning (validation): " + w);
			val = valSet.samples();
		}
		TrainingSample first = train.get(0);
		TrainedModel initial = settings.initialModel() == null ? null : ModelFile.load(settings.initialModel());
		// fine-tuning keeps the model's input channels, normalisation and channel order
		int channels = settings.inputChannels() != 0 ? settings.inputChannels()
			: initial != null ? initial.config().inputChannels() : first.channels() >= 3 ? 3 : 1;
		CENetConfig config = new CENetConfig(channels, settings.classes());
		Normalization normalization = initial != null ? normalizationOf(initial, first) : Normalization.defaultFor(
			first.bitDepth());
		ChannelOrder order = initial != null ? NetworkInput.channelOrderOf(initial) : ChannelOrder.RGB;
		BatchAssembler trainAssembler = BatchAssembler.builder().size(settings.trainingSize()).inputChannels(channels)
			.normalization(normalization).channelOrder(order).sampling(settings.sampling())
			.augmentation(settings.augmentation()).build();
		// Validation after crop sampling sees the images as CE-Net Predict will (tiles of the training size at
		// their own scale), so that the kept epoch and the calibrated threshold fit the masks users get.
		BatchAssembler valAssembler = BatchAssembler.builder().size(settings.trainingSize()).inputChannels(channels)
			.normalization(normalization).channelOrder(order).sampling(settings.sampling())
			.augmentation(sc.fiji.cenet.data.AugmentationSettings.none()).build();
		List<TrainingBatch> valBatches = val.isEmpty() ? new ArrayList<>() : valAssembler.validationBatches(val,
			settings.batchSize());

		Properties metadata = metadata(config, normalization, order);
		List<String> frozen = new ArrayList<>();
		if (settings.freezeEncoder())
			for (CENetArchitecture.Param p : new CENetArchitecture(config).params())
				if (CENetArchitecture.isEncoder(p.name)) frozen.add(p.name);

		log.progress(0, "Building CE-Net " + config + " for " + settings.trainingSize() + " x " + settings.trainingSize());
		log.log(sc.fiji.cenet.model.DevicePlacement.describe(settings.useGpu()));
		try (TrainingGraph graph = new TrainingGraph(config, settings.loss(), frozen, settings.useGpu())) {
			LearningRateSchedule schedule = new LearningRateSchedule(settings.learningRate(), settings.patience(),
				settings.stopPatience(), settings.minLearningRate());
			TrainingHistory history = new TrainingHistory();
			int startEpoch = 1;
			long step = 0;
			BestWeights best;
			Properties bestMetadata = null; // of the model file, for the last log line
			Path checkpoint = settings.checkpointFile();
			if (resume) {
				Checkpoint ck = Checkpoint.load(checkpoint);
				requireSameRun(ck.properties(), config, checkpoint);
				graph.restore(ck.group("weights"), ck.group("adam"));
				schedule.restore(ck.properties());
				startEpoch = Integer.parseInt(ck.property("epoch")) + 1;
				step = Long.parseLong(ck.property("step"));
				if (ck.property("history_csv") != null) history = historyOf(ck);
				if (Files.exists(settings.modelFile())) {
					best = BestWeights.inFile(settings.modelFile());
					bestMetadata = ModelFile.loadMetadata(settings.modelFile());
				}
				else best = BestWeights.inMemory(graph.weights()::get);
				log.log("Resuming from " + checkpoint.getFileName() + " after epoch " + (startEpoch - 1));
			}
			else {
				if (initial == null && settings.encoderWeights() == null) {
					// made one tensor at a time as TF takes them, again if the schedule reloads them
					java.util.function.Function<String, StateDict.Entry> init = WeightInit.lazy(config, settings.seed(),
						new sc.fiji.cenet.model.ReusedArrays());
					graph.initialize(init);
					best = BestWeights.inMemory(init);
				}
				else {
					StateDict init = WeightInit.random(config, settings.seed());
					if (initial != null) {
						init = StateDictImport.merge(init, fineTuned(initial, config, log));
						log.log("All weights and batch-norm statistics start from " + settings.initialModel().getFileName());
					}
					if (settings.encoderWeights() != null) {
						StateDict encoder = StateDictImport.encoder(StateDictFiles.read(settings.encoderWeights()), config,
							settings.encoderWeights().getFileName().toString());
						init = StateDictImport.merge(init, encoder);
						log.log("Encoder initialised from " + settings.encoderWeights().getFileName());
					}
					graph.initialize(init);
					best = BestWeights.inMemory(init::get);
				}
			}

			String stopReason = "all " + settings.epochs() + " epochs done";
			boolean finished = true; // false when the run may be continued: cancel, failure, time limit
			int batchesPerEpoch = Batches.count(train.size(), settings.batchSize());
			for (int epoch = startEpoch; epoch <= settings.epochs(); epoch++) {
				long t0 = System.nanoTime();
				EpochLoss loss;
				try {
					loss = trainEpoch(graph, trainAssembler, train, epoch, step, schedule.learningRate(), log,
						batchesPerEpoch);
				}
				catch (CancelledException e) {
					stopReason = "cancelled by the user during epoch " + epoch;
					finished = false;
					break;
				}
				step += loss.steps;
				if (!Double.isFinite(loss.mean)) {
					stopReason = "the training loss became " + loss.mean + " in epoch " + epoch
						+ " (learning rate too high or bad input data)";
					finished = false;
					break;
				}
				Validation v = validate(graph, valBatches, config.classes());
				double monitored = valBatches.isEmpty() ? loss.mean : v.loss;
				double lr = schedule.learningRate();
				LearningRateSchedule.Decision decision = schedule.update(epoch, monitored);
				double seconds = (System.nanoTime() - t0) / 1e9;
				history.add(new TrainingHistory.Epoch(epoch, loss.mean, v.loss, v.dice, v.auc, lr, seconds)
					.withValDiceCalibrated(v.diceCalibrated()));
				if (decision == LearningRateSchedule.Decision.IMPROVED) {
					bestMetadata = withCalibration(metadata, v);
					// straight from TF into the file, a few weights at a time
					ModelFile.save(settings.modelFile(), TrainedModel.withoutWeights(config, bestMetadata, history),
						graph.weightSource());
					best.savedTo(settings.modelFile());
				}
				else if (decision == LearningRateSchedule.Decision.HALVE_AND_RELOAD_BEST) {
					best.loadInto(graph);
					log.log(String.format(Locale.ROOT, "No improvement for %d epochs: reloaded epoch %d, learning rate %.3g",
						settings.patience() + 1, schedule.bestEpoch(), schedule.learningRate()));
				}
				writeHistory(history);
				saveCheckpoint(graph, config, schedule, epoch, step, history);
				double elapsed = (System.nanoTime() - started) / 1e9;
				log.progress((double) epoch / settings.epochs(), epochLine(epoch, loss.mean, v, lr, seconds,
					seconds * (settings.epochs() - epoch)));
				if (decision == LearningRateSchedule.Decision.STOP) {
					stopReason = "early stop: " + schedule.stopReason();
					break;
				}
				if (settings.timeLimitMinutes() > 0 && elapsed / 60 >= settings.timeLimitMinutes()) {
					stopReason = String.format(Locale.ROOT, "time limit of %s minutes reached after epoch %d", fmtNumber(settings.timeLimitMinutes()), epoch);
					finished = false;
					break;
				}
				if (log.isCancelled()) {
					stopReason = "cancelled by the user after epoch " + epoch;
					finished = false;
					break;
				}
			}
			Path model = Files.exists(settings.modelFile()) ? settings.modelFile() : null;
			// A finished run needs no checkpoint (it is the size of three models); an interrupted one resumes from it.
			if (finished && model != null) Files.deleteIfExists(checkpoint);
			int bestEpoch = model == null ? 0 : schedule.bestEpoch();
			log.log("Training ended: " + stopReason + (model == null ? "; no model was saved"
				: "; the model of epoch " + bestEpoch + " is in " + model) + (finished || model == null ? ""
				: "; run again with " + ExistingModel.KEY + "=resume to continue from " + checkpoint.getFileName()));
			if (model != null && bestMetadata != null) log.log(thresholdLine(bestMetadata, config.classes(), !valBatches.isEmpty()));
			return new TrainingResult(model, settings.historyFile(), history, stopReason, bestEpoch);
		}
	}

	private static final class EpochLoss {
		final double mean;
		final int steps;

		EpochLoss(double mean, int steps) { this.mean = mean; this.steps = steps; }
	}

	/** One pass over the training set; the next batch is assembled on another thread meanwhile. */
	private EpochLoss trainEpoch(TrainingGraph graph, BatchAssembler assembler, List<TrainingSample> train, int epoch,
		long stepsBefore, double lr, ProgressListener log, int batchesPerEpoch) throws IOException
	{
		List<int[]> batches = Batches.forEpoch(train.size(), settings.batchSize(), settings.seed(), epoch);
		double sum = 0;
		int images = 0, steps = 0;
		try (BatchPrefetcher<TrainingBatch> prefetch = new BatchPrefetcher<>(batches.size(),
			i -> assembler.assemble(train, batches.get(i), settings.seed(), epoch), 2))
		{
			while (prefetch.hasNext()) {
				log.checkCancelled();
				TrainingBatch b = prefetch.next();
				float l = graph.step(b.images(), b.targets(), b.weights(), b.size(), b.height(), b.width(), lr,
					stepsBefore + ++steps);
				if (!Float.isFinite(l)) return new EpochLoss(l, steps);
				sum += (double) l * b.size();
				images += b.size();
				log.progress(((epoch - 1) + (double) steps / batchesPerEpoch) / settings.epochs(),
					"Epoch " + epoch + ": batch " + steps + " of " + batchesPerEpoch + ", loss " + fmt(l));
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancelledException();
		}
		return new EpochLoss(sum / Math.max(1, images), steps);
	}

	/**
	 * Validation loss (mean over validation images, or tiles after crop sampling), Dice at 0.5, AUC and the
	 * Dice-maximising threshold over all validation pixels in the FOV.
	 */
	static final class Validation {
		double loss = Double.NaN, dice = Double.NaN, auc = Double.NaN;
		/** 1-class models only; null otherwise. */
		ThresholdCalibration calibration;

		/** The Dice at the calibrated threshold; NaN when there is none. */
		double diceCalibrated() { return calibration == null ? Double.NaN : calibration.dice(); }
	}

	/**
	 * The metadata of a model saved after validation {@code v}: with its
	 * calibrated threshold and both validation Dice values when there is one
	 * (1 class, validation images holding foreground).
	 */
	static Properties withCalibration(Properties metadata, Validation v) {
		Properties p = new Properties();
		p.putAll(metadata);
		if (v.calibration != null && v.calibration.isDefined()) {
			p.setProperty(TrainedModel.THRESHOLD, Double.toString(v.calibration.threshold()));
			p.setProperty(TrainedModel.VALIDATION_DICE_AT_HALF, Double.toString(v.dice));
			p.setProperty(TrainedModel.VALIDATION_DICE_CALIBRATED, Double.toString(v.calibration.dice()));
		}
		return p;
	}

	/** What threshold the saved model gives its masks, and why. */
	static String thresholdLine(Properties metadata, int classes, boolean validation) {
		String threshold = metadata.getProperty(TrainedModel.THRESHOLD);
		if (threshold != null) return "Threshold " + threshold + " calibrated on the validation images: Dice "
			+ fmt(Double.parseDouble(metadata.getProperty(TrainedModel.VALIDATION_DICE_CALIBRATED))) + ", at 0.5 "
			+ fmt(Double.parseDouble(metadata.getProperty(TrainedModel.VALIDATION_DICE_AT_HALF)))
			+ "; stored in the model, CE-Net Predict uses it for masks";
		return "No threshold calibrated (" + (classes > 1 ? "several classes" : !validation ? "no validation images"
			: "no foreground in the validation images") + "): masks use " + TrainedModel.DEFAULT_THRESHOLD;
	}

	private static Validation validate(TrainingGraph graph, List<TrainingBatch> batches, int classes) {
		Validation v = new Validation();
		if (batches.isEmpty()) return v;
		int total = 0;
		for (TrainingBatch b : batches) total += b.targets().length;
		float[] scores = classes == 1 ? new float[total] : null;
		boolean[] truth = new boolean[total], pred = new boolean[total], inside = new boolean[total];
		double lossSum = 0;
		int images = 0, at = 0;
		int[] truthLabels = classes > 1 ? new int[total] : null, predicted = classes > 1 ? new int[total] : null;
		for (TrainingBatch b : batches) {
			TrainingGraph.Evaluation e = graph.evaluate(b.images(), b.targets(), b.weights(), b.size(), b.height(), b.width());
			lossSum += (double) e.loss * b.size();
			images += b.size();
			float[] t = b.targets(), w = b.weights();
			for (int i = 0; i < t.length; i++, at++) {
				inside[at] = w[i] > 0;
				if (classes == 1) {
					scores[at] = e.probabilities[i];
					truth[at] = t[i] > 0.5f;
					pred[at] = e.probabilities[i] >= 0.5f;
				}
				else {
					truthLabels[at] = (int) t[i];
					predicted[at] = argmax(e.probabilities, i, classes);
				}
			}
		}
		v.loss = lossSum / images;
		if (classes == 1) {
			v.dice = sc.fiji.cenet.metrics.ConfusionCounts.count(truth, pred, inside).dice();
			v.auc = sc.fiji.cenet.metrics.RocAuc.auc(scores, truth, inside);
			v.calibration = ThresholdCalibration.maximisingDice(scores, truth, inside);
		}
		else v.dice = multiclassDice(truthLabels, predicted, inside, classes);
		return v;
	}

	/** The most probable class of pixel i (the lowest on a tie); probabilities are interleaved, class fastest. */
	static int argmax(float[] probabilities, int i, int classes) {
		int arg = 0;
		for (int c = 1; c < classes; c++)
			if (probabilities[i * classes + c] > probabilities[i * classes + arg]) arg = c;
		return arg;
	}

	/** Validation Dice with N classes: the metrics' mean foreground-class Dice over the pixels inside the FOV. */
	static double multiclassDice(int[] truth, int[] predicted, boolean[] inside, int classes) {
		return sc.fiji.cenet.metrics.MulticlassEvaluator.meanForegroundDice(
			sc.fiji.cenet.metrics.MulticlassEvaluator.counts(truth, predicted, inside, classes));
	}

	private Properties metadata(CENetConfig config, Normalization normalization, ChannelOrder order) {
		Properties p = new Properties();
		normalization.toProperties(p, TrainedModel.NORMALIZATION_PREFIX);
		p.setProperty(TrainedModel.CHANNEL_ORDER, order.name());
		p.setProperty(TrainedModel.TRAINING_SIZE, Integer.toString(settings.trainingSize()));
		List<String> names = new ArrayList<>();
		if (config.classes() == 1) names.add("foreground");
		else for (int c = 0; c < config.classes(); c++) names.add(c == 0 ? "background" : "class" + c);
		p.setProperty(TrainedModel.CLASS_NAMES, String.join(",", names));
		p.setProperty("training.loss", settings.loss().key());
		p.setProperty("training.sampling", samplingName());
		p.setProperty("training.batch_size", Integer.toString(settings.batchSize()));
		p.setProperty("training.seed", Long.toString(settings.seed()));
		return p;
	}

	private void saveCheckpoint(TrainingGraph graph, CENetConfig config, LearningRateSchedule schedule, int epoch,
		long step, TrainingHistory history) throws IOException
	{
		Properties p = new Properties();
		p.setProperty("epoch", Integer.toString(epoch));
		p.setProperty("step", Long.toString(step));
		p.setProperty("input_channels", Integer.toString(config.inputChannels()));
		p.setProperty("classes", Integer.toString(config.classes()));
		p.setProperty("seed", Long.toString(settings.seed()));
		p.setProperty("training_size", Integer.toString(settings.trainingSize()));
		p.setProperty("batch_size", Integer.toString(settings.batchSize()));
		p.setProperty(SAMPLING_KEY, samplingName());
		schedule.save(p);
		java.io.StringWriter csv = new java.io.StringWriter();
		history.writeCsv(csv);
		p.setProperty("history_csv", csv.toString());
		// straight from TF into the file, a few tensors at a time: no heap copy of three models' worth
		Map<String, StateDict.EntrySource> groups = new LinkedHashMap<>();
		groups.put("weights", graph.weightSource());
		groups.put("adam", graph.optimizerStateSource());
		Checkpoint.saveGroups(settings.checkpointFile(), p, groups);
	}

	private static TrainingHistory historyOf(Checkpoint ck) throws IOException {
		return TrainingHistory.readCsv(new java.io.StringReader(ck.property("history_csv")));
	}

	/**
	 * The weights of a model to fine-tune; with another number of classes
	 * only the last convolution ({@code finalconv3}) starts fresh.
	 */
	static StateDict fineTuned(TrainedModel initial, CENetConfig config, ProgressListener log) {
		if (initial.config().classes() == config.classes()) return initial.weights();
		StateDict kept = new StateDict();
		for (String name : initial.weights().names())
			if (!name.startsWith(FINAL_CONV)) kept.put(name, initial.weights().get(name).shape(), initial.weights().get(name).data());
		log.log("The model has " + initial.config().classes() + " classes, the training " + config.classes()
			+ ": the last convolution (" + FINAL_CONV + ") starts fresh, every other weight from the model");
		return kept;
	}

	private static final String FINAL_CONV = "finalconv3.";

	/**
	 * The normalisation of a model to fine-tune; an image it does not suit
	 * (16-bit values for an 8-bit model) is refused, naming both.
	 */
	private Normalization normalizationOf(TrainedModel initial, TrainingSample first) {
		Normalization recorded = NetworkInput.normalizationOf(initial);
		Normalization n = recorded != null ? recorded : Normalization.defaultFor(first.bitDepth());
		try {
			n.requireSuited(first.image(), first.bitDepth());
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(first.name() + " does not suit initial_model "
				+ settings.initialModel().getFileName() + ": " + e.getMessage(), e);
		}
		return n;
	}

	/**
	 * Applies {@link TrainingSettings#ifModelExists()} before any work, so that
	 * no training silently replaces the model or checkpoint of another run.
	 *
	 * @return whether to resume from the checkpoint
	 * @throws IllegalArgumentException naming the file and the choice to make
	 */
	private boolean applyIfModelExists(ProgressListener log) throws IOException {
		Path model = settings.modelFile(), checkpoint = settings.checkpointFile();
		boolean hasModel = Files.exists(model), hasCheckpoint = Files.exists(checkpoint);
		switch (settings.ifModelExists()) {
			case OVERWRITE:
				// Its run is being replaced: a kill before the first epoch ends must not resume it later.
				Files.deleteIfExists(checkpoint);
				if (hasModel) log.log("Replacing " + model + " (" + ExistingModel.KEY + "=overwrite)");
				return false;
			case STOP:
				if (hasModel || hasCheckpoint) throw new IllegalArgumentException((hasModel ? model : checkpoint)
					+ " already exists and " + ExistingModel.KEY + "=stop; choose another model_file, or "
					+ ExistingModel.KEY + "=resume or overwrite");
				return false;
			default:
				if (hasCheckpoint) return true;
				if (hasModel) throw new IllegalArgumentException(model + " already exists and there is no checkpoint of "
					+ "an interrupted run to resume; choose another model_file, or " + ExistingModel.KEY
					+ "=overwrite to replace it");
				return false;
		}
	}

	/** A checkpoint of another run (other data shape or settings) must not be mixed into this one. */
	private static final String SAMPLING_KEY = "sampling";

	private String samplingName() { return settings.sampling().name().toLowerCase(Locale.ROOT); }

	private void requireSameRun(Properties p, CENetConfig config, Path file) {
		// sampling also decides how validation sees the images, so the monitored loss of another is not comparable;
		// checkpoints written before it was recorded resized
		String[][] expect = { { "input_channels", "" + config.inputChannels() }, { "classes", "" + config.classes() },
			{ "seed", "" + settings.seed() }, { "training_size", "" + settings.trainingSize() },
			{ "batch_size", "" + settings.batchSize() }, { SAMPLING_KEY, samplingName() } };
		for (String[] e : expect)
			if (!e[1].equals(p.getProperty(e[0], e[0].equals(SAMPLING_KEY) ? "resize" : null)))
				throw new IllegalArgumentException(file + " is a checkpoint of a different run (" + e[0] + " "
					+ p.getProperty(e[0]) + ", now " + e[1] + "); choose another model_file, or " + ExistingModel.KEY
					+ "=overwrite to start over");
	}

	private void writeHistory(TrainingHistory history) throws IOException {
		AtomicFiles.write(settings.historyFile(), out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			history.writeCsv(w);
			w.flush();
		});
	}

	private static String epochLine(int epoch, double loss, Validation v, double lr, double seconds, double eta) {
		String calibrated = v.calibration == null || !v.calibration.isDefined() ? ""
			: " (" + fmt(v.calibration.dice()) + " at threshold " + v.calibration.threshold() + ")";
		return String.format(Locale.ROOT, "Epoch %d: loss %s, val loss %s, val Dice %s%s, val AUC %s, lr %.3g, %.1f s, ETA %s",
			epoch, fmt(loss), fmt(v.loss), fmt(v.dice), calibrated, fmt(v.auc), lr, seconds, duration(eta));
	}

	private static String fmtNumber(double x) { return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x); }

	private static String fmt(double x) { return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.4f", x); }

	private static String duration(double s) {
		long m = Math.round(s / 60);
		return m >= 60 ? (m / 60) + "h" + String.format(Locale.ROOT, "%02d", m % 60) + "m" : m + "m";
	}
}
