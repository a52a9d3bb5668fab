
package sc.fiji.cenet.progress;

/**
 * Thrown out of library work when its {@link ProgressListener} reports a
 * cancel.
 */
public class CancelledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CancelledException() {
		super("Cancelled by the user");
	}
}
