
package sc.fiji.cenet.ij;

/**
 * The command line or option string cannot be understood: an unknown command or
 * key, bad option syntax, a missing value, or a value that is not of the
 * input's type or range. The headless runner exits 2 for it, and 1 for failures
 * of the work itself. It is an {@link IllegalArgumentException}, so callers
 * that catch those still catch it.
 */
public class UsageException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public UsageException(final String message) {
		super(message);
	}
}
