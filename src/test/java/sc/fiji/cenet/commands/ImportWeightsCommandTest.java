
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.command.CommandModule;

import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.Npz;
import sc.fiji.cenet.io.StateDictFiles;
import sc.fiji.cenet.io.StateDictImport;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.predict.NetworkInput;

public class ImportWeightsCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@ClassRule
	public static final CommandRunner runner = new CommandRunner();

	@Test
	public void npzRoundTripKeepsWeightsAndRecordsHowImagesWerePrepared()
		throws Exception
	{
		final CENetConfig config = new CENetConfig(1, 2);
		final File npz = tmp.newFile("w.npz");
		final StateDict written = TestModels.randomWeights(config, 7);
		Npz.write(npz.toPath(), written);
		final File model = new File(tmp.getRoot(), "m.cenet");
		final CommandModule module = runner.run(ImportWeightsCommand.class,
			"npz_file", npz, "model_file", model, "channel_order", "RGB",
			"training_size", 512, "normalization", "percentile");
		assertEquals(1, module.getOutput("input_channels"));
		assertEquals(2, module.getOutput("classes"));

		final TrainedModel loaded = ModelFile.load(model.toPath());
		assertEquals(config, loaded.config());
		assertEquals(written.names(), loaded.weights().names());
		for (final String name : written.names())
			assertArrayEquals(name, written.get(name).data(), loaded.weights().get(
				name).data(), 0);
		assertEquals("RGB", loaded.channelOrder());
		assertEquals(512, loaded.trainingSize());
		assertEquals(Normalization.percentile(), NetworkInput.normalizationOf(
			loaded));
		assertEquals("w.npz", loaded.metadata("imported_from"));
	}

	@Test
	public void defaultsFollowTheReference() throws Exception {
		final File npz = tmp.newFile("ref.npz");
		Npz.write(npz.toPath(), TestModels.randomWeights(new CENetConfig(3, 1), 8));
		final File model = new File(tmp.getRoot(), "ref.cenet");
		runner.run(ImportWeightsCommand.class, "npz_file", npz, "model_file",
			model);
		final TrainedModel loaded = ModelFile.load(model.toPath());
		assertEquals("BGR", loaded.channelOrder());
		assertEquals(448, loaded.trainingSize());
		assertEquals(Normalization.scale(), NetworkInput.normalizationOf(loaded));
	}

	@Test
	public void badNpzGivesTheImportersMessage() throws Exception {
		final File npz = tmp.newFile("broken.npz");
		Files.write(npz.toPath(), "not a zip".getBytes());
		final String message = runner.failure(ImportWeightsCommand.class,
			"npz_file", npz, "model_file", new File(tmp.getRoot(), "m.cenet"));
		assertTrue(message, message.startsWith("cannot read npz_file: ") && message
			.contains("broken.npz"));
	}

	@Test
	public void incompleteStateDictNamesTheMissingKey() throws Exception {
		final StateDict full = TestModels.randomWeights(new CENetConfig(3, 1), 9);
		final StateDict partial = new StateDict();
		for (final String name : full.names())
			if (!name.equals("dblock.dilate1.weight")) partial.put(name, full.get(
				name).shape(), full.get(name).data());
		final File npz = tmp.newFile("partial.npz");
		Npz.write(npz.toPath(), partial);
		final String message = runner.failure(ImportWeightsCommand.class,
			"npz_file", npz, "model_file", new File(tmp.getRoot(), "m.cenet"));
		assertTrue(message, message.contains("dblock.dilate1.weight") && message
			.contains("partial.npz"));
	}

	@Test
	public void nonFiniteWeightsAreRefusedNamingTheTensor() throws Exception {
		final StateDict weights = TestModels.randomWeights(new CENetConfig(3, 1),
			10);
		weights.get("decoder1.conv1.weight").data()[5] = Float.NaN;
		final File npz = tmp.newFile("nan.npz");
		Npz.write(npz.toPath(), weights);
		final File model = new File(tmp.getRoot(), "nan.cenet");
		final String message = runner.failure(ImportWeightsCommand.class,
			"npz_file", npz, "model_file", model);
		assertTrue(message, message.contains(
			"nan.npz: decoder1.conv1.weight holds NaN values"));
		assertTrue("no model written", !model.exists());
	}

	@Test
	public void badChoicesAndSizesAreReportedTogether() throws Exception {
		final File npz = tmp.newFile("w.npz");
		assertEquals(
			"channel_order must be one of BGR, RGB, not 'GBR'; normalization must be one of " +
				"scale, percentile, not 'minmax'; training_size must be a multiple of 32 of at least 192, " +
				"not 200", runner.failure(ImportWeightsCommand.class, "npz_file", npz,
					"model_file", new File(tmp.getRoot(), "m.cenet"), "channel_order",
					"GBR", "normalization", "minmax", "training_size", 200));
	}

	/** An existing model is replaced only with overwrite; the input never. */
	@Test
	public void neverReplacesAFileUnasked() throws Exception {
		final File npz = tmp.newFile("w.npz");
		Npz.write(npz.toPath(), TestModels.randomWeights(new CENetConfig(1, 1), 3));
		final byte[] weights = Files.readAllBytes(npz.toPath());
		final File model = tmp.newFile("m.cenet");
		assertEquals("model_file already exists: " + model +
			"; choose another file, or tick overwrite to " + "replace it", runner
				.failure(ImportWeightsCommand.class, "npz_file", npz, "model_file",
					model));
		assertEquals(0, model.length());
		final File sameAsInput = new File(tmp.getRoot(), "./w.npz");
		assertEquals(
			"model_file must differ from npz_file, which it would replace (" +
				sameAsInput + " is " + npz + ")", runner.failure(
					ImportWeightsCommand.class, "npz_file", npz, "model_file",
					sameAsInput, "overwrite", true));
		assertArrayEquals(weights, Files.readAllBytes(npz.toPath()));
		runner.run(ImportWeightsCommand.class, "npz_file", npz, "model_file", model,
			"overwrite", true);
		assertEquals(1, ModelFile.load(model.toPath()).config().inputChannels());
	}

	@Test
	public void checkpointNamingOtherGlobalsIsRefusedUnread() throws Exception {
		final File pth = new File(tmp.getRoot(), "hostile.pth");
		try (InputStream in = getClass().getResourceAsStream(
			"/torch/malicious_zip.pth"))
		{
			Files.copy(in, pth.toPath());
		}
		final File model = new File(tmp.getRoot(), "hostile.cenet");
		final String message = runner.failure(ImportWeightsCommand.class,
			"npz_file", pth, "model_file", model);
		assertEquals("cannot read npz_file: " + pth +
			": refuses to load 'posix system': a checkpoint may only hold " +
			"tensors and dicts", message);
		assertTrue("no model written", !model.exists());
	}

	/**
	 * Full-size state_dicts written by torch.save (a CE-Net checkpoint in the zip
	 * format, a ResNet-34 in the legacy format, partly float16) import to the
	 * same weights as their .npz export. Needs Debian's python3-torch.
	 */
	@Test
	public void torchSaveFilesImportLikeTheirNpzExport() throws Exception {
		Assume.assumeTrue(
			"python3-torch is not installed (/usr/bin/python3 cannot import torch and numpy): " +
				"skipping the full-size torch.save import test", pythonHasTorch());
		final CENetConfig config = new CENetConfig(3, 1);
		final Path dir = tmp.newFolder("large").toPath();
		final List<String> manifest = new ArrayList<>();
		for (final Map.Entry<String, long[]> e : new CENetArchitecture(config)
			.shapes().entrySet())
		{
			final StringBuilder dims = new StringBuilder();
			for (final long d : e.getValue())
				dims.append(dims.length() == 0 ? "" : ",").append(d);
			manifest.add(e.getKey() + "\t" + dims);
		}
		Files.write(dir.resolve("manifest.tsv"), manifest, StandardCharsets.UTF_8);
		final Path script = dir.resolve("make_large.py");
		try (InputStream in = getClass().getResourceAsStream(
			"/torch/make_large.py"))
		{
			Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
		}
		final Process python = new ProcessBuilder("/usr/bin/python3", script
			.toString(), dir.resolve("manifest.tsv").toString(), dir.toString())
			.redirectErrorStream(true).redirectOutput(dir.resolve("python.log")
				.toFile()).start();
		assertTrue("make_large.py finished", python.waitFor(5, TimeUnit.MINUTES));
		assertEquals("make_large.py: " + new String(Files.readAllBytes(dir.resolve(
			"python.log")), StandardCharsets.UTF_8), 0, python.exitValue());

		final File fromPth = dir.resolve("from-pth.cenet").toFile();
		final File fromNpz = dir.resolve("from-npz.cenet").toFile();
		runner.run(ImportWeightsCommand.class, "npz_file", dir.resolve("cenet.pth")
			.toFile(), "model_file", fromPth);
		runner.run(ImportWeightsCommand.class, "npz_file", dir.resolve("cenet.npz")
			.toFile(), "model_file", fromNpz);
		assertSameWeights(ModelFile.load(fromNpz.toPath()).weights(), ModelFile
			.load(fromPth.toPath()).weights());

		final StateDict resnetNpz = StateDictImport.encoder(Npz.read(dir.resolve(
			"resnet34.npz")), config, "npz");
		final StateDict resnetPth = StateDictImport.encoder(StateDictFiles.read(dir
			.resolve("resnet34.pth")), config, "pth");
		assertSameWeights(resnetNpz, resnetPth);
	}

	private static void assertSameWeights(final StateDict expected,
		final StateDict actual)
	{
		assertEquals(new ArrayList<>(expected.names()), new ArrayList<>(actual
			.names()));
		for (final String name : expected.names()) {
			assertArrayEquals(name, expected.get(name).shape(), actual.get(name)
				.shape());
			assertArrayEquals(name, expected.get(name).data(), actual.get(name)
				.data(), 0);
		}
	}

	private static boolean pythonHasTorch() throws InterruptedException {
		if (!new File("/usr/bin/python3").canExecute()) return false;
		try {
			final Process p = new ProcessBuilder("/usr/bin/python3", "-c",
				"import torch, numpy").redirectErrorStream(true).redirectOutput(
					ProcessBuilder.Redirect.DISCARD).start();
			if (!p.waitFor(2, TimeUnit.MINUTES)) {
				p.destroyForcibly();
				return false;
			}
			return p.exitValue() == 0;
		}
		catch (final IOException e) {
			return false;
		}
	}
}
