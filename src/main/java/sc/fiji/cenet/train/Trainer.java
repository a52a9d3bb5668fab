
package sc.fiji.cenet.train;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;
import java.util.function.LongSupplier;

import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.data.BatchAssembler;
import sc.fiji.cenet.data.BatchPrefetcher;
import sc.fiji.cenet.data.Batches;
import sc.fiji.cenet.data.TrainingBatch;
import sc.fiji.cenet.data.TrainingSample;
import sc.fiji.cenet.io.Checkpoint;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.StateDictFiles;
import sc.fiji.cenet.io.StateDictImport;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.DevicePlacement;
import sc.fiji.cenet.model.JavaHeap;
import sc.fiji.cenet.model.ReusedArrays;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.model.WeightInit;
import sc.fiji.cenet.predict.PredictionMode;
import sc.fiji.cenet.progress.CancelledException;
import sc.fiji.cenet.progress.Durations;
import sc.fiji.cenet.progress.ProgressListener;
import sc.fiji.cenet.train.Validator.Validation;

/**
 * Trains CE-Net from an image folder and a mask folder, in named steps:
 * {@link #applyIfModelExists} (resume, overwrite or stop), the data
 * ({@link TrainingData}), the starting weights ({@link #startingWeights}:
 * fresh, encoder, model to fine-tune, or a checkpoint), then epochs
 * ({@link #trainEpoch}) each followed by the schedule's decision,
 * {@link #validate validation} when due and {@link #saveEpoch saving}.
 * <p>
 * The budget is the epochs and, with a time limit, the minutes
 * ({@link TrainingBudget}); the cosine schedule anneals over all of it and the
 * run ends at the epoch end nearest to the limit. Validation predicts the
 * validation images as CE-Net Predict will ({@link Validator}); the model file
 * holds the validated epoch with the best Dice at its calibrated threshold
 * (plateau schedule: the lowest validation loss), with that threshold. After
 * every epoch the history and a checkpoint with the full state (weights, Adam
 * moments, step, schedule, history, clock, the run's fingerprint) are written;
 * batches are a function of (seed, epoch), so a run resumed from a checkpoint
 * continues as the uninterrupted run would have.
 */
public final class Trainer {

	/**
	 * Validation may take this share of the training time when its interval is
	 * automatic.
	 */
	static final double VALIDATION_SHARE = 0.1;

	private final TrainingSettings settings;
	private final RunFiles files;
	private final LongSupplier nanoClock;

	public Trainer(TrainingSettings settings) {
		this(settings, System::nanoTime);
	}

	/**
	 * @param nanoClock the clock of the time limit and the epoch timings (tests
	 *          give a stub)
	 */
	Trainer(TrainingSettings settings, LongSupplier nanoClock) {
		this.settings = settings;
		this.files = settings.files();
		this.nanoClock = nanoClock;
	}

	/** Where a run stands: what a checkpoint holds besides the tensors. */
	private static final class RunState {

		int epoch; // the last epoch done
		long step;
		/**
		 * Why the run ended, once it has (its checkpoint outlives it only when a
		 * kill comes before its deletion); null while it goes on.
		 */
		String ended;
		double elapsedSeconds, epochSeconds = Double.NaN, secondsSinceValidation;
		/** The shortest validation measured; 0 before the first. */
		double validationSeconds;
		TrainingHistory history = new TrainingHistory();
		/**
		 * Cosine: the kept epoch and its figure (higher is better); NaN before the
		 * first save.
		 */
		int bestEpoch;
		double bestFigure = Double.NEGATIVE_INFINITY;
		/**
		 * The metadata of the model file (of the kept epoch), null before the first
		 * save.
		 */
		Properties modelMetadata;
		BestWeights best;
	}

	public TrainingResult train(ProgressListener listener) throws IOException {
		ProgressListener log = listener == null ? ProgressListener.NONE : listener;
		boolean resume = applyIfModelExists(log);
		TrainingData.Pairs pairs = TrainingData.Pairs.of(settings, log);
		RunFingerprint fingerprint = RunFingerprint.of(settings, pairs.training,
			pairs.validation, settings.inputChannels());
		Checkpoint checkpoint = resume ? Checkpoint.load(files.checkpoint()) : null;
		if (checkpoint != null) requireSameRun(checkpoint.properties(),
			fingerprint);
		TrainingData data = TrainingData.load(settings, pairs, log);
		// the run being replaced loses its checkpoint only now that this one's
		// inputs are good (a kill before the first epoch ends must not resume it)
		if (settings.ifModelExists() == ExistingModel.OVERWRITE) Files
			.deleteIfExists(files.checkpoint());
		CENetConfig config = data.config;
		int stepImages = Math.min(settings.batchSize(), data.training.size());
		// as many tiles at once as a training step holds images, at most
		Validator validator = new Validator(data.validation, config.classes(),
			settings.loss(), stepImages);

		log.progress(0, "Building CE-Net " + config + " for " + settings
			.trainingSize() + " x " + settings.trainingSize());
		log.log(DevicePlacement.describe(settings.useGpu()));
		try (TrainingGraph graph = new TrainingGraph(config, settings.loss(),
			frozen(config), settings.useGpu(), stepImages))
		{
			LearningRateSchedule plateau = new LearningRateSchedule(settings
				.learningRate(), settings.patience(), settings.stopPatience(), settings
					.minLearningRate());
			RunState state = checkpoint != null ? resumed(checkpoint, graph, plateau,
				data, log) : startingWeights(graph, data, log);
			checkpoint = null; // its tensors are in TF now
			JavaHeap.releaseLoadingGarbage();
			return epochs(graph, data, validator, plateau, state, fingerprint, log);
		}
	}

	/** The parameters {@code freeze_encoder} keeps fixed. */
	private List<String> frozen(CENetConfig config) {
		List<String> frozen = new ArrayList<>();
		if (settings.freezeEncoder())
			for (CENetArchitecture.Param p : new CENetArchitecture(config).params())
			if (CENetArchitecture.isEncoder(p.name)) frozen.add(p.name);
		return frozen;
	}

	/**
	 * The starting weights of a new run: random, with the encoder or the whole
	 * model given.
	 */
	private RunState startingWeights(TrainingGraph graph, TrainingData data,
		ProgressListener log) throws IOException
	{
		RunState state = new RunState();
		CENetConfig config = data.config;
		if (data.initial == null && settings.encoderWeights() == null) {
			// made one tensor at a time as TF takes them, again if the schedule
			// reloads them
			Function<String, StateDict.Entry> init = WeightInit.lazy(config, settings
				.seed(), new ReusedArrays());
			graph.initialize(init);
			state.best = BestWeights.inMemory(init);
			return state;
		}
		StateDict init = WeightInit.random(config, settings.seed());
		if (data.initial != null) {
			init = StateDictImport.merge(init, fineTuned(data.initial, config, log));
			log.log("All weights and batch-norm statistics start from " + settings
				.initialModel().getFileName());
		}
		if (settings.encoderWeights() != null) {
			StateDict encoder = StateDictImport.encoder(StateDictFiles.read(settings
				.encoderWeights()), config, settings.encoderWeights().getFileName()
					.toString());
			init = StateDictImport.merge(init, encoder);
			log.log("Encoder initialised from " + settings.encoderWeights()
				.getFileName());
		}
		graph.initialize(init);
		state.best = BestWeights.inMemory(init::get);
		return state;
	}

	/**
	 * The state of a checkpoint of this run. A kill between the checkpoint and
	 * the model write of its epoch left the model behind it: it is written now
	 * from the checkpoint's weights, which are that epoch's.
	 */
	private RunState resumed(Checkpoint ck, TrainingGraph graph,
		LearningRateSchedule plateau, TrainingData data, ProgressListener log)
		throws IOException
	{
		RunState state = new RunState();
		graph.restore(ck.group(RunFiles.WEIGHTS_GROUP), ck.group(
			RunFiles.ADAM_GROUP));
		if (settings.schedule() == ScheduleKind.PLATEAU) plateau.restore(ck
			.properties());
		state.epoch = Integer.parseInt(ck.property(RunFiles.EPOCH));
		state.step = Long.parseLong(ck.property(RunFiles.STEP));
		state.elapsedSeconds = Double.parseDouble(ck.property(
			RunFiles.ELAPSED_SECONDS));
		state.epochSeconds = Double.parseDouble(ck.property(
			RunFiles.EPOCH_SECONDS));
		state.validationSeconds = Double.parseDouble(ck.property(
			RunFiles.VALIDATION_SECONDS));
		state.secondsSinceValidation = Double.parseDouble(ck.property(
			RunFiles.SECONDS_SINCE_VALIDATION));
		state.history = TrainingHistory.readCsv(new StringReader(ck.property(
			RunFiles.HISTORY_CSV)));
		state.bestEpoch = Integer.parseInt(ck.property(RunFiles.BEST_EPOCH));
		state.bestFigure = Double.parseDouble(ck.property(RunFiles.BEST_FIGURE));
		state.ended = ck.property(RunFiles.ENDED);
		Properties modelMetadata = withPrefix(ck.properties(), MODEL_PREFIX);
		state.modelMetadata = modelMetadata.isEmpty() ? null : modelMetadata;
		Path model = files.model();
		if (state.modelMetadata != null && !Integer.toString(state.bestEpoch)
			.equals(Files.exists(model) ? ModelFile.loadMetadata(model).getProperty(
				TrainedModel.TRAINING_EPOCH) : null))
		{
			// only the epoch of the checkpoint can be missing: each model write
			// follows its checkpoint
			ModelFile.save(model, TrainedModel.withoutWeights(data.config,
				state.modelMetadata, state.history), graph.weightSource());
			log.log("Wrote the model of epoch " + state.bestEpoch +
				", which an interruption had left unwritten");
		}
		state.best = Files.exists(model) ? BestWeights.inFile(model) : BestWeights
			.inMemory(graph.weights()::get);
		log.log("Resuming from " + files.checkpoint().getFileName() +
			" after epoch " + state.epoch);
		return state;
	}

	private TrainingResult epochs(TrainingGraph graph, TrainingData data,
		Validator validator, LearningRateSchedule plateau, RunState state,
		RunFingerprint fingerprint, ProgressListener log) throws IOException
	{
		boolean cosineSchedule = settings.schedule() == ScheduleKind.COSINE;
		CosineSchedule cosine = new CosineSchedule(settings.learningRate());
		TrainingBudget budget = new TrainingBudget(settings.epochs(), settings
			.timeLimitMinutes(), nanoClock, state.elapsedSeconds);
		BatchAssembler assembler = data.trainingAssembler(settings);
		Properties metadata = metadata(data);
		int batchesPerEpoch = Batches.count(data.training.size(), settings
			.batchSize());
		log.log(scheduleLine(validator.isEmpty()));
		String stopReason = "all " + settings.epochs() + " epochs done";
		// false when the run may be continued (cancelled); a run whose loss became
		// non-finite has ended: continuing would diverge again
		boolean finished = true;
		for (int epoch = state.epoch + 1;; epoch++) {
			if (state.ended != null) { // resumed after its end: no epoch more
				stopReason = state.ended;
				break;
			}
			long t0 = nanoClock.getAsLong();
			int done = epoch - 1;
			IntToDoubleFunction rate = cosineSchedule ? s -> cosine.learningRate(
				budget.progress(done, (s - 0.5) / batchesPerEpoch)) : s -> plateau
					.learningRate();
			EpochLoss loss;
			try {
				loss = trainEpoch(graph, assembler, data.training, epoch, state.step,
					rate, budget, log, batchesPerEpoch);
			}
			catch (CancelledException e) {
				stopReason = "cancelled by the user during epoch " + epoch;
				finished = false;
				break;
			}
			state.step += loss.steps;
			double trainSeconds = (nanoClock.getAsLong() - t0) / 1e9;
			state.epochSeconds = Double.isNaN(state.epochSeconds) ? trainSeconds
				: (state.epochSeconds + trainSeconds) / 2;
			state.secondsSinceValidation += trainSeconds;
			// the last step's update shows in the weights only
			boolean diverged = !Double.isFinite(loss.mean) || !graph.weightsFinite();
			if (diverged) {
				// batches and rates are a function of seed and epoch: a resume would
				// diverge again at the same step, so the run ends with what to change
				stopReason = (Double.isFinite(loss.mean) ? "the weights became NaN"
					: "the training loss became " + loss.mean) + " in epoch " + epoch +
					"; lower learning_rate (now " + number(settings.learningRate()) +
					") or check the input data, and run again with " + ExistingModel.KEY +
					"=overwrite";
				break;
			}
			// the rate of the epoch's last step: before a halving and the time of
			// validation change it
			double lr = rate.applyAsDouble(batchesPerEpoch);
			boolean last = budget.isLastEpoch(epoch, state.epochSeconds, validator
				.isEmpty() ? 0 : state.validationSeconds);
			Validation v = new Validation();
			boolean validated = !validator.isEmpty() && (last || isValidationDue(
				epoch, state));
			if (validated) {
				long v0 = nanoClock.getAsLong();
				ProgressListener validating = validating(epoch, budget, log);
				validating.progress(0, "on " + validator.imageCount() + " images");
				try {
					v = validate(graph, validator, data, metadata, validating);
				}
				catch (CancelledException e) {
					// the epoch is not saved: a resume trains it again
					stopReason = "cancelled by the user while validating epoch " + epoch;
					finished = false;
					break;
				}
				// the shortest validation measured: every validation does the same
				// work, and a stall (a laptop suspended, a paused process) only
				// lengthens one; taken as the cost, it stopped further validations
				// for the rest of the run and ended a timed run early
				double measured = (nanoClock.getAsLong() - v0) / 1e9;
				state.validationSeconds = state.validationSeconds > 0 ? Math.min(
					state.validationSeconds, measured) : measured;
				state.secondsSinceValidation = 0;
				// a due validation can serve as the last: going on costs an epoch and
				// the final validation, which may end further past the limit
				last = last || budget.isLastEpoch(epoch, state.epochSeconds +
					state.validationSeconds, 0);
			}
			// the kept epoch: by the plateau's monitored loss, or by the figure masks
			// will have
			boolean improved;
			LearningRateSchedule.Decision decision =
				LearningRateSchedule.Decision.CONTINUE;
			if (!cosineSchedule) {
				decision = plateau.update(epoch, validator.isEmpty() ? loss.mean
					: v.loss);
				improved = decision == LearningRateSchedule.Decision.IMPROVED;
			}
			else {
				double figure = validator.isEmpty() ? -loss.mean : validated ? v
					.figure() : Double.NaN;
				// false for NaN: an epoch not validated
				improved = figure > state.bestFigure;
				if (improved) state.bestFigure = figure;
			}
			if (improved) {
				state.bestEpoch = epoch;
				state.modelMetadata = withValidation(metadata, v, epoch);
			}
			double seconds = (nanoClock.getAsLong() - t0) / 1e9;
			state.history.add(new TrainingHistory.Epoch(epoch, loss.mean, v.loss,
				v.dice, v.auc, lr, seconds).withValDiceCalibrated(v.diceCalibrated()));
			state.epoch = epoch;
			state.elapsedSeconds = budget.elapsedSeconds();
			// reloaded before the checkpoint, which must hold what the next epoch
			// starts from (a resume does not replay the decision)
			if (decision == LearningRateSchedule.Decision.HALVE_AND_RELOAD_BEST) {
				state.best.loadInto(graph);
				log.log(String.format(Locale.ROOT,
					"No improvement for %d epochs: reloaded epoch %d, learning rate %.3g",
					settings.patience() + 1, plateau.bestEpoch(), plateau
						.learningRate()));
			}
			if (decision == LearningRateSchedule.Decision.STOP) state.ended =
				"early stop: " + plateau.stopReason();
			else if (last) state.ended = epoch < settings.epochs() ? String.format(
				Locale.ROOT,
				"time limit of %s minutes: ended after epoch %d (%.1f minutes), the epoch end nearest to it",
				number(settings.timeLimitMinutes()), epoch, budget.elapsedSeconds() /
					60) : stopReason;
			saveEpoch(graph, plateau, state, fingerprint, improved);
			if (epoch == 1 && budget.hasTimeLimit() && cosineSchedule) log.log(
				fittedLine(budget, state, validator.isEmpty()));
			log.progress(budget.progress(epoch, 0), epochLine(epoch, loss.mean, v, lr,
				seconds, eta(budget, state, epoch)));
			if (state.ended != null) {
				stopReason = state.ended;
				break;
			}
			if (log.isCancelled()) {
				stopReason = "cancelled by the user after epoch " + epoch;
				finished = false;
				break;
			}
		}
		// this run's model: an older file that if_model_exists=overwrite has not
		// replaced yet is not
		Path model = state.modelMetadata != null && Files.exists(files.model())
			? files.model() : null;
		// A finished run needs no checkpoint (it is the size of three models); an
		// interrupted one resumes from it.
		if (finished && model != null) Files.deleteIfExists(files.checkpoint());
		int bestEpoch = model == null ? 0 : state.bestEpoch;
		log.log("Training ended: " + stopReason + (model == null
			? "; no model was saved" : "; the model of epoch " + bestEpoch +
				" is in " + model) + (finished || !Files.exists(files.checkpoint()) ? ""
					: "; run again with " + ExistingModel.KEY +
						"=resume to continue from " + files.checkpoint().getFileName()));
		if (model != null && state.modelMetadata != null) log.log(thresholdLine(
			state.modelMetadata, data.config.classes(), !validator.isEmpty()));
		return new TrainingResult(model, files.history(), state.history, stopReason,
			bestEpoch);
	}

	/**
	 * Whether to validate after this epoch (the last is always validated): every
	 * epoch with the plateau schedule, every {@code validationInterval} epochs
	 * when set, else the first epoch and then once validation would take no more
	 * than {@value #VALIDATION_SHARE} of the training time since the last.
	 */
	private boolean isValidationDue(int epoch, RunState state) {
		if (settings.schedule() == ScheduleKind.PLATEAU) return true; // its
																																	// counters
																																	// count
																																	// validations
		if (settings.validationInterval() > 0) return epoch % settings
			.validationInterval() == 0;
		if (state.validationSeconds == 0) return true;
		return state.secondsSinceValidation *
			VALIDATION_SHARE >= state.validationSeconds;
	}

	private static final class EpochLoss {

		final double mean;
		final int steps;

		EpochLoss(double mean, int steps) {
			this.mean = mean;
			this.steps = steps;
		}
	}

	/**
	 * One pass over the training set, step {@code s} (1-based within the epoch)
	 * at the learning rate {@code rate(s)}; the next batch is assembled on
	 * another thread meanwhile.
	 */
	private EpochLoss trainEpoch(TrainingGraph graph, BatchAssembler assembler,
		List<TrainingSample> train, int epoch, long stepsBefore,
		IntToDoubleFunction rate, TrainingBudget budget, ProgressListener log,
		int batchesPerEpoch) throws IOException
	{
		List<int[]> batches = Batches.forEpoch(train.size(), settings.batchSize(),
			settings.seed(), epoch);
		double sum = 0;
		int images = 0, steps = 0;
		try (BatchPrefetcher<TrainingBatch> prefetch = new BatchPrefetcher<>(batches
			.size(), i -> assembler.assemble(train, batches.get(i), settings.seed(),
				epoch), 2))
		{
			while (prefetch.hasNext()) {
				log.checkCancelled();
				TrainingBatch b = prefetch.next();
				steps++;
				float l = graph.step(b.images(), b.targets(), b.weights(), b.size(), b
					.height(), b.width(), rate.applyAsDouble(steps), stepsBefore + steps);
				if (!Float.isFinite(l)) return new EpochLoss(l, steps);
				sum += (double) l * b.size();
				images += b.size();
				log.progress(budget.progress(epoch - 1, (double) steps /
					batchesPerEpoch), "Epoch " + epoch + ": batch " + steps + " of " +
						batchesPerEpoch + ", loss " + fmt(l));
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancelledException();
		}
		return new EpochLoss(sum / Math.max(1, images), steps);
	}

	/**
	 * The validation figures of the current weights, predicted as CE-Net Predict
	 * will predict with the model.
	 */
	private static Validation validate(TrainingGraph graph, Validator validator,
		TrainingData data, Properties metadata, ProgressListener progress)
	{
		return validator.validate(graph.tileModel(), TrainedModel.withoutWeights(
			data.config, metadata, new TrainingHistory()), progress);
	}

	/**
	 * The validation's reports as the epoch's ({@code Epoch N: validating image 1
	 * of 3, tile 2 of 4}), at the budget's progress; the user's cancel reaches
	 * the prediction.
	 */
	private static ProgressListener validating(int epoch, TrainingBudget budget,
		ProgressListener log)
	{
		return new ProgressListener() {

			@Override
			public void progress(double fraction, String message) {
				log.progress(budget.progress(epoch, 0), "Epoch " + epoch +
					": validating" + (message == null ? "" : " " + message));
			}

			@Override
			public boolean isCancelled() {
				return log.isCancelled();
			}

			@Override
			public void log(String line) {
				log.log(line);
			}
		};
	}

	/**
	 * Writes what an epoch leaves: the history, the checkpoint, then the model
	 * when the epoch is the new kept one. The model comes last, so that a kill
	 * between the two leaves a checkpoint that knows the model is behind
	 * ({@link #resumed}), never a model without its checkpoint.
	 */
	private void saveEpoch(TrainingGraph graph, LearningRateSchedule plateau,
		RunState state, RunFingerprint fingerprint, boolean improved)
		throws IOException
	{
		writeHistory(state.history);
		Properties p = new Properties();
		p.setProperty(RunFiles.EPOCH, Integer.toString(state.epoch));
		p.setProperty(RunFiles.STEP, Long.toString(state.step));
		p.setProperty(RunFiles.ELAPSED_SECONDS, Double.toString(
			state.elapsedSeconds));
		p.setProperty(RunFiles.EPOCH_SECONDS, Double.toString(state.epochSeconds));
		p.setProperty(RunFiles.VALIDATION_SECONDS, Double.toString(
			state.validationSeconds));
		p.setProperty(RunFiles.SECONDS_SINCE_VALIDATION, Double.toString(
			state.secondsSinceValidation));
		p.setProperty(RunFiles.BEST_EPOCH, Integer.toString(state.bestEpoch));
		p.setProperty(RunFiles.BEST_FIGURE, Double.toString(state.bestFigure));
		if (state.ended != null) p.setProperty(RunFiles.ENDED, state.ended);
		if (state.modelMetadata != null) state.modelMetadata.stringPropertyNames()
			.forEach(k -> p.setProperty(MODEL_PREFIX + k, state.modelMetadata
				.getProperty(k)));
		fingerprint.write(p);
		plateau.save(p);
		StringWriter csv = new StringWriter();
		state.history.writeCsv(csv);
		p.setProperty(RunFiles.HISTORY_CSV, csv.toString());
		// straight from TF into the file, a few tensors at a time: no heap copy of
		// three models' worth
		Map<String, StateDict.EntrySource> groups = new LinkedHashMap<>();
		groups.put(RunFiles.WEIGHTS_GROUP, graph.weightSource());
		groups.put(RunFiles.ADAM_GROUP, graph.optimizerStateSource());
		Checkpoint.saveGroups(files.checkpoint(), p, groups);
		if (improved) {
			ModelFile.save(files.model(), TrainedModel.withoutWeights(graph.config(),
				state.modelMetadata, state.history), graph.weightSource());
			state.best.savedTo(files.model());
		}
	}

	/**
	 * Checkpoint key prefix of the metadata of the model file, to write it again
	 * after a kill.
	 */
	private static final String MODEL_PREFIX = "model.";

	private static Properties withPrefix(Properties p, String prefix) {
		Properties out = new Properties();
		for (String k : p.stringPropertyNames())
			if (k.startsWith(prefix)) out.setProperty(k.substring(prefix.length()), p
				.getProperty(k));
		return out;
	}

	/**
	 * The model metadata of this run: how its images are prepared and predicted,
	 * and how it was trained.
	 */
	private Properties metadata(TrainingData data) {
		Properties p = new Properties();
		data.normalization.toProperties(p, TrainedModel.NORMALIZATION_PREFIX);
		p.setProperty(TrainedModel.CHANNEL_ORDER, data.channelOrder.name());
		p.setProperty(TrainedModel.TRAINING_SIZE, Integer.toString(settings
			.trainingSize()));
		// validation predicts in the model's auto mode: tiles of the training size
		// at the images' own scale
		p.setProperty(TrainedModel.PREDICTION_MODE, PredictionMode.AUTO.key());
		List<String> names = new ArrayList<>();
		if (data.config.classes() == 1) names.add("foreground");
		else for (int c = 0; c < data.config.classes(); c++)
			names.add(c == 0 ? "background" : "class" + c);
		p.setProperty(TrainedModel.CLASS_NAMES, String.join(",", names));
		p.setProperty("training.loss", settings.loss().key());
		p.setProperty("training.sampling", settings.sampling().name().toLowerCase(
			Locale.ROOT));
		p.setProperty("training.batch_size", Integer.toString(settings
			.batchSize()));
		p.setProperty("training.seed", Long.toString(settings.seed()));
		p.setProperty("training.schedule", settings.schedule().key());
		p.setProperty("training.learning_rate", Double.toString(settings
			.learningRate()));
		p.setProperty("training.epochs", Integer.toString(settings.epochs()));
		p.setProperty("training.time_limit", Double.toString(settings
			.timeLimitMinutes()));
		p.setProperty("training.augmentation", AugmentationSettings.nameOf(settings
			.augmentation()));
		p.setProperty("training.images", Integer.toString(data.training.size()));
		p.setProperty("training.validation_images", Integer.toString(data.validation
			.size()));
		return p;
	}

	/**
	 * The metadata of a model saved after epoch {@code epoch} with validation
	 * {@code v}: with its calibrated threshold and both validation Dice values
	 * when there is one (1 class, validation images holding foreground).
	 */
	static Properties withValidation(Properties metadata, Validation v,
		int epoch)
	{
		Properties p = new Properties();
		p.putAll(metadata);
		p.setProperty(TrainedModel.TRAINING_EPOCH, Integer.toString(epoch));
		if (!Double.isNaN(v.auc)) p.setProperty(TrainedModel.VALIDATION_AUC, Double
			.toString(v.auc));
		if (!Double.isNaN(v.dice) && v.calibration == null) p.setProperty(
			TrainedModel.VALIDATION_MEAN_DICE, Double.toString(v.dice));
		if (v.calibration != null && v.calibration.isDefined()) {
			p.setProperty(TrainedModel.THRESHOLD, Double.toString(v.calibration
				.threshold()));
			p.setProperty(TrainedModel.VALIDATION_DICE_AT_HALF, Double.toString(
				v.dice));
			p.setProperty(TrainedModel.VALIDATION_DICE_CALIBRATED, Double.toString(
				v.calibration.dice()));
		}
		return p;
	}

	/** What threshold the saved model gives its masks, and why. */
	static String thresholdLine(Properties metadata, int classes,
		boolean validation)
	{
		String threshold = metadata.getProperty(TrainedModel.THRESHOLD);
		if (threshold != null) return "Threshold " + threshold +
			" calibrated on the validation images as CE-Net " +
			"Predict predicts them: Dice " + fmt(Double.parseDouble(metadata
				.getProperty(TrainedModel.VALIDATION_DICE_CALIBRATED))) + ", at 0.5 " +
			fmt(Double.parseDouble(metadata.getProperty(
				TrainedModel.VALIDATION_DICE_AT_HALF))) +
			"; stored in the model, CE-Net Predict uses it for masks";
		return "No threshold calibrated (" + (classes > 1 ? "several classes"
			: !validation ? "no validation images"
				: "no foreground in the validation images") + "): masks use " +
			TrainedModel.DEFAULT_THRESHOLD;
	}

	/**
	 * The most probable class of pixel i (the lowest on a tie); probabilities are
	 * interleaved, class fastest.
	 */
	static int argmax(float[] probabilities, int i, int classes) {
		int arg = 0;
		for (int c = 1; c < classes; c++)
			if (probabilities[i * classes + c] > probabilities[i * classes + arg])
				arg = c;
		return arg;
	}

	/**
	 * Validation Dice with N classes: the metrics' mean foreground-class Dice
	 * over the pixels inside the FOV.
	 */
	static double multiclassDice(int[] truth, int[] predicted, boolean[] inside,
		int classes)
	{
		return sc.fiji.cenet.metrics.MulticlassEvaluator.meanForegroundDice(
			sc.fiji.cenet.metrics.MulticlassEvaluator.counts(truth, predicted, inside,
				classes));
	}

	/**
	 * The weights of a model to fine-tune; with another number of classes only
	 * the last convolution ({@code finalconv3}) starts fresh.
	 */
	static StateDict fineTuned(TrainedModel initial, CENetConfig config,
		ProgressListener log)
	{
		if (initial.config().classes() == config.classes()) return initial
			.weights();
		StateDict kept = new StateDict();
		for (String name : initial.weights().names())
			if (!name.startsWith(FINAL_CONV)) kept.put(name, initial.weights().get(
				name).shape(), initial.weights().get(name).data());
		log.log("The model has " + initial.config().classes() +
			" classes, the training " + config.classes() +
			": the last convolution (" + FINAL_CONV +
			") starts fresh, every other weight from the model");
		return kept;
	}

	private static final String FINAL_CONV = "finalconv3.";

	/**
	 * Applies {@link TrainingSettings#ifModelExists()} before any work, so that
	 * no training silently replaces the model or checkpoint of another run.
	 *
	 * @return whether to resume from the checkpoint
	 * @throws ModelInTheWayException naming the file and the choice to make
	 */
	private boolean applyIfModelExists(ProgressListener log) throws IOException {
		Path model = files.model(), checkpoint = files.checkpoint();
		boolean hasModel = Files.exists(model), hasCheckpoint = Files.exists(
			checkpoint);
		switch (settings.ifModelExists()) {
			case OVERWRITE:
				// its checkpoint goes once this run's inputs are read
				if (hasModel) log.log("Replacing " + model + " (" + ExistingModel.KEY +
					"=overwrite)");
				return false;
			case STOP:
				if (hasModel || hasCheckpoint) throw new ModelInTheWayException(
					(hasModel ? model : checkpoint) + " already exists and " +
						ExistingModel.KEY + "=stop; choose another model_file, or " +
						ExistingModel.KEY + "=resume or overwrite");
				return false;
			default:
				if (hasCheckpoint) return true;
				if (hasModel) throw new ModelInTheWayException(model +
					" already exists and there is no checkpoint of " +
					"an interrupted run to resume; choose another model_file, or " +
					ExistingModel.KEY + "=overwrite to replace it");
				return false;
		}
	}

	/**
	 * A checkpoint of another run (other data or settings) must not be mixed into
	 * this one.
	 */
	private void requireSameRun(Properties checkpoint,
		RunFingerprint fingerprint)
	{
		String difference = fingerprint.difference(checkpoint);
		if (difference != null) throw new ModelInTheWayException(files
			.checkpoint() + " is a checkpoint of a " + "different run: " +
			difference +
			"; run the same command to continue it, or choose another model_file, or " +
			ExistingModel.KEY + "=overwrite to start over");
	}

	private void writeHistory(TrainingHistory history) throws IOException {
		sc.fiji.cenet.io.AtomicFiles.write(files.history(), out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			history.writeCsv(w);
			w.flush();
		});
	}

	/** How the learning rate will change, said before the first epoch. */
	private String scheduleLine(boolean noValidation) {
		String lr = String.format(Locale.ROOT, "%.3g", settings.learningRate());
		if (settings.schedule() == ScheduleKind.PLATEAU)
			return "Schedule: plateau from learning rate " + lr + " (halved after " +
				(settings.patience() + 1) + " epochs without improvement of the " +
				(noValidation ? "training" : "validation") + " loss, stop after " +
				(settings.stopPatience() + 1) + ")" + budgetWords();
		return String.format(Locale.ROOT,
			"Schedule: warm-up over the first %.0f%% of the budget, then cosine decay of the " +
				"learning rate from %s to 0 at its end%s", CosineSchedule.WARMUP * 100,
			lr, budgetWords());
	}

	private String budgetWords() {
		String epochs = settings.epochs() + " epochs";
		return settings.timeLimitMinutes() > 0 ? " (budget: " + number(settings
			.timeLimitMinutes()) + " minutes or " + epochs +
			", whichever ends first; training ends at the epoch end nearest to the time limit)"
			: " (budget: " + epochs + ")";
	}

	/**
	 * What validation adds to an epoch on average, from the last one's duration
	 * and {@link #isValidationDue}'s rule.
	 */
	private double validationSecondsPerEpoch(RunState state) {
		if (settings.schedule() == ScheduleKind.PLATEAU)
			return state.validationSeconds;
		if (settings.validationInterval() > 0) return state.validationSeconds /
			settings.validationInterval();
		return Math.min(state.validationSeconds, state.epochSeconds *
			VALIDATION_SHARE);
	}

	/** How the first epoch fitted the schedule to the time limit. */
	private String fittedLine(TrainingBudget budget, RunState state,
		boolean noValidation)
	{
		double perEpoch = state.epochSeconds + (noValidation ? 0
			: validationSecondsPerEpoch(state));
		int fit = (int) Math.min(budget.epochs(), Math.max(1, Math.round(budget
			.limitSeconds() / perEpoch)));
		// epoch 1 is not validated when validation_interval skips it
		String took = noValidation || state.validationSeconds == 0 ? "" : String
			.format(Locale.ROOT, " and its validation %.1f s",
				state.validationSeconds);
		String validated = noValidation ? "" : settings.validationInterval() > 0
			? ", validated every " + settings.validationInterval() +
				" epochs and after the last" : String.format(Locale.ROOT,
					", validated about every %d epochs and after the last", Math.max(1,
						(int) Math.ceil(state.validationSeconds / VALIDATION_SHARE /
							state.epochSeconds)));
		return String.format(Locale.ROOT,
			"Schedule fitted to the time limit: epoch 1 took %.1f s%s, so about %d epochs " +
				"fit in %s minutes; the learning rate reaches 0 at the limit%s",
			state.epochSeconds, took, fit, number(budget.limitSeconds() / 60),
			validated);
	}

	/**
	 * Seconds left: to the time limit, or the remaining epochs at the current
	 * pace.
	 */
	private double eta(TrainingBudget budget, RunState state, int epoch) {
		int left = budget.epochs() - epoch;
		double byEpochs = left * (state.epochSeconds + validationSecondsPerEpoch(
			state));
		return budget.hasTimeLimit() ? Math.min(byEpochs, Math.max(0, budget
			.limitSeconds() - budget.elapsedSeconds())) : byEpochs;
	}

	private static String epochLine(int epoch, double loss, Validation v,
		double lr, double seconds, double eta)
	{
		String validation = "";
		if (!Double.isNaN(v.loss)) {
			String calibrated = v.calibration == null || !v.calibration.isDefined()
				? "" : " (" + fmt(v.calibration.dice()) + " at threshold " +
					v.calibration.threshold() + ")";
			validation = String.format(Locale.ROOT,
				", val loss %s, val Dice %s%s, val AUC %s", fmt(v.loss), fmt(v.dice),
				calibrated, fmt(v.auc));
		}
		return String.format(Locale.ROOT,
			"Epoch %d: loss %s%s, lr %.3g, %.1f s, ETA %s", epoch, fmt(loss),
			validation, lr, seconds, Durations.text(eta));
	}

	private static String number(double x) {
		return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
	}

	private static String fmt(double x) {
		return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.4f", x);
	}

}
