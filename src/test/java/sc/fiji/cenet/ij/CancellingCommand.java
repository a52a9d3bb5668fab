
package sc.fiji.cenet.ij;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Test-only command: keeps a result, then is cancelled, either by itself or,
 * with {@code wait}, by whoever cancels it while it waits (as Esc does). With
 * {@code linger}, it takes that many milliseconds to end after the cancel, as a
 * training finishes its step and saves a checkpoint.
 */
@Plugin(type = Command.class, label = "CE-Net Cancel Test")
public class CancellingCommand extends ContextCommand {

	/**
	 * Set when a run started, for a test in another JVM (see
	 * {@link DialogDriver}).
	 */
	static final String STARTED_PROPERTY = "cenet.cancel.started";

	@Parameter
	private boolean wait;

	@Parameter
	private int linger;

	@Parameter(type = ItemIO.OUTPUT)
	private String kept;

	static volatile boolean started;

	@Override
	public void run() {
		kept = "best model";
		started = true;
		System.setProperty(STARTED_PROPERTY, "true");
		if (!wait) cancel("cancelled by itself");
		while (!isCanceled()) {
			try {
				Thread.sleep(10);
			}
			catch (final InterruptedException e) {
				// as a training does: finish the epoch, then stop at the cancel flag
			}
		}
		final long end = System.currentTimeMillis() + linger;
		while (System.currentTimeMillis() < end) {
			try {
				Thread.sleep(10);
			}
			catch (final InterruptedException e) {
				// not before the work is saved
			}
		}
	}
}
