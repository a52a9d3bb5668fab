
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.command.CommandModule;

import ij.process.ByteProcessor;
import sc.fiji.cenet.metrics.MetricsTable;
import sc.fiji.cenet.model.CENetConfig;

/**
 * Job arrays: N shards of CE-Net Predict Folder and CE-Net Evaluate, then
 * CE-Net Merge Metrics, give what one unsharded run gives, byte for byte; a
 * shard re-run with skip_existing redoes only what is missing.
 */
public class ShardsTest {

	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	private static final int IMAGES = 6, SHARDS = 4;
	private static final String[] NAMES = { "01.png", "02.png", "03.png",
		"04.png", "05.png", "06.png" };

	@ClassRule
	public static final CommandRunner runner = new CommandRunner();
	private static File model, in, truth, fov, whole, sharded;

	@BeforeClass
	public static void setUp() throws Exception {
		model = TestModels.file(new CENetConfig(3, 1), "BGR");
		in = tmp.newFolder("in");
		truth = tmp.newFolder("truth");
		fov = tmp.newFolder("fov");
		for (int i = 0; i < IMAGES; i++) {
			EvaluateCommandTest.save(TestImages.rgb("x", 10 + i, 48, 40, 1)
				.getProcessor(), in, NAMES[i]);
			EvaluateCommandTest.save(TestImages.mask("x", 10 + i, 48, 40)
				.getProcessor(), truth, NAMES[i]);
			final ByteProcessor f = new ByteProcessor(48, 40);
			for (int p = 0; p < 48 * 30; p++)
				f.set(p, 255);
			EvaluateCommandTest.save(f, fov, NAMES[i]);
		}
		// one run
		whole = tmp.newFolder("whole");
		assertEquals(IMAGES, predict(whole, "1/1").getOutput("predicted"));
		runner.run(EvaluateCommand.class, "prediction_folder", whole,
			"truth_folder", truth, "fov_folder", fov);
		// four shards, as a job array would run them (in any order)
		sharded = tmp.newFolder("sharded");
		int predicted = 0;
		for (final int k : new int[] { 3, 1, 4, 2 })
			predicted += (Integer) predict(sharded, k + "/" + SHARDS).getOutput(
				"predicted");
		assertEquals(IMAGES, predicted);
		for (final int k : new int[] { 2, 4, 1, 3 })
			runner.run(EvaluateCommand.class, "prediction_folder", sharded,
				"truth_folder", truth, "fov_folder", fov, "shard", k + "/" + SHARDS);
	}

	private static CommandModule predict(final File out, final String shard,
		final Object... more) throws Exception
	{
		final Object[] keys = { "model_file", model, "input_folder", in,
			"output_folder", out, "shard", shard };
		final Object[] all = Arrays.copyOf(keys, keys.length + more.length);
		System.arraycopy(more, 0, all, keys.length, more.length);
		return runner.run(PredictFolderCommand.class, all);
	}

	private static byte[] bytes(final File f) throws IOException {
		return Files.readAllBytes(f.toPath());
	}

	@Test
	public void shardedPredictionsAreByteIdentical() throws Exception {
		for (final String name : NAMES) {
			final String tif = name.replace(".png", ".tif");
			assertArrayEquals(tif, bytes(new File(whole, tif)), bytes(new File(
				sharded, tif)));
		}
	}

	@Test
	public void eachShardWritesItsOwnTables() {
		for (int k = 1; k <= SHARDS; k++) {
			assertTrue(new File(sharded, "cenet-metrics-shard-" + k + "-of-4.csv")
				.isFile());
			assertTrue(new File(sharded, "cenet-metrics-shard-" + k + "-of-4-fov.csv")
				.isFile());
		}
		assertFalse(new File(sharded, "cenet-metrics.csv").exists());
	}

	@Test
	public void mergedTablesAreThoseOfOneRun() throws Exception {
		for (final boolean withPairing : new boolean[] { false, true }) {
			final File out = new File(tmp.getRoot(), "merged-" + withPairing +
				".csv");
			final CommandModule merge = withPairing ? runner.run(
				MergeMetricsCommand.class, "shard_folder", sharded, "prediction_folder",
				sharded, "truth_folder", truth, "fov_folder", fov, "output_file", out)
				: runner.run(MergeMetricsCommand.class, "shard_folder", sharded,
					"output_file", out);
			final MetricsTable merged = (MetricsTable) merge.getOutput("metrics");
			assertEquals(IMAGES, merged.size());
			assertEquals(Arrays.asList("01.tif", "02.tif", "03.tif", "04.tif",
				"05.tif", "06.tif"), merged.images());
			assertEquals("", merge.getOutput("missing"));
			assertArrayEquals(bytes(new File(whole, "cenet-metrics.csv")), bytes(
				out));
			assertArrayEquals(bytes(new File(whole, "cenet-metrics-fov.csv")), bytes(
				EvaluateCommand.fovCsvFile(out)));
			assertEquals(IMAGES, ((MetricsTable) merge.getOutput("fov_metrics"))
				.size());
		}
		// default output: <name>.csv next to the shards
		runner.run(MergeMetricsCommand.class, "shard_folder", sharded);
		assertArrayEquals(bytes(new File(whole, "cenet-metrics.csv")), bytes(
			new File(sharded, "cenet-metrics.csv")));
		Files.delete(new File(sharded, "cenet-metrics.csv").toPath());
		Files.delete(new File(sharded, "cenet-metrics-fov.csv").toPath());
	}

	@Test
	public void missingShardsAndImagesAreNamed() throws Exception {
		final File some = tmp.newFolder("some");
		for (final int k : new int[] { 1, 2, 4 })
			Files.copy(new File(sharded, "cenet-metrics-shard-" + k + "-of-4.csv")
				.toPath(), new File(some, "cenet-metrics-shard-" + k + "-of-4.csv")
					.toPath());
		// shard 3 of 4 holds image 4 of 6 (blocks 1, 2, 1, 2)
		assertEquals(
			"missing shards 3 of 4 (cenet-metrics-shard-3-of-4.csv); run the missing shards " +
				"again, or tick allow_missing to merge what there is", runner.failure(
					MergeMetricsCommand.class, "shard_folder", some));
		assertEquals(
			"missing shards 3 of 4 (cenet-metrics-shard-3-of-4.csv); missing images 04.tif; " +
				"run the missing shards again, or tick allow_missing to merge what there is",
			runner.failure(MergeMetricsCommand.class, "shard_folder", some,
				"prediction_folder", sharded, "truth_folder", truth));
		assertFalse(new File(some, "cenet-metrics.csv").exists());
		final CommandModule partial = runner.run(MergeMetricsCommand.class,
			"shard_folder", some, "prediction_folder", sharded, "truth_folder", truth,
			"allow_missing", true);
		assertEquals(
			"missing shards 3 of 4 (cenet-metrics-shard-3-of-4.csv); missing images 04.tif",
			partial.getOutput("missing"));
		assertEquals(IMAGES - 1, ((MetricsTable) partial.getOutput("metrics"))
			.size());
		assertNull(partial.getOutput("fov_metrics"));
		assertTrue(new File(some, "cenet-metrics.csv").isFile());

		// shards of another run in the same folder
		Files.copy(new File(sharded, "cenet-metrics-shard-1-of-4.csv").toPath(),
			new File(some, "cenet-metrics-shard-1-of-2.csv").toPath());
		assertEquals(
			"shard_folder holds the shards of 2 evaluations: cenet-metrics (2 shards), " +
				"cenet-metrics (4 shards); move all but one away", runner.failure(
					MergeMetricsCommand.class, "shard_folder", some));
		assertTrue(runner.failure(MergeMetricsCommand.class, "shard_folder", truth)
			.startsWith("shard_folder holds no shard tables"));
	}

	/**
	 * Headless, Merge's stdout is the merged CSV file alone (> metrics.csv is
	 * that table); missing= goes to stderr.
	 */
	@Test
	public void headlessMergePrintsTheTableAlone() throws Exception {
		final File out = new File(tmp.getRoot(), "merged-headless.csv");
		final java.io.ByteArrayOutputStream stdout =
			new java.io.ByteArrayOutputStream(), stderr =
				new java.io.ByteArrayOutputStream();
		assertEquals(sc.fiji.cenet.ij.HeadlessRunner.OK,
			sc.fiji.cenet.ij.HeadlessRunner.run(new String[] { "merge",
				"shard_folder=[" + sharded + "] output_file=[" + out + "]" },
				new java.io.PrintStream(stdout, true, "UTF-8"), new java.io.PrintStream(
					stderr, true, "UTF-8")));
		assertEquals(new String(bytes(out),
			java.nio.charset.StandardCharsets.UTF_8), stdout.toString("UTF-8"));
		assertTrue(stderr.toString("UTF-8"), stderr.toString("UTF-8").contains(
			"missing="));
	}

	/**
	 * Shards of two evaluations (another prediction folder) are refused, naming
	 * what differs.
	 */
	@Test
	public void shardsOfDifferentEvaluationsAreNotJoined() throws Exception {
		final File mixed = tmp.newFolder("mixed");
		for (final int k : new int[] { 1, 2 })
			for (final String suffix : new String[] { "", ShardEvaluation.SUFFIX }) {
				final String name = "cenet-metrics-shard-" + k + "-of-4.csv" + suffix;
				Files.copy(new File(sharded, name).toPath(), new File(mixed, name)
					.toPath());
			}
		for (final int k : new int[] { 3, 4 })
			runner.run(EvaluateCommand.class, "prediction_folder", whole,
				"truth_folder", truth, "shard", k + "/4", "csv_file", new File(mixed,
					"cenet-metrics-shard-" + k + "-of-4.csv"));
		final String failure = runner.failure(MergeMetricsCommand.class,
			"shard_folder", mixed);
		assertTrue(failure, failure.startsWith(
			"shard_folder holds shards of different evaluations: " +
				"cenet-metrics-shard-1-of-4.csv and cenet-metrics-shard-3-of-4.csv differ in "));
		assertFalse(new File(mixed, "cenet-metrics.csv").exists());
		// a damaged shard table is named, with what to do
		final File damaged = tmp.newFolder("damaged");
		Files.write(new File(damaged, "cenet-metrics-shard-1-of-1.csv").toPath(),
			new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1 });
		assertEquals("cannot read " + new File(damaged,
			"cenet-metrics-shard-1-of-1.csv") + ": not a CE-Net " +
			"metrics table (not UTF-8 text: damaged?); evaluate that shard again",
			runner.failure(MergeMetricsCommand.class, "shard_folder", damaged));
	}

	/**
	 * A task that was killed left one output out: run again, it predicts only
	 * that one.
	 */
	@Test
	public void skipExistingRedoesOnlyWhatIsMissing() throws Exception {
		final File out = tmp.newFolder("rerun");
		predict(out, "2/4"); // 02.png and 03.png
		final File lost = new File(out, "03.tif"), kept = new File(out, "02.tif");
		final byte[] keptBytes = bytes(kept);
		final long keptTime = kept.lastModified();
		Files.delete(lost.toPath());
		assertEquals(
			"output_folder already holds 02.tif; tick overwrite to replace it, or skip_existing " +
				"to keep it", runner.failure(PredictFolderCommand.class, "model_file",
					model, "input_folder", in, "output_folder", out, "shard", "2/4"));
		Thread.sleep(20);
		final CommandModule rerun = predict(out, "2/4", "skip_existing", true);
		assertEquals(1, rerun.getOutput("predicted"));
		assertEquals(1, rerun.getOutput("skipped"));
		assertArrayEquals(bytes(new File(whole, "03.tif")), bytes(lost));
		assertArrayEquals(keptBytes, bytes(kept));
		assertEquals(keptTime, kept.lastModified());
		final String[] files = out.list();
		Arrays.sort(files);
		assertEquals(Arrays.asList("02.tif", "03.tif"), Arrays.asList(files)); // no
																																						// temporaries
																																						// left
		// all done: nothing to predict, not an error
		final CommandModule again = predict(out, "2/4", "skip_existing", true);
		assertEquals(0, again.getOutput("predicted"));
		assertEquals(2, again.getOutput("skipped"));
		// an output cut short (a kill while another program copied it, a full disk)
		// is not done
		Files.write(kept.toPath(), Arrays.copyOf(keptBytes, keptBytes.length / 3));
		final CommandModule repaired = predict(out, "2/4", "skip_existing", true);
		assertEquals(1, repaired.getOutput("predicted"));
		assertEquals(1, repaired.getOutput("skipped"));
		assertArrayEquals(keptBytes, bytes(kept));
	}

	@Test
	public void emptyShardsAreNoError() throws Exception {
		final File out = tmp.newFolder("empty");
		// 6 images in 8 shards: shard 1 gets none
		assertEquals(0, predict(out, "1/8").getOutput("predicted"));
		assertEquals(1, predict(out, "2/8").getOutput("predicted"));
	}

	@Test
	public void badShardValuesNameTheKey() throws Exception {
		final File out = new File(tmp.getRoot(), "bad");
		assertEquals("shard 5/4: K must lie in 1..4", runner.failure(
			PredictFolderCommand.class, "model_file", model, "input_folder", in,
			"output_folder", out, "shard", "5/4"));
		assertEquals(
			"shard must be K/N, part K of N (e.g. 3/8; 1/1 = all), not '2'", runner
				.failure(PredictFolderCommand.class, "model_file", model,
					"input_folder", in, "output_folder", out, "shard", "2"));
		assertEquals("tick overwrite or skip_existing, not both", runner.failure(
			PredictFolderCommand.class, "model_file", model, "input_folder", in,
			"output_folder", out, "overwrite", true, "skip_existing", true));
		assertEquals(
			"threshold must lie in [0, 1] or be -1 (the threshold of model_file, 0.5 without " +
				"it), not 2; shard 0/3: K must lie in 1..3", runner.failure(
					EvaluateCommand.class, "prediction_folder", whole, "truth_folder",
					truth, "threshold", 2.0, "shard", "0/3"));
		assertFalse(out.exists());
	}
}
