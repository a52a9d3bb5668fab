
package sc.fiji.cenet.commands;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * Passes a trainer's progress on and notices when it finished an epoch: the
 * trainer rewrites its history CSV after each epoch, before it reports the
 * epoch. The report that comes with a new history is logged (one line per
 * epoch), and the history handed on, e.g. to a live plot.
 */
final class HistoryMonitor implements ProgressListener {

	private final ProgressListener out;
	private final Path historyCsv;
	private final Consumer<TrainingHistory> onEpoch;
	private long seenModified;
	private long seenLength;

	HistoryMonitor(final ProgressListener out, final Path historyCsv,
		final Consumer<TrainingHistory> onEpoch)
	{
		this.out = out;
		this.historyCsv = historyCsv;
		this.onEpoch = onEpoch;
		// a history left by an earlier run is not news
		seenModified = historyCsv.toFile().lastModified();
		seenLength = historyCsv.toFile().length();
	}

	@Override
	public void progress(final double fraction, final String message) {
		out.progress(fraction, message);
		final TrainingHistory history = changedHistory();
		if (history == null) return;
		if (message != null) out.log(message);
		onEpoch.accept(history);
	}

	@Override
	public void log(final String line) {
		out.log(line);
	}

	@Override
	public boolean isCancelled() {
		return out.isCancelled();
	}

	/** The history when the file changed since last seen, else null. */
	private TrainingHistory changedHistory() {
		final long modified = historyCsv.toFile().lastModified();
		final long length = historyCsv.toFile().length();
		if (modified == seenModified && length == seenLength) return null;
		try (Reader in = Files.newBufferedReader(historyCsv,
			StandardCharsets.UTF_8))
		{
			final TrainingHistory history = TrainingHistory.readCsv(in);
			seenModified = modified;
			seenLength = length;
			return history;
		}
		catch (final IOException e) {
			return null; // being replaced right now: read it at the next report
		}
	}
}
