
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.progress.ProgressListener;

public class HistoryMonitorTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final List<String> logged = new ArrayList<>();
	private final List<Integer> plotted = new ArrayList<>();

	private final ProgressListener out = new ProgressListener() {

		@Override
		public void progress(final double fraction, final String message) {}

		@Override
		public void log(final String line) {
			logged.add(line);
		}
	};

	@Test
	public void theReportOfANewEpochIsLoggedAndItsHistoryPassedOn()
		throws Exception
	{
		final Path csv = tmp.getRoot().toPath().resolve("m-history.csv");
		write(csv, 1); // left by an earlier run: not news
		final HistoryMonitor monitor = new HistoryMonitor(out, csv, h -> plotted
			.add(h.size()));
		monitor.progress(0.1, "batch 1");
		write(csv, 2);
		monitor.progress(0.5, "Epoch 2: loss 0.5");
		monitor.progress(0.6, "batch 1");
		write(csv, 3);
		monitor.progress(1, "Epoch 3: loss 0.4");
		assertEquals(List.of("Epoch 2: loss 0.5", "Epoch 3: loss 0.4"), logged);
		assertEquals(List.of(2, 3), plotted);
	}

	private static void write(final Path csv, final int epochs)
		throws IOException
	{
		final TrainingHistory h = new TrainingHistory();
		for (int e = 1; e <= epochs; e++)
			h.add(new TrainingHistory.Epoch(e, 1.0 / e, Double.NaN, Double.NaN,
				Double.NaN, 2e-4, 1));
		try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
			h.writeCsv(w);
		}
		// a new time stamp even on file systems with coarse times
		csv.toFile().setLastModified(System.currentTimeMillis() + epochs * 2000L);
	}
}
