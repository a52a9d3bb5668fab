
package sc.fiji.cenet.ij;

/**
 * A command could not run or failed; the message is one line, fit for
 * {@code IJ.error} or a console.
 */
public class CommandFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CommandFailedException(final String message, final Throwable cause) {
		super(oneLine(message), cause);
	}

	/** What to do when Java runs out of heap; the one place that says it. */
	static final String OUT_OF_MEMORY =
		"out of memory: give Java more memory (-Xmx, or Edit > Options > " +
			"Memory & Threads in Fiji), or lower tile_size / batch_size";

	/**
	 * The message of a throwable on one line; its class name when it has none. An
	 * {@link OutOfMemoryError}, also as the cause of another throwable, gives
	 * {@link #OUT_OF_MEMORY} instead of the bare "Java heap space".
	 */
	public static String messageOf(final Throwable t) {
		Throwable c = t;
		for (int depth = 0; c != null && depth < 32; c = c.getCause(), depth++) // a
																																						// cause
																																						// chain
																																						// may
																																						// loop
			if (c instanceof OutOfMemoryError) return OUT_OF_MEMORY;
		final String message = t.getMessage();
		if (message == null || message.trim().isEmpty()) return t.getClass()
			.getSimpleName();
		return oneLine(message);
	}

	/**
	 * The one line a console shows for any failure: {@link #messageOf}, with the
	 * type of an {@link Error} whose message alone (a class name, say) would not
	 * tell what happened. Needs nothing but the JDK, so that it can report a
	 * missing jar.
	 */
	public static String describe(final Throwable t) {
		final String message = messageOf(t);
		if (!(t instanceof Error) || t instanceof OutOfMemoryError) return message;
		final String type = t.getClass().getSimpleName();
		return message.equals(type) ? type : type + ": " + message;
	}

	static String oneLine(final String s) {
		return s.trim().replaceAll("\\s*[\\r\\n]+\\s*", " ");
	}
}
