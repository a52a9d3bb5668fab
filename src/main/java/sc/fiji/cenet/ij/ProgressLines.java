
package sc.fiji.cenet.ij;

import java.io.PrintStream;
import java.util.function.LongSupplier;

import sc.fiji.cenet.progress.Durations;

/**
 * Progress reports as console lines, e.g.
 * {@code CE-Net Predict Folder: 35% b.tif (3 of 10), tile 120 of 342, ETA 2m}:
 * at most one line every {@link #INTERVAL_MS}, but always the first report, and
 * the last one at {@link #finish()} if it was held back.
 */
final class ProgressLines {

	static final long INTERVAL_MS = 2000;

	/** The estimate of the time left needs this much time behind it first. */
	private static final long ETA_AFTER_MS = 2000;

	private final String title;
	private final PrintStream out;
	private final LongSupplier clock;

	private boolean started;
	/**
	 * The first report past 0%: the estimate counts from there, so that neither
	 * the set-up (building a graph, loading a model) nor the work of an earlier
	 * run (a resumed training starts at its epoch) makes the rest look short.
	 */
	private long baseTime = -1;
	private double baseFraction;
	private double lastFraction;
	private long printedAt;
	private String held;

	/**
	 * @param title the command's; a message that starts with {@code title: }
	 *          loses that prefix
	 * @param clock milliseconds, e.g. {@code System::currentTimeMillis}
	 */
	ProgressLines(final String title, final PrintStream out,
		final LongSupplier clock)
	{
		this.title = title;
		this.out = out;
		this.clock = clock;
	}

	/**
	 * One report: {@code value} of {@code max} done; {@code message} may be null.
	 */
	synchronized void progress(final int value, final int max,
		final String message)
	{
		if (max <= 0) return;
		final long now = clock.getAsLong();
		final boolean first = !started;
		started = true;
		final double fraction = Math.max(0, Math.min(1, (double) value / max));
		// a fraction that falls starts a new phase (Train reads its images, then
		// trains): its pace is measured afresh
		if (fraction < lastFraction) baseTime = -1;
		lastFraction = fraction;
		if (baseTime < 0 && fraction > 0) {
			baseTime = now;
			baseFraction = fraction;
		}
		final String line = line(fraction, message, now);
		if (first || now - printedAt >= INTERVAL_MS) {
			out.println(line);
			printedAt = now;
			held = null;
		}
		else held = line;
	}

	/** Prints the last report if the throttle held it back. */
	synchronized void finish() {
		if (held != null) out.println(held);
		held = null;
	}

	private String line(final double fraction, final String message,
		final long now)
	{
		final StringBuilder sb = new StringBuilder(title).append(": ").append(
			(int) Math.floor(fraction * 100)).append('%');
		String text = message == null ? "" : message.trim();
		if (text.startsWith(title + ":")) text = text.substring(title.length() + 1)
			.trim();
		if (!text.isEmpty()) sb.append(' ').append(text);
		final long elapsed = now - baseTime;
		final double done = fraction - baseFraction;
		// a message with an estimate of its own (Train's epoch lines, which know
		// the time limit) keeps it alone
		if (!text.contains("ETA ") && baseTime >= 0 && done > 0 && fraction < 1 &&
			elapsed >= ETA_AFTER_MS) sb.append(", ETA ").append(duration(Math.round(
				elapsed * (1 - fraction) / done)));
		return sb.toString();
	}

	/** 45s, 12m, 2h 05m; at least 1s. */
	static String duration(final long ms) {
		return Durations.text(Math.max(1, ms / 1000.0));
	}
}
