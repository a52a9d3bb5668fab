package sc.fiji.cenet.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
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

/** End-to-end training on the shipped synthetic sample data, at the smallest network size. */
public class TrainerTest {
	@Rule public TemporaryFolder tmp = new TemporaryFolder();

	private static final File IMAGES = new File("sample-data/train/images"), MASKS = new File("sample-data/train/masks");

	private TrainingSettings.Builder tiny(Path model) {
		return TrainingSettings.builder().imageDir(IMAGES).maskDir(MASKS).modelFile(model).trainingSize(192)
			.batchSize(2).learningRate(1e-3).validationFraction(0.2).seed(7);
	}

	@Test
	public void trainsSavesAndResumesLikeAnUninterruptedRun() throws Exception {
		// Uninterrupted: 3 epochs.
		Path a = tmp.getRoot().toPath().resolve("a/model.cenet");
		TrainingResult full = new Trainer(tiny(a).epochs(3).resume(false).build()).train(null);
		List<TrainingHistory.Epoch> h = full.history().epochs();
		assertEquals(3, h.size());
		assertTrue("loss should fall: " + h.get(0).trainLoss() + " -> " + h.get(2).trainLoss(),
			h.get(2).trainLoss() < h.get(0).trainLoss());
		assertTrue(Double.isFinite(h.get(2).valDice()) && Double.isFinite(h.get(2).valAuc()));
		TrainedModel saved = ModelFile.load(full.modelFile());
		assertEquals(192, saved.trainingSize());
		assertEquals(3, saved.config().inputChannels());
		assertTrue(Files.exists(full.historyCsv()));

		// Interrupted after 2 epochs (as a kill would leave it: checkpoint of epoch 2), then resumed to 3.
		Path b = tmp.getRoot().toPath().resolve("b/model.cenet");
		new Trainer(tiny(b).epochs(2).resume(false).build()).train(null);
		assertEquals("2", Checkpoint.load(tiny(b).build().checkpointFile()).property("epoch"));
		TrainingResult resumed = new Trainer(tiny(b).epochs(3).resume(true).build()).train(null);
		List<TrainingHistory.Epoch> r = resumed.history().epochs();
		assertEquals(3, r.size());
		for (int e = 0; e < 3; e++)
			assertEquals("epoch " + (e + 1) + " loss", h.get(e).trainLoss(), r.get(e).trainLoss(), 2e-3 * h.get(e).trainLoss());
		float[] wa = Checkpoint.load(tiny(a).build().checkpointFile()).group("weights").get("finalconv3.weight").data();
		float[] wb = Checkpoint.load(tiny(b).build().checkpointFile()).group("weights").get("finalconv3.weight").data();
		assertArrayEquals(wa, wb, 1e-3f);
	}

	@Test
	public void refusesFoldersWithoutPairsNamingThem() throws Exception {
		File empty = tmp.newFolder("empty");
		try {
			new Trainer(TrainingSettings.builder().imageDir(empty).maskDir(MASKS)
				.modelFile(tmp.getRoot().toPath().resolve("m.cenet")).build()).train(null);
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
			tiny(tmp.getRoot().toPath().resolve("m.cenet")).classes(3).loss(LossKind.BCE).build();
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
		TrainingResult r = new Trainer(tiny(m).epochs(5).resume(false).build()).train(new sc.fiji.cenet.progress.ProgressListener() {
			@Override public void progress(double f, String msg) { if (msg != null && msg.startsWith("Epoch 1:") && msg.contains("val")) epochsSeen[0]++; }
			@Override public boolean isCancelled() { return epochsSeen[0] > 0; }
		});
		assertTrue(r.stopReason(), r.stopReason().contains("cancelled"));
		assertNotNull(r.modelFile());
		assertEquals(1, ModelFile.load(r.modelFile()).history().size());
	}
}
