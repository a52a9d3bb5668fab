package sc.fiji.cenet.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.command.CommandModule;

import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.predict.NetworkInput;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.Npz;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;

public class ImportWeightsCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static CommandRunner runner;

	@BeforeClass
	public static void setUp() {
		runner = new CommandRunner();
	}

	@AfterClass
	public static void tearDown() {
		runner.close();
	}

	@Test
	public void npzRoundTripKeepsWeightsAndRecordsHowImagesWerePrepared() throws Exception {
		final CENetConfig config = new CENetConfig(1, 2);
		final File npz = tmp.newFile("w.npz");
		final StateDict written = TestModels.randomWeights(config, 7);
		Npz.write(npz.toPath(), written);
		final File model = new File(tmp.getRoot(), "m.cenet");
		final CommandModule module = runner.run(ImportWeightsCommand.class, "npz_file", npz,
			"model_file", model, "channel_order", "RGB", "training_size", 512, "normalization",
			"percentile");
		assertEquals(1, module.getOutput("input_channels"));
		assertEquals(2, module.getOutput("classes"));

		final TrainedModel loaded = ModelFile.load(model.toPath());
		assertEquals(config, loaded.config());
		assertEquals(written.names(), loaded.weights().names());
		for (final String name : written.names())
			assertArrayEquals(name, written.get(name).data(), loaded.weights().get(name).data(), 0);
		assertEquals("RGB", loaded.channelOrder());
		assertEquals(512, loaded.trainingSize());
		assertEquals(Normalization.percentile(), NetworkInput.normalizationOf(loaded));
		assertEquals("w.npz", loaded.metadata("imported_from"));
	}

	@Test
	public void defaultsFollowTheReference() throws Exception {
		final File npz = tmp.newFile("ref.npz");
		Npz.write(npz.toPath(), TestModels.randomWeights(new CENetConfig(3, 1), 8));
		final File model = new File(tmp.getRoot(), "ref.cenet");
		runner.run(ImportWeightsCommand.class, "npz_file", npz, "model_file", model);
		final TrainedModel loaded = ModelFile.load(model.toPath());
		assertEquals("BGR", loaded.channelOrder());
		assertEquals(448, loaded.trainingSize());
		assertEquals(Normalization.scale(), NetworkInput.normalizationOf(loaded));
	}

	@Test
	public void badNpzGivesTheImportersMessage() throws Exception {
		final File npz = tmp.newFile("broken.npz");
		Files.write(npz.toPath(), "not a zip".getBytes());
		final String message = runner.failure(ImportWeightsCommand.class, "npz_file", npz, "model_file",
			new File(tmp.getRoot(), "m.cenet"));
		assertTrue(message, message.startsWith("cannot read npz_file: ") && message.contains(
			"broken.npz"));
	}

	@Test
	public void incompleteStateDictNamesTheMissingKey() throws Exception {
		final StateDict full = TestModels.randomWeights(new CENetConfig(3, 1), 9);
		final StateDict partial = new StateDict();
		for (final String name : full.names())
			if (!name.equals("dblock.dilate1.weight")) partial.put(name, full.get(name).shape(), full.get(
				name).data());
		final File npz = tmp.newFile("partial.npz");
		Npz.write(npz.toPath(), partial);
		final String message = runner.failure(ImportWeightsCommand.class, "npz_file", npz, "model_file",
			new File(tmp.getRoot(), "m.cenet"));
		assertTrue(message, message.contains("dblock.dilate1.weight") && message.contains(
			"partial.npz"));
	}

	@Test
	public void nonFiniteWeightsAreRefusedNamingTheTensor() throws Exception {
		final StateDict weights = TestModels.randomWeights(new CENetConfig(3, 1), 10);
		weights.get("decoder1.conv1.weight").data()[5] = Float.NaN;
		final File npz = tmp.newFile("nan.npz");
		Npz.write(npz.toPath(), weights);
		final File model = new File(tmp.getRoot(), "nan.cenet");
		final String message = runner.failure(ImportWeightsCommand.class, "npz_file", npz, "model_file", model);
		assertTrue(message, message.contains("nan.npz: decoder1.conv1.weight holds NaN values"));
		assertTrue("no model written", !model.exists());
	}

	@Test
	public void badChoicesAndSizesAreReportedTogether() throws Exception {
		final File npz = tmp.newFile("w.npz");
		assertEquals("channel_order must be one of BGR, RGB, not 'GBR'; normalization must be one of " +
			"scale, percentile, not 'minmax'; training_size must be a multiple of 32 of at least 192, " +
			"not 200", runner.failure(ImportWeightsCommand.class, "npz_file", npz, "model_file",
				new File(tmp.getRoot(), "m.cenet"), "channel_order", "GBR", "normalization", "minmax",
				"training_size", 200));
	}

	/** An existing model is replaced only with overwrite; the input never. */
	@Test
	public void neverReplacesAFileUnasked() throws Exception {
		final File npz = tmp.newFile("w.npz");
		Npz.write(npz.toPath(), TestModels.randomWeights(new CENetConfig(1, 1), 3));
		final byte[] weights = Files.readAllBytes(npz.toPath());
		final File model = tmp.newFile("m.cenet");
		assertEquals("model_file already exists: " + model + "; tick overwrite to replace it", runner
			.failure(ImportWeightsCommand.class, "npz_file", npz, "model_file", model));
		assertEquals(0, model.length());
		final File sameAsInput = new File(tmp.getRoot(), "./w.npz");
		assertEquals("model_file must differ from npz_file, which it would replace", runner.failure(
			ImportWeightsCommand.class, "npz_file", npz, "model_file", sameAsInput, "overwrite", true));
		assertArrayEquals(weights, Files.readAllBytes(npz.toPath()));
		runner.run(ImportWeightsCommand.class, "npz_file", npz, "model_file", model, "overwrite", true);
		assertEquals(1, ModelFile.load(model.toPath()).config().inputChannels());
	}
}
