
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@link FolderPrediction#createOutputFolder}. */
public class FolderPredictionTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/**
	 * Shards that start together (a SLURM array) all make the same output folder:
	 * none may fail because another made it first. 8 threads start each of 40
	 * nested folders at one barrier (the old check-then-mkdirs failed here).
	 */
	@Test
	public void shardsMakingTheSameFolderAtOnceAllSucceed() throws Exception {
		final int threads = 8;
		final ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			final CyclicBarrier start = new CyclicBarrier(threads);
			final File root = tmp.getRoot();
			final List<Future<Integer>> failures = new ArrayList<>();
			for (int t = 0; t < threads; t++)
				failures.add(pool.submit(() -> {
					int failed = 0;
					for (int i = 0; i < 40; i++) {
						start.await(10, TimeUnit.SECONDS);
						try {
							FolderPrediction.createOutputFolder(new File(root, "run" + i +
								"/pred"));
						}
						catch (final IllegalArgumentException e) {
							failed++;
						}
					}
					return failed;
				}));
			int failed = 0;
			for (final Future<Integer> f : failures)
				failed += f.get(60, TimeUnit.SECONDS);
			assertEquals("shards that could not make a folder another had made", 0,
				failed);
			for (int i = 0; i < 40; i++)
				assertTrue(new File(root, "run" + i + "/pred").isDirectory());
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** A link to a folder (a scratch space on a cluster) is used as it is. */
	@Test
	public void aLinkToAFolderIsUsedAsItIs() throws Exception {
		final File folder = tmp.newFolder("scratch");
		final java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(tmp
			.getRoot().toPath().resolve("pred"), folder.toPath());
		FolderPrediction.createOutputFolder(link.toFile());
		assertTrue(java.nio.file.Files.isSymbolicLink(link));
		FolderPrediction.createOutputFolder(link.resolve("sub").toFile());
		assertTrue(new File(folder, "sub").isDirectory());
	}

	@Test
	public void aFileInTheWayIsNamed() throws Exception {
		final File file = tmp.newFile("pred");
		final IllegalArgumentException e = assertThrows(
			IllegalArgumentException.class, () -> FolderPrediction.createOutputFolder(
				file));
		assertTrue(e.getMessage(), e.getMessage().startsWith(
			"cannot create output_folder " + file + " ("));
	}
}
