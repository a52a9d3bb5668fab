
package sc.fiji.cenet.data;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.WeakHashMap;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Builds {@link TrainingBatch}es from samples, per sample: to the training size
 * ({@link SamplingMode}), {@link Augmentation}, to the model's channel count,
 * {@link Normalization}, {@link ChannelOrder}, then into NHWC arrays.
 * <p>
 * Percentile ranges are fitted once on each whole source image, then applied to
 * its crops and augmented copies, as prediction normalises whole images. Safe
 * to use from one producer thread while another reads the batches.
 */
public final class BatchAssembler {

	private final int size;
	private final int inputChannels;
	private final Normalization normalization;
	private final ChannelOrder channelOrder;
	private final SamplingMode sampling;
	private final Augmentation augmentation;
	private final Map<TrainingSample, ChannelRanges> ranges = Collections
		.synchronizedMap(new WeakHashMap<>());

	private BatchAssembler(Builder b) {
		SamplingMode.requireValidSize(b.size);
		if (b.inputChannels != 1 && b.inputChannels != 3)
			throw new IllegalArgumentException(
				"CE-Net takes 1 or 3 input channels, not " + b.inputChannels);
		this.size = b.size;
		this.inputChannels = b.inputChannels;
		this.normalization = b.normalization;
		this.channelOrder = b.channelOrder;
		this.sampling = b.sampling;
		this.augmentation = new Augmentation(b.augmentation);
	}

	/**
	 * Defaults: the reference's 448 x 448 resize, 3 channels, scale
	 * normalisation, RGB, reference augmentation.
	 */
	public static Builder builder() {
		return new Builder();
	}

	public int size() {
		return size;
	}

	public int inputChannels() {
		return inputChannels;
	}

	public Normalization normalization() {
		return normalization;
	}

	public ChannelOrder channelOrder() {
		return channelOrder;
	}

	public SamplingMode sampling() {
		return sampling;
	}

	public AugmentationSettings augmentation() {
		return augmentation.settings();
	}

	/**
	 * The batch of the given sample indices in an epoch; each sample's random
	 * draws come from {@link Batches#sampleSeed}(seed, epoch, index).
	 */
	public TrainingBatch assemble(List<TrainingSample> samples, int[] indices,
		long seed, int epoch)
	{
		TrainingSample[] batch = new TrainingSample[indices.length];
		long[] seeds = new long[indices.length];
		for (int i = 0; i < indices.length; i++) {
			batch[i] = samples.get(indices[i]);
			seeds[i] = Batches.sampleSeed(seed, epoch, indices[i]);
		}
		return assemble(batch, seeds);
	}

	/**
	 * The batch of these samples, sample i drawing its randomness from
	 * {@link Batches#random}(seeds[i]).
	 */
	public TrainingBatch assemble(TrainingSample[] batch, long[] seeds) {
		if (batch.length == 0 || batch.length != seeds.length)
			throw new IllegalArgumentException(
				"need one seed per sample and at least one sample, got " +
					batch.length + " samples and " + seeds.length + " seeds");
		TrainingSample[] sized = new TrainingSample[batch.length];
		ChannelRanges[] r = new ChannelRanges[batch.length];
		for (int b = 0; b < batch.length; b++) {
			Random random = Batches.random(seeds[b]);
			sized[b] = augmentation.apply(sampling.toSize(batch[b], size, random),
				random);
			r[b] = rangesOf(batch[b]);
		}
		return batchOf(sized, r);
	}

	/**
	 * Samples of one width and height into NHWC arrays; weight 1 inside the FOV.
	 */
	private TrainingBatch batchOf(TrainingSample[] batch,
		ChannelRanges[] ranges)
	{
		int width = batch[0].width(), height = batch[0].height(), pixels = width *
			height;
		float[] images = new float[batch.length * pixels * inputChannels];
		float[] targets = new float[batch.length * pixels];
		float[] weights = new float[batch.length * pixels];
		for (int b = 0; b < batch.length; b++) {
			TrainingSample s = batch[b];
			writeImage(networkInput(s, ranges[b]), images, b * pixels * inputChannels,
				pixels);
			byte[] labels = s.labelArray();
			byte[] fov = s.fovArray();
			for (int i = 0; i < pixels; i++) {
				targets[b * pixels + i] = labels[i] & 0xff;
				weights[b * pixels + i] = fov == null || fov[i] != 0 ? 1 : 0;
			}
		}
		return new TrainingBatch(batch.length, height, width, inputChannels, images,
			targets, weights);
	}

	/**
	 * The normalisation ranges of a sample, fitted once on the whole image in the
	 * model's channels.
	 */
	ChannelRanges rangesOf(TrainingSample sample) {
		return ranges.computeIfAbsent(sample, s -> normalization.fit(
			ChannelConversion.toChannels(s.image(), inputChannels)));
	}

	private RandomAccessibleInterval<FloatType> networkInput(TrainingSample s,
		ChannelRanges r)
	{
		return channelOrder.fromRgb(Normalization.normalize(ChannelConversion
			.toChannels(s.image(), inputChannels), r));
	}

	/** Copies (X, Y[, C]) into HWC order at {@code offset}. */
	private void writeImage(RandomAccessibleInterval<FloatType> img, float[] out,
		int offset, int pixels)
	{
		int c = 0;
		int pixel = 0;
		for (FloatType v : Views.flatIterable(img)) {
			out[offset + pixel * inputChannels + c] = v.get();
			if (++pixel == pixels) {
				pixel = 0;
				c++;
			}
		}
	}

	/** Settings of a {@link BatchAssembler}. */
	public static final class Builder {

		private int size = SamplingMode.REFERENCE_SIZE;
		private int inputChannels = 3;
		private Normalization normalization = Normalization.scale();
		private ChannelOrder channelOrder = ChannelOrder.RGB;
		private SamplingMode sampling = SamplingMode.RESIZE;
		private AugmentationSettings augmentation = AugmentationSettings
			.reference();

		private Builder() {}

		/** Height and width of the network input; a valid CE-Net size. */
		public Builder size(int value) {
			size = value;
			return this;
		}

		/**
		 * 1 or 3: images with other channel counts are averaged to gray or
		 * replicated.
		 */
		public Builder inputChannels(int value) {
			inputChannels = value;
			return this;
		}

		public Builder normalization(Normalization value) {
			normalization = Objects.requireNonNull(value);
			return this;
		}

		public Builder channelOrder(ChannelOrder value) {
			channelOrder = Objects.requireNonNull(value);
			return this;
		}

		public Builder sampling(SamplingMode value) {
			sampling = Objects.requireNonNull(value);
			return this;
		}

		public Builder augmentation(AugmentationSettings value) {
			augmentation = Objects.requireNonNull(value);
			return this;
		}

		public BatchAssembler build() {
			return new BatchAssembler(this);
		}
	}
}
