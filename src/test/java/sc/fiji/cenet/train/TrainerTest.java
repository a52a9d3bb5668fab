
package sc.fiji.cenet.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.io.Checkpoint;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.TrainingHistory;

/**
 * End-to-end training on the shipped synthetic sample data, at the smallest
 * network size.
 */
public class TrainerTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final File IMAGES = new File("sample-data/train/images"),
			MASKS = new File("sample-data/train/masks");

	private TrainingSettings.Builder tiny(Path model) {
		// validated every epoch: which epochs are validated does not then depend on
		// the clock
		return TrainingSettings.builder().imageDir(IMAGES).maskDir(MASKS).modelFile(
			model).trainingSize(192).batchSize(2).learningRate(1e-3)
			.validationFraction(0.2).seed(7).validationInterval(1);
	}

	@Test
	public void trainsSavesAndResumesLikeAnUninterruptedRun() throws Exception {
		// Uninterrupted: 3 epochs.
		Path a = tmp.getRoot().toPath().resolve("a/model.cenet");
		TrainingResult full = new Trainer(tiny(a).epochs(3).build()).train(null);
		List<TrainingHistory.Epoch> h = full.history().epochs();
		assertEquals(3, h.size());
		assertTrue("loss should fall: " + h.get(0).trainLoss() + " -> " + h.get(2)
			.trainLoss(), h.get(2).trainLoss() < h.get(0).trainLoss());
		assertTrue(Double.isFinite(h.get(2).valDice()) && Double.isFinite(h.get(2)
			.valAuc()));
		TrainedModel saved = ModelFile.load(full.modelFile());
		assertEquals(192, saved.trainingSize());
		assertEquals(3, saved.config().inputChannels());
		assertTrue(Files.exists(full.historyCsv()));
		assertFalse("a finished run needs no checkpoint", Files.exists(tiny(a)
			.build().checkpointFile()));
		// the calibrated threshold: stored with both Dice values of the saved
		// epoch, which it cannot make worse
		for (TrainingHistory.Epoch e : h)
			assertTrue(e.valDiceCalibrated() + " < " + e.valDice(), e
				.valDiceCalibrated() >= e.valDice());
		TrainingHistory.Epoch savedEpoch = h.get(full.bestEpoch() - 1);
		assertTrue(saved.hasThreshold());
		assertTrue(saved.threshold() + "", saved.threshold() >= 0 && saved
			.threshold() <= 1);
		assertEquals(savedEpoch.valDice(), Double.parseDouble(saved.metadata(
			TrainedModel.VALIDATION_DICE_AT_HALF)), 0);
		assertEquals(savedEpoch.valDiceCalibrated(), Double.parseDouble(saved
			.metadata(TrainedModel.VALIDATION_DICE_CALIBRATED)), 0);
		assertTrue(Files.readAllLines(full.historyCsv()).get(0).endsWith(
			",val_dice_calibrated"));

		// Interrupted after 2 epochs (as a kill would leave it: checkpoint of epoch
		// 2), then run again
		// with the same settings: it resumes by default.
		Path b = tmp.getRoot().toPath().resolve("b/model.cenet");
		TrainingResult cut = new Trainer(tiny(b).epochs(3).build()).train(
			cancelAfterEpoch(2));
		assertTrue(cut.stopReason(), cut.stopReason().contains("cancelled"));
		assertEquals("2", Checkpoint.load(tiny(b).build().checkpointFile())
			.property("epoch"));
		TrainingResult resumed = new Trainer(tiny(b).epochs(3).build()).train(null);
		List<TrainingHistory.Epoch> r = resumed.history().epochs();
		assertEquals(3, r.size());
		// Identical runs are identical to the bit on a CPU (each training op sums
		// in a fixed order; LayerGradientTest): so must a resumed run be.
		for (int e = 0; e < 3; e++)
			assertEquals("epoch " + (e + 1) + " loss", h.get(e).trainLoss(), r.get(e)
				.trainLoss(), 0.0);
		assertEquals(full.bestEpoch(), resumed.bestEpoch());
		float[] wa = ModelFile.load(a).weights().get("finalconv3.weight").data();
		float[] wb = ModelFile.load(b).weights().get("finalconv3.weight").data();
		assertArrayEquals(wa, wb, 0f);

		// Now finished: running it again would start over and replace the model; it
		// is refused ...
		byte[] model = Files.readAllBytes(a);
		for (ExistingModel policy : new ExistingModel[] { ExistingModel.RESUME,
			ExistingModel.STOP })
		{
			try {
				new Trainer(tiny(a).epochs(3).ifModelExists(policy).build()).train(
					null);
				fail(policy + " replaced a finished model");
			}
			catch (ModelInTheWayException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith(a +
					" already exists"));
				assertTrue(e.getMessage(), e.getMessage().contains("if_model_exists="));
			}
			assertArrayEquals(model, Files.readAllBytes(a));
		}
		// ... unless asked.
		TrainingResult again = new Trainer(tiny(a).epochs(1).ifModelExists(
			ExistingModel.OVERWRITE).build()).train(null);
		assertEquals(1, again.history().size());
		assertEquals(1, ModelFile.load(a).history().size());
	}

	/**
	 * Fine-tuning: every weight, the normalisation and the channel order come
	 * from the model.
	 */
	@Test
	public void fineTunesFromAModel() throws Exception {
		File initial = sc.fiji.cenet.commands.TestModels.file(
			new sc.fiji.cenet.model.CENetConfig(3, 1), "BGR");
		TrainedModel start = ModelFile.load(initial.toPath());
		Path m = tmp.getRoot().toPath().resolve("g/model.cenet");
		LogLines log = new LogLines();
		List<String> lines = log.lines;
		new Trainer(tiny(m).epochs(1).learningRate(1e-9).initialModel(initial
			.toPath()).build()).train(log);
		TrainedModel tuned = ModelFile.load(m);
		assertEquals("BGR", tuned.channelOrder());
		for (String name : new String[] { "firstconv.weight",
			"dblock.dilate2.weight", "finalconv3.weight" })
			assertArrayEquals(name, start.weights().get(name).data(), tuned.weights()
				.get(name).data(), 1e-5f);
		assertTrue(lines.toString(), lines.contains(
			"All weights and batch-norm statistics start from " + initial.getName()));
	}

	/**
	 * A model to fine-tune that takes other channels than the images is refused,
	 * naming both, before any training.
	 */
	@Test
	public void fineTuningRefusesImagesOfOtherChannels() throws Exception {
		File gray = sc.fiji.cenet.commands.TestModels.file(
			new sc.fiji.cenet.model.CENetConfig(1, 1), "RGB");
		Path m = tmp.getRoot().toPath().resolve("gray/model.cenet");
		try {
			new Trainer(tiny(m).epochs(1).initialModel(gray.toPath()).build()).train(
				null);
			fail("trained a 1-channel model on RGB images");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(
				"has 3 channels but initial_model " + gray.getName() + " takes 1"));
		}
		assertFalse(Files.exists(m));
	}

	/** With other classes only the last convolution starts fresh. */
	@Test
	public void anotherClassCountKeepsAllButTheLastConvolution()
		throws Exception
	{
		TrainedModel oneClass = ModelFile.load(sc.fiji.cenet.commands.TestModels
			.file(new sc.fiji.cenet.model.CENetConfig(3, 1), "BGR").toPath());
		LogLines log = new LogLines();
		List<String> lines = log.lines;
		sc.fiji.cenet.model.StateDict kept = Trainer.fineTuned(oneClass,
			new sc.fiji.cenet.model.CENetConfig(3, 3), log);
		assertFalse(kept.contains("finalconv3.weight"));
		assertFalse(kept.contains("finalconv3.bias"));
		assertEquals(oneClass.weights().size() - 2, kept.size());
		assertTrue(lines.toString(), lines.get(0).contains("finalconv3"));
	}

	/**
	 * A checkpoint of other settings is another run's: not mixed in, not
	 * replaced.
	 */
	@Test
	public void aCheckpointOfOtherSettingsIsNeitherResumedNorReplaced()
		throws Exception
	{
		Path m = tmp.getRoot().toPath().resolve("d/model.cenet");
		new Trainer(tiny(m).epochs(2).build()).train(cancelAfterEpoch(1));
		Path checkpoint = tiny(m).build().checkpointFile();
		byte[] before = Files.readAllBytes(checkpoint);
		for (ExistingModel policy : new ExistingModel[] { ExistingModel.RESUME,
			ExistingModel.STOP })
		{
			try {
				new Trainer(tiny(m).epochs(2).seed(8).ifModelExists(policy).build())
					.train(null);
				fail(policy + " mixed or replaced another run's checkpoint");
			}
			catch (ModelInTheWayException e) {
				assertTrue(e.getMessage(), e.getMessage().contains(
					"if_model_exists=") && e.getMessage().contains("overwrite"));
			}
			assertArrayEquals(before, Files.readAllBytes(checkpoint));
		}
		// another sampling validates differently: its loss is not comparable with
		// the checkpoint's best
		try {
			new Trainer(tiny(m).epochs(2).sampling(
				sc.fiji.cenet.data.SamplingMode.CROP).build()).train(null);
			fail("resumed a resize run with crop sampling");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(
				"sampling was resize, now crop"));
		}
		assertArrayEquals(before, Files.readAllBytes(checkpoint));
	}

	/**
	 * After crop sampling, validation runs on tiles at the images' own scale (256
	 * x 256 images, 192 crops: 4 tiles each).
	 */
	@Test
	public void cropTrainedModelsAreValidatedAtTheImagesOwnScale()
		throws Exception
	{
		Path m = tmp.getRoot().toPath().resolve("crop/model.cenet");
		TrainingResult r = new Trainer(tiny(m).epochs(1).sampling(
			sc.fiji.cenet.data.SamplingMode.CROP).build()).train(null);
		TrainingHistory.Epoch e = r.history().epochs().get(0);
		assertTrue(e.toString(), Double.isFinite(e.valLoss()) && Double.isFinite(e
			.valDice()) && Double.isFinite(e.valAuc()) && e.valAuc() > 0);
		TrainedModel model = ModelFile.load(r.modelFile());
		assertEquals("crop", model.metadata("training.sampling"));
		assertTrue(model.hasThreshold());
	}

	/**
	 * Without validation images (fraction 0, or a single pair) the training loss
	 * is monitored.
	 */
	@Test
	public void trainsWithoutValidation() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("e/model.cenet");
		LogLines log = new LogLines();
		List<String> lines = log.lines;
		TrainingResult r = new Trainer(tiny(m).epochs(1).validationFraction(0)
			.build()).train(log);
		assertNotNull(r.modelFile());
		assertTrue(Double.isNaN(r.history().epochs().get(0).valLoss()));
		assertTrue(Double.isNaN(r.history().epochs().get(0).valDiceCalibrated()));
		assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith(
			"No validation images: the model is saved " +
				"whenever the training loss falls")));
		// nothing to calibrate on: no threshold stored, masks use 0.5
		TrainedModel uncalibrated = ModelFile.load(r.modelFile());
		assertFalse(uncalibrated.hasThreshold());
		assertEquals(0.5, uncalibrated.threshold(), 0);
		assertTrue(lines.toString(), lines.contains(
			"No threshold calibrated (no validation images): masks use 0.5"));

		File one = tmp.newFolder("one"), oneMask = tmp.newFolder("oneMask");
		String image = IMAGES.list()[0];
		Files.copy(new File(IMAGES, image).toPath(), one.toPath().resolve(image));
		String base = image.substring(0, image.lastIndexOf('.'));
		for (String mask : MASKS.list())
			if (mask.startsWith(base + ".")) Files.copy(new File(MASKS, mask)
				.toPath(), oneMask.toPath().resolve(mask));
		TrainingResult single = new Trainer(tiny(tmp.getRoot().toPath().resolve(
			"f/model.cenet")).imageDir(one).maskDir(oneMask).epochs(1).build()).train(
				null);
		assertNotNull(single.modelFile());
	}

	/**
	 * The plateau schedule reloads the best weights when it halves the rate; a
	 * run stopped after that epoch resumes from them, as the uninterrupted run
	 * went on (its checkpoint held that epoch's own weights).
	 */
	@Test
	public void aPlateauRunResumedAfterAHalvingContinuesAsOneRun()
		throws Exception
	{
		Path a = tmp.getRoot().toPath().resolve("pa/model.cenet"), b = tmp.getRoot()
			.toPath().resolve("pb/model.cenet");
		// the halving epoch: its line follows the reload's
		List<String> lines = new java.util.ArrayList<>();
		TrainingResult full = new Trainer(plateau(a).build()).train(
			new sc.fiji.cenet.progress.ProgressListener()
			{

				@Override
				public void progress(double f, String msg) {
					if (msg != null && msg.startsWith("Epoch ") && msg.contains(" lr "))
						lines.add(msg);
				}

				@Override
				public void log(String line) {
					if (line.contains("reloaded epoch")) lines.add(line);
				}
			});
		List<TrainingHistory.Epoch> h = full.history().epochs();
		int halving = 0;
		for (int i = 1; i < lines.size() && halving == 0; i++)
			if (lines.get(i - 1).contains("reloaded epoch")) halving = Integer
				.parseInt(lines.get(i).replaceAll("^Epoch (\\d+):.*", "$1"));
		assertTrue("the run must halve before its last epoch: " + lines,
			halving > 0 && halving < h.size());
		// the history's rate is the one each epoch trained with
		assertEquals(1e-2, h.get(halving - 1).learningRate(), 1e-9);
		assertEquals(5e-3, h.get(halving).learningRate(), 1e-9);
		new Trainer(plateau(b).build()).train(cancelAfterEpoch(halving));
		TrainingResult resumed = new Trainer(plateau(b).build()).train(null);
		List<TrainingHistory.Epoch> r = resumed.history().epochs();
		assertEquals(h.size(), r.size());
		for (int e = halving; e < h.size(); e++)
			assertEquals("epoch " + (e + 1) + " loss", h.get(e).trainLoss(), r.get(e)
				.trainLoss(), 0.0);
		assertArrayEquals(ModelFile.load(a).weights().get("finalconv3.weight")
			.data(), ModelFile.load(b).weights().get("finalconv3.weight").data(), 0f);
	}

	/** Halves after every epoch without a lower validation loss. */
	private TrainingSettings.Builder plateau(Path model) {
		// a rate high enough that the validation loss soon rises
		return tiny(model).epochs(4).learningRate(1e-2).schedule(
			ScheduleKind.PLATEAU).plateau(0, 20, 1e-7);
	}

	private static sc.fiji.cenet.progress.ProgressListener cancelAfterEpoch(
		int epoch)
	{
		return new sc.fiji.cenet.progress.ProgressListener() {

			private int done;

			@Override
			public void progress(double f, String msg) {
				if (msg != null && msg.startsWith("Epoch ") && msg.contains(
					", val loss")) done++;
			}

			@Override
			public boolean isCancelled() {
				return done >= epoch;
			}
		};
	}

	@Test
	public void refusesFoldersWithoutPairsNamingThem() throws Exception {
		File empty = tmp.newFolder("empty");
		try {
			new Trainer(TrainingSettings.builder().imageDir(empty).maskDir(MASKS)
				.modelFile(tmp.getRoot().toPath().resolve("m.cenet")).build()).train(
					null);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("empty"));
		}
	}

	@Test
	public void refusesInvalidSettings() {
		try {
			tiny(tmp.getRoot().toPath().resolve("m.cenet")).trainingSize(200).build();
			fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("multiple of 32"));
		}
		try {
			tiny(tmp.getRoot().toPath().resolve("m.cenet")).classes(3).loss(
				LossKind.BCE).build();
			fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("ce_dice"));
		}
	}

	@Test
	public void cancelKeepsTheBestModel() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("c/model.cenet");
		int[] epochsSeen = { 0 };
		TrainingResult r = new Trainer(tiny(m).epochs(5).build()).train(
			new sc.fiji.cenet.progress.ProgressListener()
			{

				@Override
				public void progress(double f, String msg) {
					if (msg != null && msg.startsWith("Epoch 1:") && msg.contains(
						", val loss")) epochsSeen[0]++;
				}

				@Override
				public boolean isCancelled() {
					return epochsSeen[0] > 0;
				}
			});
		assertTrue(r.stopReason(), r.stopReason().contains("cancelled"));
		assertNotNull(r.modelFile());
		assertEquals(1, ModelFile.load(r.modelFile()).history().size());
	}

	@Test
	public void encoderWeightsFromATorchFileNamingOtherGlobalsAreRefused()
		throws Exception
	{
		Path hostile = tmp.getRoot().toPath().resolve("hostile.pth");
		try (java.io.InputStream in = getClass().getResourceAsStream(
			"/torch/malicious_zip.pth"))
		{
			Files.copy(in, hostile);
		}
		Path m = tmp.getRoot().toPath().resolve("e/model.cenet");
		try {
			new Trainer(tiny(m).epochs(1).encoderWeights(hostile).build()).train(
				null);
			fail("trained from " + hostile);
		}
		catch (java.io.IOException e) {
			assertEquals(hostile +
				": refuses to load 'posix system': a checkpoint may only hold tensors and dicts",
				e.getMessage());
		}
		assertFalse(Files.exists(m));
	}
}
