
package sc.fiji.cenet.ij;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.commands.EvaluateCommand;
import sc.fiji.cenet.commands.ImportWeightsCommand;
import sc.fiji.cenet.commands.PredictCommand;
import sc.fiji.cenet.commands.PredictFolderCommand;
import sc.fiji.cenet.commands.TrainCommand;

/**
 * Test-only commands with the inputs of the real ones (inherited parameters,
 * the same title) that do nothing: a dialog's run that ends, so that the Macro
 * Recorder records it, without data, models or TensorFlow. The real commands
 * reject the test's made-up paths before any work, and only a run that ended is
 * recorded.
 */
public final class DryRunCommands {

	private DryRunCommands() {}

	@Plugin(type = Command.class, label = "CE-Net Train")
	public static class Train extends TrainCommand {

		@Override
		public void run() {}
	}

	@Plugin(type = Command.class, label = "CE-Net Predict")
	public static class Predict extends PredictCommand {

		@Override
		public void run() {}
	}

	@Plugin(type = Command.class, label = "CE-Net Predict Folder")
	public static class PredictFolder extends PredictFolderCommand {

		@Override
		public void run() {}
	}

	@Plugin(type = Command.class, label = "CE-Net Evaluate")
	public static class Evaluate extends EvaluateCommand {

		@Override
		public void run() {}
	}

	@Plugin(type = Command.class, label = "CE-Net Import PyTorch Weights")
	public static class Import extends ImportWeightsCommand {

		@Override
		public void run() {}
	}
}
