
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TrainingHistory;

/**
 * Model files with random weights, for running the commands without training. A
 * full CE-Net is over 100 MB, so each configuration is written once per JVM and
 * shared; tests must not modify the files.
 */
public final class TestModels {

	/** Training size recorded in the test models: small, so a tile is cheap. */
	public static final int TRAINING_SIZE = 192;

	private static final Map<String, File> FILES = new HashMap<>();

	private TestModels() {}

	/**
	 * Random weights scaled so that activations neither vanish nor explode
	 * (He-style convolutions, identity batch norm): the output depends on the
	 * input, and probabilities spread over (0, 1).
	 */
	public static StateDict randomWeights(final CENetConfig config,
		final long seed)
	{
		final SplittableRandom random = new SplittableRandom(seed);
		final StateDict weights = new StateDict();
		for (final CENetArchitecture.Param p : new CENetArchitecture(config)
			.params())
		{
			final float[] v = new float[(int) StateDict.numel(p.shape)];
			switch (p.kind) {
				case CONV_WEIGHT:
				case CONVT_WEIGHT:
					final double bound = Math.sqrt(3.0 / p.fanIn);
					for (int i = 0; i < v.length; i++)
						v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
					break;
				case BN_WEIGHT:
				case BN_RUNNING_VAR:
					java.util.Arrays.fill(v, 1f);
					break;
				default: // biases and running means
					for (int i = 0; i < v.length; i++)
						v[i] = (float) (0.1 * (2 * random.nextDouble() - 1));
			}
			weights.put(p.name, p.shape, v);
		}
		return weights;
	}

	/**
	 * A model file for {@code config} with {@link #TRAINING_SIZE}, scale
	 * normalisation and the given channel order.
	 */
	public static synchronized File file(final CENetConfig config,
		final String channelOrder)
	{
		final String key = config.inputChannels() + "-" + config.classes() + "-" +
			channelOrder;
		File file = FILES.get(key);
		if (file != null && file.isFile()) return file;
		try {
			final Path dir = Files.createTempDirectory("cenet-test-models");
			file = dir.resolve("random-" + key + ModelFile.EXTENSION).toFile();
			// deleted in the reverse order of registration: the file, then its folder
			dir.toFile().deleteOnExit();
			file.deleteOnExit();
			final Properties metadata = new Properties();
			metadata.setProperty(TrainedModel.TRAINING_SIZE, Integer.toString(
				TRAINING_SIZE));
			metadata.setProperty(TrainedModel.CHANNEL_ORDER, channelOrder);
			Normalization.scale().toProperties(metadata,
				TrainedModel.NORMALIZATION_PREFIX);
			ModelFile.save(file.toPath(), new TrainedModel(config, randomWeights(
				config, 42), metadata, new TrainingHistory()));
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		FILES.put(key, file);
		return file;
	}

	/**
	 * A copy of a model file that records the calibrated threshold
	 * {@code threshold}, as the trainer writes it; same weights, so the same
	 * probabilities.
	 */
	public static synchronized File withThreshold(final File model,
		final double threshold)
	{
		final String key = model.getAbsolutePath() + "@" + threshold;
		File file = FILES.get(key);
		if (file != null && file.isFile()) return file;
		try {
			final TrainedModel m = ModelFile.load(model.toPath());
			final Properties metadata = m.metadata();
			metadata.remove("software_version");
			metadata.setProperty(TrainedModel.THRESHOLD, Double.toString(threshold));
			final Path dir = Files.createTempDirectory("cenet-test-models");
			file = dir.resolve("calibrated" + ModelFile.EXTENSION).toFile();
			// deleted in the reverse order of registration: the file, then its folder
			dir.toFile().deleteOnExit();
			file.deleteOnExit();
			ModelFile.save(file.toPath(), new TrainedModel(m.config(), m.weights(),
				metadata, m.history()));
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		FILES.put(key, file);
		return file;
	}
}
