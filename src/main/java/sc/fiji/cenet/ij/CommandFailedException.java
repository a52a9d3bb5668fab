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

	/** The message of a throwable on one line; its class name when it has none. */
	public static String messageOf(final Throwable t) {
		final String message = t.getMessage();
		if (message == null || message.trim().isEmpty()) return t.getClass().getSimpleName();
		return oneLine(message);
	}

	static String oneLine(final String s) {
		return s.trim().replaceAll("\\s*[\\r\\n]+\\s*", " ");
	}
}
