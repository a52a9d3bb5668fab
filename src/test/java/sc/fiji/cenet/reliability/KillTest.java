
package sc.fiji.cenet.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.ij.HeadlessRunner;
import sc.fiji.cenet.io.AtomicFiles;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.model.TrainingHistory;

/**
 * kill -9 at the worst moments, as a cluster's pre-emption or a user's
 * impatience would: in the middle of a file write, and in the middle of a
 * training that is then run again with the same command.
 */
public class KillTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static Process start(final File log, final Class<?> main,
		final String... args) throws IOException
	{
		final List<String> command = new ArrayList<>(Arrays.asList(new File(System
			.getProperty("java.home"), "bin/java").getPath(), "-Xmx2g", "-cp", System
				.getProperty("java.class.path"), main.getName()));
		command.addAll(Arrays.asList(args));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
			log).start();
	}

	private static String read(final File f) throws IOException {
		return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
	}

	private static void kill(final Process p) throws InterruptedException {
		p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
		assertTrue(p.waitFor(30, TimeUnit.SECONDS));
	}

	/**
	 * Killed mid-write: the file is the last complete version; the next write
	 * clears the leftover.
	 */
	@Test
	public void aKillDuringAWriteLeavesTheLastCompleteFile() throws Exception {
		final Path target = tmp.getRoot().toPath().resolve("model.cenet");
		final File log = tmp.newFile("writer.log");
		final Process writer = start(log, ModelWriter.class, target.toString());
		// wait for a few complete versions, then kill at a moment that falls inside
		// a write
		final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!read(log).contains("wrote 3") && System.nanoTime() < until)
			Thread.sleep(20);
		assertTrue(read(log), read(log).contains("wrote 3"));
		Thread.sleep(37);
		kill(writer);
		final byte[] data = Files.readAllBytes(target);
		assertEquals(ModelWriter.SIZE, data.length);
		for (final byte b : data)
			assertEquals("a torn file", data[0], b);
		// the kill left the write's temporary behind (or not, if it fell between
		// writes) ...
		AtomicFiles.write(target, out -> out.write(1));
		// ... the next write of the same file removes it
		try (Stream<Path> files = Files.list(target.getParent())) {
			assertEquals("model.cenet,writer.log", files.map(p -> p.getFileName()
				.toString()).sorted().collect(Collectors.joining(",")));
		}
	}

	/**
	 * Killed during training: running the same command again continues from the
	 * checkpoint (no re-start, nothing replaced), ends with every epoch in the
	 * history and a loadable model, and drops the checkpoint once finished.
	 */
	@Test
	public void aKilledTrainingContinuesWhenRunAgain() throws Exception {
		final File model = new File(tmp.getRoot(), "m.cenet");
		final File checkpoint = new File(model.getPath() + ".checkpoint");
		final String options =
			"image_folder=sample-data/train/images mask_folder=sample-data/train/masks " +
				"model_file=[" + model +
				"] training_size=192 batch_size=2 epochs=3 learning_rate=0.001 seed=3";
		final File log = tmp.newFile("train.log");
		final Process training = start(log, HeadlessRunner.class, "CE-Net Train",
			options);
		final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
		while (!checkpoint.isFile() && training.isAlive() && System
			.nanoTime() < until)
			Thread.sleep(20);
		assertTrue(read(log), checkpoint.isFile());
		kill(training);
		// the checkpoint is written before the model: a kill between the two leaves
		// no model yet,
		// and the run continued writes it from the checkpoint
		final boolean modelKept = model.isFile();

		final File again = tmp.newFile("again.log");
		final Process rerun = start(again, HeadlessRunner.class, "CE-Net Train",
			options);
		assertTrue(rerun.waitFor(300, TimeUnit.SECONDS));
		final String out = read(again);
		assertEquals(out, 0, rerun.exitValue());
		assertTrue(out, out.contains(
			"Resuming from m.cenet.checkpoint after epoch"));
		assertTrue(out, modelKept || out.contains(
			"Wrote the model of epoch 1, which an interruption had left " +
				"unwritten"));
		final TrainingHistory history = ModelFile.load(model.toPath()).history();
		assertTrue(out, history.size() >= 1);
		final List<TrainingHistory.Epoch> epochs = TrainingHistory.readCsv(Files
			.newBufferedReader(tmp.getRoot().toPath().resolve("m-history.csv")))
			.epochs();
		assertEquals(out, 3, epochs.size());
		for (int e = 0; e < 3; e++)
			assertEquals("epochs 1, 2, 3 once each", e + 1, epochs.get(e).number());
		assertTrue("a finished run drops its checkpoint", !checkpoint.exists());
	}
}
