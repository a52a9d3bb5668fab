
package sc.fiji.cenet.progress;

/**
 * The progress of one part of a whole made of equal parts (a slice of a stack,
 * an image of a set), reported as the whole's: fraction {@code (part + f) /
 * parts} and messages {@code "<noun> k of n, <message>"} (the message alone
 * when there is one part); cancellation and log lines pass through.
 */
public final class PartProgress implements ProgressListener {

	private final ProgressListener whole;
	private final String noun;
	private final long part;
	private final long parts;

	/** @param part 0-based */
	public PartProgress(ProgressListener whole, String noun, long part,
		long parts)
	{
		this.whole = whole;
		this.noun = noun;
		this.part = part;
		this.parts = parts;
	}

	@Override
	public void progress(double fraction, String message) {
		double f = Double.isNaN(fraction) ? fraction : (part + fraction) / parts;
		// "slice 1 of 1" says nothing
		whole.progress(f, parts == 1 ? message : noun + " " + (part + 1) + " of " +
			parts + (message == null ? "" : ", " + message));
	}

	@Override
	public boolean isCancelled() {
		return whole.isCancelled();
	}

	@Override
	public void log(String line) {
		whole.log(line);
	}
}
