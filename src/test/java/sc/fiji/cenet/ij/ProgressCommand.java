
package sc.fiji.cenet.ij;

import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Test-only command "CE-Net Progress": reports {@code steps} steps at once, as
 * a fast loop would.
 */
@Plugin(type = Command.class, label = "CE-Net Progress")
public class ProgressCommand implements Command {

	@Parameter
	private StatusService status;

	@Parameter
	private int steps = 10;

	@Override
	public void run() {
		for (int i = 0; i < steps; i++)
			status.showStatus(i, steps, "CE-Net Progress: step " + (i + 1) + " of " +
				steps);
		status.clearStatus();
	}
}
