
package sc.fiji.cenet.commands;

/**
 * A command's inputs are wrong, found before any work: a value out of range or
 * not allowed, a missing file or folder, an output that would replace an input
 * or an existing file unasked. Its message names the key of every problem. The
 * headless runner and Spark exit 2 for it, as for any usage error; failures of
 * the work itself exit 1.
 */
public class InvalidInputException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public InvalidInputException(final String message) {
		super(message);
	}

	/**
	 * Whether {@code t} or one of its causes is an {@link InvalidInputException}.
	 */
	public static boolean isCauseOf(final Throwable t) {
		Throwable c = t;
		for (int depth = 0; c != null && depth < 32; c = c.getCause(), depth++) // a
																																						// cause
																																						// chain
																																						// may
																																						// loop
			if (c instanceof InvalidInputException) return true;
		return false;
	}
}
