
package sc.fiji.cenet.ij;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Test-only command whose parameter name cannot be an ImageJ macro key. */
@Plugin(type = Command.class, label = "CE-Net Camel")
public class CamelCaseCommand implements Command {

	@Parameter
	private int batchSize = 2;

	@Override
	public void run() {}
}
