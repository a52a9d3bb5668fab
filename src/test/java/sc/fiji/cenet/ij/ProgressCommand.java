
package sc.fiji.cenet.ij;

import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Test-only command "CE-Net Progress": reports {@code steps} steps at once, as
 * a fast loop would, and with {@code log_done} logs a line after them.
 */
@Plugin(type = Command.class, label = "CE-Net Progress")
public class ProgressCommand implements Command {

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter
	private int steps = 10;

	/** Logs a line after the steps, as commands log their result. */
	@Parameter(required = false)
	private boolean log_done;

	@Override
	public void run() {
		for (int i = 0; i < steps; i++)
			status.showStatus(i, steps, "CE-Net Progress: step " + (i + 1) + " of " +
				steps);
		if (log_done) log.info("CE-Net Progress: done");
		status.clearStatus();
	}
}
