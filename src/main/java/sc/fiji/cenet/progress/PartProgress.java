
package sc.fiji.cenet.progress;

/**
 * The progress of one part of a whole made of equal parts (a slice of a stack,
 * an image of a set, a file of a folder), reported as the whole's: fraction
 * {@code (part + f) / parts}, messages after the part's label, log lines (and
 * reports without a fraction) after the label and a colon; the whole's cancel
 * reaches the part.
 */
public final class PartProgress implements ProgressListener {

	private final ProgressListener whole;
	private final long part;
	private final long parts;
	/** Null: the messages pass as they are. */
	private final String label;

	private PartProgress(ProgressListener whole, long part, long parts,
		String label)
	{
		this.whole = whole;
		this.part = part;
		this.parts = parts;
		this.label = label;
	}

	/**
	 * Labelled {@code "<noun> k of n"} ({@code slice 2 of 4}), or not at all when
	 * there is one part ("slice 1 of 1" says nothing).
	 *
	 * @param part 0-based
	 */
	public static PartProgress numbered(ProgressListener whole, String noun,
		long part, long parts)
	{
		return new PartProgress(whole, part, parts, parts == 1 ? null : noun + " " +
			(part + 1) + " of " + parts);
	}

	/**
	 * Labelled {@code "<name> (k of n)"} ({@code c.tif (3 of 10)}).
	 *
	 * @param part 0-based
	 */
	public static PartProgress named(ProgressListener whole, String name,
		long part, long parts)
	{
		return new PartProgress(whole, part, parts, name + " (" + (part + 1) +
			" of " + parts + ")");
	}

	@Override
	public void progress(double fraction, String message) {
		if (Double.isNaN(fraction)) {
			log(message);
			return;
		}
		whole.progress((part + fraction) / parts, label == null ? message : label +
			(message == null ? "" : ", " + message));
	}

	@Override
	public void log(String line) {
		whole.log(label == null ? line : label + (line == null ? "" : ": " + line));
	}

	@Override
	public boolean isCancelled() {
		return whole.isCancelled();
	}
}
