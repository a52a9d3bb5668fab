
package sc.fiji.cenet.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.commands.PredictionOptions;
import sc.fiji.cenet.data.ImageFileReader;
import sc.fiji.cenet.data.ImagePair;
import sc.fiji.cenet.data.ImagePairing;
import sc.fiji.cenet.data.LoadedImage;
import sc.fiji.cenet.data.SamplingMode;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.metrics.ConfusionCounts;
import sc.fiji.cenet.metrics.ThresholdCalibration;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.predict.CENetModel;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * The schedule uses the whole budget, a resumed run continues it, a run resumes
 * only itself, and validation sees the images as CE-Net Predict does.
 */
public class TrainerScheduleTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final File IMAGES = new File("sample-data/train/images"),
			MASKS = new File("sample-data/train/masks"), TEST_IMAGES = new File(
				"sample-data/test/images"), TEST_MASKS = new File(
					"sample-data/test/masks");

	/** Seconds a training step takes on the simulated clock. */
	private static final double STEP_SECONDS = 100;

	/**
	 * A simulated clock that advances {@value #STEP_SECONDS} s with every
	 * training step (told by the trainer's "Epoch N: batch k of m" lines), and
	 * the log lines; cancels after {@code cancelAfter} epochs if set.
	 */
	private static final class StepClock implements ProgressListener {

		long nanos;
		final List<String> lines = new ArrayList<>();
		int epochsDone, cancelAfter = Integer.MAX_VALUE;
		/** Seconds a validation takes, 0 unless set. */
		double validationSeconds;
		/** A stall of this many seconds in the validation of epoch stallEpoch. */
		int stallEpoch;
		double stallSeconds;

		@Override
		public void progress(double fraction, String message) {
			if (message == null) return;
			if (message.matches("Epoch \\d+: batch .*")) nanos +=
				(long) (STEP_SECONDS * 1e9);
			else if (message.matches("Epoch \\d+: validating on .*")) nanos +=
				(long) ((validationSeconds + (message.startsWith("Epoch " + stallEpoch +
					":") ? stallSeconds : 0)) * 1e9);
			else if (message.matches("Epoch \\d+: loss .*")) epochsDone++;
		}

		@Override
		public void log(String line) {
			lines.add(line);
		}

		@Override
		public boolean isCancelled() {
			return epochsDone >= cancelAfter;
		}

		double seconds() {
			return nanos / 1e9;
		}
	}

	/**
	 * A 16-bit image among 8-bit ones is refused before any training, naming it
	 * and its key: it trained as x/255, or stopped the run at its first
	 * validation with a message that named no file.
	 */
	@Test
	public void anImageOfAnotherBitDepthIsRefusedBeforeTraining()
		throws Exception
	{
		File images = tmp.newFolder("mixed", "images"), masks = tmp.newFolder(
			"mixed", "masks"), valImages = tmp.newFolder("mixed", "val-images"),
				valMasks = tmp.newFolder("mixed", "val-masks");
		for (String name : new String[] { "a", "b", "c" })
			saveStripe(64, 64, 10, new File(images, name + ".tif"), new File(masks,
				name + ".tif"));
		ij.process.ShortProcessor deep = new ij.process.ShortProcessor(64, 64);
		deep.add(999);
		save(deep, new File(valImages, "v.tif"));
		save(new ij.process.ByteProcessor(64, 64), new File(valMasks, "v.tif"));
		Path m = tmp.getRoot().toPath().resolve("mixed/model.cenet");
		TrainingSettings s = TrainingSettings.builder().imageDir(images).maskDir(
			masks).validationDirs(valImages, valMasks).modelFile(m).trainingSize(192)
			.epochs(1).build();
		try {
			new Trainer(s).train(null);
			fail("trained on a 16-bit image as on 8-bit ones");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(
				"v.tif of validation_image_folder does not suit the normalisation " +
					"of the first training image, a.tif: "));
			assertTrue(e.getMessage(), e.getMessage().contains("up to 999"));
		}
		assertFalse(Files.exists(s.checkpointFile()));
		assertFalse(Files.exists(m));
	}

	/**
	 * An image of 4 channels is refused before training, naming it and what to
	 * do: it failed after the network was built with a message naming no file.
	 */
	@Test
	public void anImageOfFourChannelsIsRefusedBeforeTraining() throws Exception {
		File images = tmp.newFolder("four", "images"), masks = tmp.newFolder("four",
			"masks");
		for (String name : new String[] { "a", "b" }) {
			ij.process.ColorProcessor image = new ij.process.ColorProcessor(64, 64);
			image.setColor(new java.awt.Color(40, 200, 90));
			image.fillRect(10, 0, 8, 64);
			save(image, new File(images, name + ".tif"));
			ij.process.ByteProcessor mask = new ij.process.ByteProcessor(64, 64);
			mask.setValue(255);
			mask.fillRect(10, 0, 8, 64);
			save(mask, new File(masks, name + ".tif"));
		}
		ij.ImageStack channels = new ij.ImageStack(64, 64);
		for (int c = 0; c < 4; c++)
			channels.addSlice(new ij.process.ByteProcessor(64, 64));
		ij.ImagePlus four = new ij.ImagePlus("c", channels);
		four.setDimensions(4, 1, 1);
		assertTrue(new ij.io.FileSaver(new ij.CompositeImage(four)).saveAsTiff(
			new File(images, "c.tif").getPath()));
		save(new ij.process.ByteProcessor(64, 64), new File(masks, "c.tif"));
		Path m = tmp.getRoot().toPath().resolve("four/model.cenet");
		try {
			new Trainer(TrainingSettings.builder().imageDir(images).maskDir(masks)
				.validationFraction(0).modelFile(m).trainingSize(192).epochs(1).build())
				.train(null);
			fail("trained on an image of 4 channels");
		}
		catch (IllegalArgumentException e) {
			assertEquals("c.tif of image_folder has 4 channels; CE-Net trains on " +
				"gray or RGB images (this model takes 3) and converts only between " +
				"the two: make the image RGB or gray (Image > Color > Stack to RGB, " +
				"or Image > Type > 8-bit)", e.getMessage());
		}
		assertFalse(Files.exists(m));
	}

	/**
	 * A run whose loss stops being a number has ended: the message names the key
	 * to change and the way to start over, since resuming would diverge again.
	 */
	@Test
	public void aNonFiniteLossEndsTheRunNamingWhatToChange() throws Exception {
		File images = tmp.newFolder("nan", "images"), masks = tmp.newFolder("nan",
			"masks");
		for (String name : new String[] { "a", "b" }) {
			ij.process.FloatProcessor image = new ij.process.FloatProcessor(64, 64);
			image.add(1);
			// finite (reading refuses NaN and infinity), but beyond what the
			// percentile normalisation brings into range: the network overflows
			image.setf(5, 5, 3e38f);
			save(image, new File(images, name + ".tif"));
			ij.process.ByteProcessor mask = new ij.process.ByteProcessor(64, 64);
			mask.setValue(255);
			mask.fillRect(10, 0, 8, 64);
			save(mask, new File(masks, name + ".tif"));
		}
		Path m = tmp.getRoot().toPath().resolve("nan/model.cenet");
		LogLines log = new LogLines();
		List<String> lines = log.lines;
		TrainingResult r = new Trainer(TrainingSettings.builder().imageDir(images)
			.maskDir(masks).modelFile(m).trainingSize(192).epochs(3).learningRate(
				1e-3).build()).train(log);
		assertTrue(r.stopReason(), r.stopReason().startsWith(
			"the training loss became NaN in epoch 1; lower learning_rate (now 0.001) " +
				"or check the input data, and run again with if_model_exists=overwrite"));
		assertFalse(lines.toString(), lines.toString().contains("=resume"));
	}

	/**
	 * if_model_exists=overwrite with inputs that cannot train keeps the run it
	 * would have replaced resumable: its checkpoint goes only once the inputs are
	 * read.
	 */
	@Test
	public void overwriteWithBadInputsKeepsTheOldCheckpoint() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("old/model.cenet");
		TrainingSettings s = tiny(m).epochs(3).maskDir(tmp.newFolder("no-masks"))
			.ifModelExists(ExistingModel.OVERWRITE).build();
		Files.createDirectories(m.getParent());
		byte[] old = { 1, 2, 3 };
		Files.write(s.checkpointFile(), old);
		try {
			new Trainer(s).train(null);
			fail("trained without masks");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("mask"));
		}
		assertTrue(java.util.Arrays.equals(old, Files.readAllBytes(s
			.checkpointFile())));
	}

	/**
	 * A run killed after its last epoch's checkpoint, before deleting it, has
	 * ended: run again, it trains no epoch more (it trained one, changing the
	 * kept model's batch-norm statistics or, with plateau, its weights). And a
	 * run that replaces it, cancelled before its first model, reports no model
	 * (it reported the old file as its own, and a checkpoint that was not there).
	 */
	@Test
	public void aRunKilledAfterItsLastEpochIsNotTrainedFurther()
		throws Exception
	{
		Path m = tmp.getRoot().toPath().resolve("ended/model.cenet");
		TrainingSettings s = tiny(m).epochs(2).build();
		try {
			new Trainer(s).train(new sc.fiji.cenet.progress.ProgressListener() {

				@Override
				public void progress(double fraction, String message) {
					// the last epoch's line comes after its checkpoint, before the end
					if (message != null && message.startsWith("Epoch 2: loss"))
						throw new IllegalStateException("killed");
				}
			});
			fail("not killed");
		}
		catch (IllegalStateException e) {
			assertEquals("killed", e.getMessage());
		}
		assertTrue(Files.exists(s.checkpointFile()));
		byte[] model = Files.readAllBytes(m);
		LogLines log = new LogLines();
		List<String> lines = log.lines;
		TrainingResult again = new Trainer(s).train(log);
		assertEquals("all 2 epochs done", again.stopReason());
		assertEquals(2, again.history().size());
		assertTrue(java.util.Arrays.equals(model, Files.readAllBytes(m)));
		assertFalse(Files.exists(s.checkpointFile()));
		assertFalse(lines.toString(), lines.toString().contains("=resume"));

		// overwrite, cancelled before its first model: the old file is not this
		// run's model, and there is no checkpoint to resume
		lines.clear();
		TrainingResult cancelled = new Trainer(tiny(m).epochs(2).ifModelExists(
			ExistingModel.OVERWRITE).build()).train(
				new sc.fiji.cenet.progress.ProgressListener()
				{

					private boolean training;

					@Override
					public void progress(double fraction, String message) {
						training |= message != null && message.startsWith("Epoch 1: batch");
					}

					@Override
					public boolean isCancelled() {
						return training;
					}

					@Override
					public void log(String message) {
						lines.add(message);
					}
				});
		assertEquals(null, cancelled.modelFile());
		assertTrue(lines.toString(), lines.toString().contains(
			"no model was saved"));
		assertFalse(lines.toString(), lines.toString().contains("=resume"));
		assertTrue(java.util.Arrays.equals(model, Files.readAllBytes(m)));
	}

	/**
	 * An 8-bit image of 40 with a vertical stripe of 200, 8 pixels wide from x,
	 * and the same as its mask.
	 */
	private static void saveStripe(int width, int height, int x, File image,
		File mask)
	{
		ij.process.ByteProcessor ip = new ij.process.ByteProcessor(width, height);
		ip.add(40);
		ip.setValue(200);
		ip.fillRect(x, 0, 8, height);
		save(ip, image);
		save(ip.duplicate(), mask);
	}

	private static void save(ij.process.ImageProcessor ip, File file) {
		assertTrue(new ij.io.FileSaver(new ij.ImagePlus(file.getName(), ip))
			.saveAsTiff(file.getPath()));
	}

	private TrainingSettings.Builder tiny(Path model) {
		return TrainingSettings.builder().imageDir(IMAGES).maskDir(MASKS).modelFile(
			model).trainingSize(192).batchSize(2).learningRate(1e-3)
			.validationFraction(0.2).seed(7);
	}

	/**
	 * time_limit=30 and nothing else: the run uses the 30 minutes, annealing to
	 * the end, and is finished.
	 */
	@Test
	public void usesTheWholeTimeLimit() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("t/model.cenet");
		StepClock clock = new StepClock();
		TrainingSettings s = tiny(m).timeLimitMinutes(30).build();
		TrainingResult r = new Trainer(s, () -> clock.nanos).train(clock);
		// 6 training images, batch 2: 3 steps, 300 s an epoch; the sixth ends at
		// the limit
		assertTrue(r.stopReason(), r.stopReason().startsWith(
			"time limit of 30 minutes: ended after epoch 6"));
		assertTrue(clock.seconds() + " s", clock.seconds() >= 29 * 60 && clock
			.seconds() <= 30 * 60 + 3 * STEP_SECONDS);
		List<TrainingHistory.Epoch> h = r.history().epochs();
		assertEquals(6, h.size());
		assertTrue("annealed: " + h.get(5).learningRate(), h.get(5)
			.learningRate() < 0.05 * 1e-3);
		assertTrue("near the peak early on: " + h.get(0).learningRate(), h.get(0)
			.learningRate() > 0.9 * 1e-3);
		assertTrue("the last epoch is validated", Double.isFinite(h.get(5)
			.valLoss()));
		assertTrue(clock.lines.toString(), clock.lines.stream().anyMatch(l -> l
			.startsWith("Schedule fitted to the time limit: epoch 1 took 300.0 s")));
		assertFalse("the run is finished", Files.exists(s.checkpointFile()));
		assertTrue(Files.exists(m));
	}

	/**
	 * A validation that falls due near the limit ends the run when one more epoch
	 * and the final validation would end further past the limit than it is before
	 * it; it used to overshoot by an epoch and a validation.
	 */
	@Test
	public void aDueValidationNearTheLimitIsTheLast() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("t/model.cenet");
		StepClock clock = new StepClock();
		clock.validationSeconds = 80;
		TrainingSettings s = tiny(m).timeLimitMinutes(25.5).build();
		TrainingResult r = new Trainer(s, () -> clock.nanos).train(clock);
		// 300 s an epoch; validated after epoch 1 (ends at 380 s), then once 10%
		// of the training since covers a validation: after epoch 4, at 1360 s, 170
		// s before the limit; epoch 5 and its validation would end at 1740 s
		assertTrue(r.stopReason(), r.stopReason().startsWith(
			"time limit of 25.5 minutes: ended after epoch 4"));
		assertEquals(1360, clock.seconds(), 1e-6);
		assertEquals(4, r.history().epochs().size());
		// 300 s of training and 30 s of validation an epoch on average
		assertTrue(clock.lines.toString(), clock.lines.stream().anyMatch(l -> l
			.startsWith("Schedule fitted to the time limit: epoch 1 took 300.0 s " +
				"and its validation 80.0 s, so about 5 epochs fit in 25.5 minutes")));
	}

	/**
	 * A stall in one validation (a laptop suspended, a paused process) neither
	 * stops the later validations nor ends a timed run early: the cadence and the
	 * end follow the shortest validation measured. Taking the stalled one as the
	 * cost validated no epoch but the last and ended this run after epoch 5.
	 */
	@Test
	public void aStalledValidationIsNotTakenAsItsCost() throws Exception {
		StepClock clock = new StepClock();
		clock.validationSeconds = 80;
		clock.stallEpoch = 4;
		clock.stallSeconds = 1000;
		TrainingResult r = new Trainer(tiny(tmp.getRoot().toPath().resolve(
			"stall/model.cenet")).timeLimitMinutes(60).build(), () -> clock.nanos)
			.train(clock);
		// 300 s an epoch; validated after epoch 1, then once 10% of the training
		// since covers 80 s: after epochs 4 (stalled, ends at 2360 s), 7 and the
		// last, 8, whose end (3720 s) is nearer to the limit than epoch 7's
		List<Integer> validated = new ArrayList<>();
		for (TrainingHistory.Epoch e : r.history().epochs())
			if (Double.isFinite(e.valLoss())) validated.add(e.number());
		assertEquals(Arrays.asList(1, 4, 7, 8), validated);
		assertTrue(r.stopReason(), r.stopReason().startsWith(
			"time limit of 60 minutes: ended after epoch 8"));
		assertEquals(3720, clock.seconds(), 1e-6);
	}

	/**
	 * With validation_interval the fitted line names it, and gives no validation
	 * time when epoch 1 was not validated. The line comes with epoch 1: the run
	 * is cancelled after it.
	 */
	@Test
	public void theFittedLineNamesTheValidationInterval() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("interval/model.cenet");
		StepClock clock = new StepClock();
		clock.validationSeconds = 80;
		clock.cancelAfter = 1;
		new Trainer(tiny(m).timeLimitMinutes(30).validationInterval(3).build(),
			() -> clock.nanos).train(clock);
		assertTrue(clock.lines.toString(), clock.lines.contains(
			"Schedule fitted to the time limit: epoch 1 took 300.0 s, so about 6 " +
				"epochs fit in 30 minutes; the learning rate reaches 0 at the limit, " +
				"validated every 3 epochs and after the last"));
	}

	/**
	 * Validation reports its tiles (and images, when there are several) as the
	 * epoch's progress, and a cancel reaches it: the run stops there, resumable.
	 * Its tiles go in batches of the training batch size: two of the 256 x 256
	 * image's four 192 x 192 tiles at a time.
	 */
	@Test
	public void validationReportsItsProgressAndStopsOnCancel() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("cancel-validation/model.cenet");
		List<String> messages = new ArrayList<>();
		TrainingResult r = new Trainer(tiny(m).epochs(3).build()).train(
			new ProgressListener()
			{

				@Override
				public void progress(double fraction, String message) {
					if (message != null) messages.add(message);
				}

				@Override
				public boolean isCancelled() {
					return messages.stream().anyMatch(l -> l.startsWith(
						"Epoch 1: validating tile"));
				}
			});
		assertTrue(messages.toString(), messages.contains(
			"Epoch 1: validating tile 2 of 4"));
		assertFalse(messages.toString(), messages.contains(
			"Epoch 1: validating tile 1 of 4"));
		assertEquals("cancelled by the user while validating epoch 1", r
			.stopReason());
		assertEquals(null, r.modelFile());
		assertFalse(messages.toString(), messages.stream().anyMatch(l -> l
			.startsWith("Epoch 2")));
	}

	/**
	 * Validation batches no more tiles than a training step holds images: with
	 * batch_size 8 and 2 training images, a 448 x 192 validation image's 4 tiles
	 * (one row) go 2 at a time.
	 */
	@Test
	public void validationBatchesNoMoreTilesThanATrainingStepHolds()
		throws Exception
	{
		File images = tmp.newFolder("few", "images"), masks = tmp.newFolder("few",
			"masks"), valImages = tmp.newFolder("few", "val-images"), valMasks = tmp
				.newFolder("few", "val-masks");
		for (String name : new String[] { "a", "b" })
			saveStripe(192, 192, 10, new File(images, name + ".tif"), new File(masks,
				name + ".tif"));
		saveStripe(448, 192, 100, new File(valImages, "v.tif"), new File(valMasks,
			"v.tif"));
		List<String> messages = new ArrayList<>();
		new Trainer(TrainingSettings.builder().imageDir(images).maskDir(masks)
			.validationDirs(valImages, valMasks).modelFile(tmp.getRoot().toPath()
				.resolve("few/model.cenet")).trainingSize(192).batchSize(8).epochs(1)
			.build()).train(new ProgressListener()
		{

				@Override
				public void progress(double fraction, String message) {
					if (message != null && message.contains("validating tile")) messages
						.add(message);
				}
			});
		assertEquals(Arrays.asList("Epoch 1: validating tile 2 of 4",
			"Epoch 1: validating tile 4 of 4"), messages);
	}

	/**
	 * A run interrupted under a time limit continues its clock and its schedule
	 * when run again.
	 */
	@Test
	public void aResumedRunContinuesItsBudget() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("r/model.cenet");
		TrainingSettings s = tiny(m).timeLimitMinutes(30).build();
		StepClock first = new StepClock();
		first.cancelAfter = 3;
		TrainingResult cut = new Trainer(s, () -> first.nanos).train(first);
		assertTrue(cut.stopReason(), cut.stopReason().contains("cancelled"));
		assertTrue(Files.exists(s.checkpointFile()));
		StepClock second = new StepClock();
		TrainingResult rest = new Trainer(s, () -> second.nanos).train(second);
		assertEquals("the epochs of both parts: as one run", 6, rest.history()
			.size());
		assertEquals(first.seconds() + second.seconds(), 6 * 3 * STEP_SECONDS, 0.5);
		assertTrue(rest.stopReason(), rest.stopReason().startsWith(
			"time limit of 30 minutes: ended after epoch 6"));
		assertTrue(rest.history().epochs().get(5).learningRate() < 0.05 * 1e-3);
		assertFalse(Files.exists(s.checkpointFile()));
	}

	/**
	 * A kill after an epoch's checkpoint but before its model write: the same
	 * command writes the model from the checkpoint and continues.
	 */
	@Test
	public void aModelBehindItsCheckpointIsWrittenOnResume() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("k/model.cenet");
		TrainingSettings s = tiny(m).epochs(2).validationInterval(1).build();
		StepClock first = new StepClock();
		first.cancelAfter = 1;
		new Trainer(s, () -> first.nanos).train(first);
		assertEquals("1", ModelFile.loadMetadata(m).getProperty(
			TrainedModel.TRAINING_EPOCH));
		Files.delete(m); // as if killed between the checkpoint and the model write
		StepClock second = new StepClock();
		TrainingResult r = new Trainer(s, () -> second.nanos).train(second);
		assertTrue(second.lines.toString(), second.lines.contains(
			"Wrote the model of epoch 1, which an interruption had left unwritten"));
		assertEquals(2, r.history().size());
		assertTrue(Files.exists(m));
		assertFalse(Files.exists(s.checkpointFile()));
	}

	/**
	 * A checkpoint is resumed only by the run that wrote it; any other setting or
	 * data is named and refused.
	 */
	@Test
	public void resumesOnlyTheSameRunNamingWhatDiffers() throws Exception {
		Path m = tmp.getRoot().toPath().resolve("d/model.cenet");
		StepClock first = new StepClock();
		first.cancelAfter = 1;
		new Trainer(tiny(m).epochs(3).build(), () -> first.nanos).train(first);
		Path checkpoint = tiny(m).build().checkpointFile();
		byte[] before = Files.readAllBytes(checkpoint), model = Files.readAllBytes(
			m);
		File fewer = tmp.newFolder("fewer");
		for (String name : IMAGES.list())
			if (!name.startsWith("07")) Files.copy(new File(IMAGES, name).toPath(),
				fewer.toPath().resolve(name));
		Object[][] others = { { tiny(m).epochs(3).learningRate(2e-3),
			"learning_rate was 0.001, now 0.002" }, { tiny(m).epochs(3).augmentation(
				sc.fiji.cenet.data.AugmentationSettings.none()),
				"augmentation was geometric, now none;" }, { tiny(m).epochs(3)
					.validationInterval(2), "validation_interval was " }, { tiny(m)
						.epochs(3).schedule(ScheduleKind.PLATEAU),
						"schedule was cosine, now plateau" }, { tiny(m).epochs(5),
							"epochs was 3, now 5" }, { tiny(m).epochs(3).loss(LossKind.BCE),
								"loss was dice_bce, now bce" }, { tiny(m).epochs(3)
									.learningRate(2e-3).loss(LossKind.BCE),
									"learning_rate was 0.001, now 0.002; loss was dice_bce, now bce; " +
										"run the same command" }, { tiny(m).epochs(3).imageDir(
											fewer), "the files of image_folder differ" } };
		for (Object[] other : others) {
			try {
				new Trainer(((TrainingSettings.Builder) other[0]).build()).train(null);
				fail("resumed another run: " + other[1]);
			}
			catch (ModelInTheWayException e) {
				assertTrue(e.getMessage(), e.getMessage().contains(
					" is a checkpoint of a different run: " + other[1]));
				assertTrue(e.getMessage(), e.getMessage().contains(
					"if_model_exists=overwrite"));
			}
			assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(
				checkpoint)));
			assertTrue(java.util.Arrays.equals(model, Files.readAllBytes(m)));
		}
	}

	/**
	 * The stored threshold and validation Dice are those of the validation images
	 * predicted as CE-Net Predict predicts them with the saved model: whole
	 * images, tiles of the training size at their own scale (256 x 256 images,
	 * 192 training size), for resize- and crop-trained models.
	 */
	@Test
	public void theThresholdIsCalibratedOnPredictionsMadeAsCENetPredictMakesThem()
		throws Exception
	{
		for (SamplingMode sampling : SamplingMode.values()) {
			Path m = tmp.getRoot().toPath().resolve(sampling + "/model.cenet");
			new Trainer(tiny(m).epochs(2).validationDirs(TEST_IMAGES, TEST_MASKS)
				.sampling(sampling).build()).train(null);
			List<float[]> scores = new ArrayList<>();
			List<boolean[]> truth = new ArrayList<>();
			TrainedModel stored;
			try (CENetModel model = CENetModel.open(m, false)) {
				stored = model.trainedModel();
				assertEquals("auto", stored.metadata(TrainedModel.PREDICTION_MODE));
				PredictionSettings asPredict = new PredictionOptions(m.toFile())
					.settings(stored);
				for (ImagePair pair : ImagePairing.pair(TEST_IMAGES, TEST_MASKS)
					.requirePairs())
				{
					LoadedImage image = ImageFileReader.readStack(pair.image());
					Img<FloatType> p = model.probabilities(image.image(), ImageAxes.of(
						"XYC"), image.bitDepth(), asPredict, ProgressListener.NONE);
					float[] s = new float[(int) (image.width() * image.height())];
					int i = 0;
					for (FloatType v : Views.flatIterable(p))
						s[i++] = v.get();
					boolean[] t = new boolean[s.length];
					i = 0;
					for (UnsignedByteType v : Views.flatIterable(
						sc.fiji.cenet.data.TrainingSet.read(pair, 1).labels()))
						t[i++] = v.get() != 0;
					scores.add(s);
					truth.add(t);
				}
			}
			float[] s = concat(scores);
			boolean[] t = concatBooleans(truth), half = new boolean[s.length],
					atModel = new boolean[s.length];
			for (int i = 0; i < s.length; i++) {
				half[i] = s[i] >= 0.5f;
				atModel[i] = s[i] >= stored.threshold();
			}
			String what = sampling + ": ";
			assertTrue(what + "calibrated", stored.hasThreshold());
			double storedCalibrated = Double.parseDouble(stored.metadata(
				TrainedModel.VALIDATION_DICE_CALIBRATED));
			assertEquals(what + "Dice at 0.5", Double.parseDouble(stored.metadata(
				TrainedModel.VALIDATION_DICE_AT_HALF)), ConfusionCounts.count(t, half,
					null).dice(), 1e-3);
			assertEquals(what + "Dice at the stored threshold", storedCalibrated,
				ConfusionCounts.count(t, atModel, null).dice(), 1e-3);
			assertEquals(what + "the best Dice of Predict's maps", storedCalibrated,
				ThresholdCalibration.maximisingDice(s, t, null).dice(), 1e-3);
		}
	}

	private static float[] concat(List<float[]> parts) {
		int n = 0;
		for (float[] p : parts)
			n += p.length;
		float[] out = new float[n];
		int at = 0;
		for (float[] p : parts) {
			System.arraycopy(p, 0, out, at, p.length);
			at += p.length;
		}
		return out;
	}

	private static boolean[] concatBooleans(List<boolean[]> parts) {
		int n = 0;
		for (boolean[] p : parts)
			n += p.length;
		boolean[] out = new boolean[n];
		int at = 0;
		for (boolean[] p : parts) {
			System.arraycopy(p, 0, out, at, p.length);
			at += p.length;
		}
		return out;
	}
}
