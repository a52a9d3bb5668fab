
package sc.fiji.cenet.train;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.data.SamplingMode;
import sc.fiji.cenet.model.CENetConfig;

/**
 * Everything a training run needs. Defaults: as the reference code, 448 x 448
 * input (images resized), 300 epochs and Dice + BCE (the loss it meant to use);
 * chosen by cross-validation on DRIVE (docs/benchmarks.md), batch 2, Adam lr
 * 5e-4 and flips and quarter turns as augmentation (the reference: batch 4, lr
 * 2e-4, also colour and shift-scale-rotate jitter), and a cosine schedule over
 * the whole budget (the reference: plateau).
 */
public final class TrainingSettings {

	private final File imageDir, maskDir, fovDir, validationImageDir,
			validationMaskDir;
	private final double validationFraction;
	private final int classes, inputChannels, trainingSize, batchSize, epochs;
	private final double learningRate, timeLimitMinutes;
	private final LossKind loss;
	private final AugmentationSettings augmentation;
	private final SamplingMode sampling;
	private final long seed;
	private final Path encoderWeights, modelFile, initialModel;
	private final boolean freezeEncoder, useGpu;
	private final ExistingModel ifModelExists;
	private final int patience, stopPatience;
	private final double minLearningRate;
	private final ScheduleKind schedule;
	private final int validationInterval;

	private TrainingSettings(Builder b) {
		imageDir = b.imageDir;
		maskDir = b.maskDir;
		modelFile = b.modelFile;
		fovDir = b.fovDir;
		validationImageDir = b.validationImageDir;
		validationMaskDir = b.validationMaskDir;
		validationFraction = b.validationFraction;
		classes = b.classes;
		inputChannels = b.inputChannels;
		trainingSize = b.trainingSize;
		batchSize = b.batchSize;
		epochs = b.epochs;
		learningRate = b.learningRate;
		loss = b.loss();
		augmentation = b.augmentation;
		sampling = b.sampling;
		seed = b.seed;
		encoderWeights = b.encoderWeights;
		initialModel = b.initialModel;
		freezeEncoder = b.freezeEncoder;
		useGpu = b.useGpu;
		ifModelExists = b.ifModelExists;
		timeLimitMinutes = b.timeLimitMinutes;
		patience = b.patience;
		stopPatience = b.stopPatience;
		minLearningRate = b.minLearningRate;
		schedule = b.schedule;
		validationInterval = b.validationInterval;
	}

	public static Builder builder() {
		return new Builder();
	}

	public File imageDir() {
		return imageDir;
	}

	public File maskDir() {
		return maskDir;
	}

	/** Field-of-view masks (loss ignores pixels outside), or null. */
	public File fovDir() {
		return fovDir;
	}

	public File validationImageDir() {
		return validationImageDir;
	}

	public File validationMaskDir() {
		return validationMaskDir;
	}

	public double validationFraction() {
		return validationFraction;
	}

	public int classes() {
		return classes;
	}

	/** 1 or 3, or 0 to take it from the first training image. */
	public int inputChannels() {
		return inputChannels;
	}

	public int trainingSize() {
		return trainingSize;
	}

	public int batchSize() {
		return batchSize;
	}

	public int epochs() {
		return epochs;
	}

	public double learningRate() {
		return learningRate;
	}

	public LossKind loss() {
		return loss;
	}

	public AugmentationSettings augmentation() {
		return augmentation;
	}

	public SamplingMode sampling() {
		return sampling;
	}

	public long seed() {
		return seed;
	}

	/**
	 * A torchvision ResNet-34 (or CE-Net) state_dict as .npz for the encoder, or
	 * null.
	 */
	public Path encoderWeights() {
		return encoderWeights;
	}

	public boolean freezeEncoder() {
		return freezeEncoder;
	}

	public boolean useGpu() {
		return useGpu;
	}

	public Path modelFile() {
		return modelFile;
	}

	/** The model whose weights training starts from (fine-tuning), or null. */
	public Path initialModel() {
		return initialModel;
	}

	/** What to do when the model file or its checkpoint exists already. */
	public ExistingModel ifModelExists() {
		return ifModelExists;
	}

	/**
	 * Stop after the epoch during which this many minutes have passed; 0 = no
	 * limit.
	 */
	public double timeLimitMinutes() {
		return timeLimitMinutes;
	}

	public int patience() {
		return patience;
	}

	public int stopPatience() {
		return stopPatience;
	}

	public double minLearningRate() {
		return minLearningRate;
	}

	/** How the learning rate changes over the run. */
	public ScheduleKind schedule() {
		return schedule;
	}

	/**
	 * Validate every this many epochs (and after the last); 0 = automatic: every
	 * epoch with the plateau schedule, else as often as keeps validation within a
	 * tenth of the training time.
	 */
	public int validationInterval() {
		return validationInterval;
	}

	/** The model file and the files named after it. */
	public RunFiles files() {
		return new RunFiles(modelFile);
	}

	/**
	 * The checkpoint written after every epoch: {@code <model file>.checkpoint}.
	 */
	public Path checkpointFile() {
		return files().checkpoint();
	}

	/** The per-epoch history: {@code <model file base>-history.csv}. */
	public Path historyFile() {
		return files().history();
	}

	public static final class Builder {

		private File imageDir, maskDir, fovDir, validationImageDir,
				validationMaskDir;
		private double validationFraction = 0.2;
		private int classes = 1, inputChannels = 0, trainingSize = 448, batchSize =
			2, epochs = 300;
		private double learningRate = 5e-4, timeLimitMinutes = 0;
		private LossKind loss;
		private AugmentationSettings augmentation = AugmentationSettings
			.geometric();
		private SamplingMode sampling = SamplingMode.RESIZE;
		private long seed = 42;
		private Path encoderWeights, modelFile, initialModel;
		private boolean freezeEncoder, useGpu;
		private ExistingModel ifModelExists = ExistingModel.RESUME;
		private int patience = 10, stopPatience = 20;
		private double minLearningRate = 5e-7;
		private ScheduleKind schedule = ScheduleKind.COSINE;
		private int validationInterval;

		public Builder imageDir(File v) {
			imageDir = v;
			return this;
		}

		public Builder maskDir(File v) {
			maskDir = v;
			return this;
		}

		public Builder fovDir(File v) {
			fovDir = v;
			return this;
		}

		public Builder validationFraction(double v) {
			validationFraction = v;
			return this;
		}

		public Builder validationDirs(File images, File masks) {
			validationImageDir = images;
			validationMaskDir = masks;
			return this;
		}

		public Builder classes(int v) {
			classes = v;
			return this;
		}

		public Builder inputChannels(int v) {
			inputChannels = v;
			return this;
		}

		public Builder trainingSize(int v) {
			trainingSize = v;
			return this;
		}

		public Builder batchSize(int v) {
			batchSize = v;
			return this;
		}

		public Builder epochs(int v) {
			epochs = v;
			return this;
		}

		public Builder learningRate(double v) {
			learningRate = v;
			return this;
		}

		public Builder loss(LossKind v) {
			loss = v;
			return this;
		}

		public Builder augmentation(AugmentationSettings v) {
			augmentation = v;
			return this;
		}

		public Builder sampling(SamplingMode v) {
			sampling = v;
			return this;
		}

		public Builder seed(long v) {
			seed = v;
			return this;
		}

		public Builder encoderWeights(Path v) {
			encoderWeights = v;
			return this;
		}

		public Builder freezeEncoder(boolean v) {
			freezeEncoder = v;
			return this;
		}

		public Builder useGpu(boolean v) {
			useGpu = v;
			return this;
		}

		public Builder modelFile(Path v) {
			modelFile = v;
			return this;
		}

		/**
		 * A model to fine-tune: all its weights, normalisation and channel order
		 * are the start.
		 */
		public Builder initialModel(Path v) {
			initialModel = v;
			return this;
		}

		public Builder ifModelExists(ExistingModel v) {
			ifModelExists = v;
			return this;
		}

		public Builder timeLimitMinutes(double v) {
			timeLimitMinutes = v;
			return this;
		}

		/**
		 * The plateau schedule's counters: halve after {@code patience} epochs
		 * without improvement, stop after {@code stopPatience}.
		 */
		public Builder plateau(int patience, int stopPatience,
			double minLearningRate)
		{
			this.patience = patience;
			this.stopPatience = stopPatience;
			this.minLearningRate = minLearningRate;
			return this;
		}

		public Builder schedule(ScheduleKind v) {
			schedule = v;
			return this;
		}

		/**
		 * @param epochs validate every this many epochs (and after the last); 0 =
		 *          automatic
		 */
		public Builder validationInterval(int epochs) {
			validationInterval = epochs;
			return this;
		}

		/** The loss given, or auto's: dice_bce for 1 class, ce_dice for several. */
		private LossKind loss() {
			return loss != null ? loss : classes > 1 ? LossKind.CROSS_ENTROPY_DICE
				: LossKind.DICE_BCE;
		}

		/**
		 * Every rule these values break, each naming its CE-Net Train key: the one
		 * place of the training options' ranges and cross-key rules, for the
		 * command (which reports them all at once) and for {@link #build()}.
		 * Whether files and folders exist is the caller's to check. Empty when the
		 * values make a run.
		 */
		public List<String> problems() {
			List<String> p = new ArrayList<>();
			if (imageDir == null) p.add("image_folder is not set");
			if (maskDir == null) p.add("mask_folder is not set");
			if (modelFile == null) p.add("model_file is not set");
			if ((validationImageDir == null) != (validationMaskDir == null)) p.add(
				"give both validation_image_folder and validation_mask_folder, or neither");
			if (!(validationFraction >= 0 && validationFraction < 1)) p.add(
				"validation_fraction must lie in [0, 1), not " + number(
					validationFraction));
			if (classes < 1 || classes > 255) p.add(
				"classes must lie in [1, 255], not " + classes);
			if (inputChannels != 0 && inputChannels != 1 && inputChannels != 3) p.add(
				"input channels must be 1 or 3 (0 = from the images), not " +
					inputChannels);
			String size = CENetConfig.sizeProblem("training_size", trainingSize);
			if (size != null) p.add(size);
			if (batchSize < 1) p.add("batch_size must be at least 1, not " +
				batchSize);
			if (epochs < 1) p.add("epochs must be at least 1, not " + epochs);
			if (!(learningRate > 0 && learningRate < 1)) p.add(
				"learning_rate must lie in (0, 1), not " + number(learningRate));
			if (classes > 1 && loss() != LossKind.CROSS_ENTROPY_DICE) p.add(
				"with classes=" + classes + " the loss must be ce_dice");
			if (classes == 1 && loss() == LossKind.CROSS_ENTROPY_DICE) p.add(
				"loss=ce_dice needs classes of 2 or more; use dice_bce, dice or bce");
			if (initialModel != null && encoderWeights != null) p.add(
				"give initial_model or encoder_weights, not both: a model already holds an encoder");
			if (freezeEncoder && initialModel == null && encoderWeights == null) p
				.add("freeze_encoder needs encoder_weights or initial_model");
			if (!(timeLimitMinutes >= 0)) p.add(
				"time_limit must be at least 0, not " + number(timeLimitMinutes));
			if (validationInterval < 0) p.add(
				"the validation interval must be at least 0 (0 = automatic), not " +
					validationInterval);
			if (augmentation == null || sampling == null || ifModelExists == null ||
				schedule == null) p.add(
					"augmentation, sampling, if_model_exists and schedule must be set");
			return p;
		}

		/**
		 * @throws IllegalArgumentException naming every key of {@link #problems()}
		 */
		public TrainingSettings build() {
			List<String> p = problems();
			if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ",
				p));
			return new TrainingSettings(this);
		}

		private static String number(double d) {
			return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
				: Double.toString(d);
		}
	}
}
