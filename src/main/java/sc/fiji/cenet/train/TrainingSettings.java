package sc.fiji.cenet.train;

import java.io.File;
import java.nio.file.Path;
import java.util.Objects;

import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.data.SamplingMode;
import sc.fiji.cenet.model.CENetConfig;

/**
 * Everything a training run needs. Defaults: as the reference code, 448 x
 * 448 input (images resized), 300 epochs and Dice + BCE (the loss it meant
 * to use); chosen by cross-validation on DRIVE (docs/benchmarks.md), batch
 * 2, Adam lr 5e-4 and flips and quarter turns as augmentation (the
 * reference: batch 4, lr 2e-4, also colour and shift-scale-rotate jitter),
 * and a cosine schedule over the whole budget (the reference: plateau).
 */
public final class TrainingSettings {
	private final File imageDir, maskDir, fovDir, validationImageDir, validationMaskDir;
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
		imageDir = require(b.imageDir, "image folder");
		maskDir = require(b.maskDir, "mask folder");
		modelFile = require(b.modelFile, "model file");
		fovDir = b.fovDir;
		validationImageDir = b.validationImageDir;
		validationMaskDir = b.validationMaskDir;
		if ((validationImageDir == null) != (validationMaskDir == null))
			throw new IllegalArgumentException("give both a validation image folder and a validation mask folder, or neither");
		if (!(b.validationFraction >= 0 && b.validationFraction < 1))
			throw new IllegalArgumentException("validation fraction must be in [0, 1), not " + b.validationFraction);
		validationFraction = b.validationFraction;
		if (b.classes < 1 || b.classes > 255) throw new IllegalArgumentException("classes must be 1..255, not " + b.classes);
		classes = b.classes;
		if (b.inputChannels != 0 && b.inputChannels != 1 && b.inputChannels != 3)
			throw new IllegalArgumentException("input channels must be 1 or 3 (0 = from the images), not " + b.inputChannels);
		inputChannels = b.inputChannels;
		String sizeProblem = CENetConfig.sizeProblem("training size", b.trainingSize);
		if (sizeProblem != null) throw new IllegalArgumentException(sizeProblem);
		trainingSize = b.trainingSize;
		if (b.batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, not " + b.batchSize);
		batchSize = b.batchSize;
		if (b.epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, not " + b.epochs);
		epochs = b.epochs;
		if (!(b.learningRate > 0 && b.learningRate < 1))
			throw new IllegalArgumentException("learning rate must be in (0, 1), not " + b.learningRate);
		learningRate = b.learningRate;
		loss = b.loss != null ? b.loss : classes > 1 ? LossKind.CROSS_ENTROPY_DICE : LossKind.DICE_BCE;
		if (classes > 1 && loss != LossKind.CROSS_ENTROPY_DICE)
			throw new IllegalArgumentException("with " + classes + " classes the loss must be ce_dice");
		if (classes == 1 && loss == LossKind.CROSS_ENTROPY_DICE)
			throw new IllegalArgumentException("ce_dice needs at least 2 classes; use dice_bce, dice or bce");
		augmentation = Objects.requireNonNull(b.augmentation);
		sampling = Objects.requireNonNull(b.sampling);
		seed = b.seed;
		encoderWeights = b.encoderWeights;
		initialModel = b.initialModel;
		if (initialModel != null && encoderWeights != null)
			throw new IllegalArgumentException("give initial_model or encoder_weights, not both: a model already holds an encoder");
		freezeEncoder = b.freezeEncoder;
		useGpu = b.useGpu;
		ifModelExists = Objects.requireNonNull(b.ifModelExists);
		if (!(b.timeLimitMinutes >= 0)) throw new IllegalArgumentException("time limit must be at least 0 minutes, not " + b.timeLimitMinutes);
		timeLimitMinutes = b.timeLimitMinutes;
		patience = b.patience;
		stopPatience = b.stopPatience;
		minLearningRate = b.minLearningRate;
		schedule = Objects.requireNonNull(b.schedule);
		if (b.validationInterval < 0)
			throw new IllegalArgumentException("validation interval must be at least 0 (0 = automatic), not " + b.validationInterval);
		validationInterval = b.validationInterval;
	}

	private static <T> T require(T v, String what) {
		if (v == null) throw new IllegalArgumentException("no " + what + " given");
		return v;
	}

	public static Builder builder() { return new Builder(); }

	public File imageDir() { return imageDir; }
	public File maskDir() { return maskDir; }
	/** Field-of-view masks (loss ignores pixels outside), or null. */
	public File fovDir() { return fovDir; }
	public File validationImageDir() { return validationImageDir; }
	public File validationMaskDir() { return validationMaskDir; }
	public double validationFraction() { return validationFraction; }
	public int classes() { return classes; }
	/** 1 or 3, or 0 to take it from the first training image. */
	public int inputChannels() { return inputChannels; }
	public int trainingSize() { return trainingSize; }
	public int batchSize() { return batchSize; }
	public int epochs() { return epochs; }
	public double learningRate() { return learningRate; }
	public LossKind loss() { return loss; }
	public AugmentationSettings augmentation() { return augmentation; }
	public SamplingMode sampling() { return sampling; }
	public long seed() { return seed; }
	/** A torchvision ResNet-34 (or CE-Net) state_dict as .npz for the encoder, or null. */
	public Path encoderWeights() { return encoderWeights; }
	public boolean freezeEncoder() { return freezeEncoder; }
	public boolean useGpu() { return useGpu; }
	public Path modelFile() { return modelFile; }
	/** The model whose weights training starts from (fine-tuning), or null. */
	public Path initialModel() { return initialModel; }
	/** What to do when the model file or its checkpoint exists already. */
	public ExistingModel ifModelExists() { return ifModelExists; }
	/** Stop after the epoch during which this many minutes have passed; 0 = no limit. */
	public double timeLimitMinutes() { return timeLimitMinutes; }
	public int patience() { return patience; }
	public int stopPatience() { return stopPatience; }
	public double minLearningRate() { return minLearningRate; }
	/** How the learning rate changes over the run. */
	public ScheduleKind schedule() { return schedule; }
	/**
	 * Validate every this many epochs (and after the last); 0 = automatic:
	 * every epoch with the plateau schedule, else as often as keeps
	 * validation within a tenth of the training time.
	 */
	public int validationInterval() { return validationInterval; }

	/** The model file and the files named after it. */
	public RunFiles files() { return new RunFiles(modelFile); }

	/** The checkpoint written after every epoch: {@code <model file>.checkpoint}. */
	public Path checkpointFile() { return files().checkpoint(); }

	/** The per-epoch history: {@code <model file base>-history.csv}. */
	public Path historyFile() { return files().history(); }

	public static final class Builder {
		private File imageDir, maskDir, fovDir, validationImageDir, validationMaskDir;
		private double validationFraction = 0.2;
		private int classes = 1, inputChannels = 0, trainingSize = 448, batchSize = 2, epochs = 300;
		private double learningRate = 5e-4, timeLimitMinutes = 0;
		private LossKind loss;
		private AugmentationSettings augmentation = AugmentationSettings.geometric();
		private SamplingMode sampling = SamplingMode.RESIZE;
		private long seed = 42;
		private Path encoderWeights, modelFile, initialModel;
		private boolean freezeEncoder, useGpu;
		private ExistingModel ifModelExists = ExistingModel.RESUME;
		private int patience = 10, stopPatience = 20;
		private double minLearningRate = 5e-7;
		private ScheduleKind schedule = ScheduleKind.COSINE;
		private int validationInterval;

		public Builder imageDir(File v) { imageDir = v; return this; }
		public Builder maskDir(File v) { maskDir = v; return this; }
		public Builder fovDir(File v) { fovDir = v; return this; }
		public Builder validationFraction(double v) { validationFraction = v; return this; }
		public Builder validationDirs(File images, File masks) { validationImageDir = images; validationMaskDir = masks; return this; }
		public Builder classes(int v) { classes = v; return this; }
		public Builder inputChannels(int v) { inputChannels = v; return this; }
		public Builder trainingSize(int v) { trainingSize = v; return this; }
		public Builder batchSize(int v) { batchSize = v; return this; }
		public Builder epochs(int v) { epochs = v; return this; }
		public Builder learningRate(double v) { learningRate = v; return this; }
		public Builder loss(LossKind v) { loss = v; return this; }
		public Builder augmentation(AugmentationSettings v) { augmentation = v; return this; }
		public Builder sampling(SamplingMode v) { sampling = v; return this; }
		public Builder seed(long v) { seed = v; return this; }
		public Builder encoderWeights(Path v) { encoderWeights = v; return this; }
		public Builder freezeEncoder(boolean v) { freezeEncoder = v; return this; }
		public Builder useGpu(boolean v) { useGpu = v; return this; }
		public Builder modelFile(Path v) { modelFile = v; return this; }
		/** A model to fine-tune: all its weights, normalisation and channel order are the start. */
		public Builder initialModel(Path v) { initialModel = v; return this; }
		public Builder ifModelExists(ExistingModel v) { ifModelExists = v; return this; }
		public Builder timeLimitMinutes(double v) { timeLimitMinutes = v; return this; }
		/** The plateau schedule's counters: halve after {@code patience} epochs without improvement, stop after {@code stopPatience}. */
		public Builder plateau(int patience, int stopPatience, double minLearningRate) {
			this.patience = patience; this.stopPatience = stopPatience; this.minLearningRate = minLearningRate; return this;
		}
		public Builder schedule(ScheduleKind v) { schedule = v; return this; }
		/** @param epochs validate every this many epochs (and after the last); 0 = automatic */
		public Builder validationInterval(int epochs) { validationInterval = epochs; return this; }
		public TrainingSettings build() { return new TrainingSettings(this); }
	}
}
