
package sc.fiji.cenet.ij;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Test-only command with one input of every supported kind; echoes them as a
 * line.
 */
@Plugin(type = Command.class, label = "CE-Net All Types")
public class AllTypesCommand implements Command {

	@Parameter
	private StatusService status;

	@Parameter(visibility = ItemVisibility.MESSAGE)
	private String header = "Just a message";

	@Parameter
	private String name = "default name";

	@Parameter(style = "open")
	private File model_file;

	@Parameter(style = "directory", required = false)
	private File output_folder;

	@Parameter(min = "1", max = "1000")
	private int epochs = 10;

	@Parameter
	private double learning_rate = 1e-3;

	@Parameter
	private float scale = 0.5f;

	@Parameter
	private boolean augment = true;

	@Parameter(choices = { "probabilities", "mask" })
	private String output = "mask";

	@Parameter(type = ItemIO.OUTPUT)
	private String echo;

	@Parameter(type = ItemIO.OUTPUT)
	private File written;

	@Override
	public void run() {
		echo = name + "|" + model_file + "|" + output_folder + "|" + epochs + "|" +
			learning_rate + "|" + scale + "|" + augment + "|" + output;
		written = model_file;
	}
}
