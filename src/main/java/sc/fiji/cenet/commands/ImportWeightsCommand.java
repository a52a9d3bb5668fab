
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.util.Properties;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.OutputCheck;
import sc.fiji.cenet.io.StateDictFiles;
import sc.fiji.cenet.io.StateDictImport;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TrainingHistory;

/**
 * Turns a PyTorch {@code CE_Net_} state_dict, as {@code torch.save} wrote it
 * ({@code .pth}, {@code .pt}, {@code .th}; read without Python and without
 * running anything in it, see {@link StateDictFiles}) or saved as {@code .npz}
 * ({@code np.savez("w.npz", **{k: v.cpu().numpy() for k, v in sd.items()})}),
 * into a CE-Net model file. Input channels and classes come from the weights;
 * how images were prepared for training (channel order, size, normalisation)
 * cannot, so it is given here and stored in the model.
 */
@Plugin(type = Command.class, name = "CE-Net Import PyTorch Weights",
	label = "CE-Net Import PyTorch Weights")
public class ImportWeightsCommand extends ContextCommand {

	static final String TITLE = "CE-Net Import PyTorch Weights";

	@Parameter(style = "open", persist = false,
		description = "The state_dict: .npz or a PyTorch .pth/.pt/.th file")
	private File npz_file;

	@Parameter(style = "save", persist = false,
		description = "The model file to write (.cenet)")
	private File model_file;

	@Parameter(choices = { "BGR", "RGB" }, persist = false,
		description = "Channel order of the training images; the reference reads with OpenCV: BGR")
	private String channel_order = "BGR";

	@Parameter(persist = false,
		description = "Side of the training images; prediction tiles default to it")
	private int training_size = TrainedModel.DEFAULT_TRAINING_SIZE;

	@Parameter(choices = { "scale", "percentile" }, persist = false,
		description = "scale: x / 255 * 3.2 - 1.6, as the reference; percentile: 1 % and 99.8 % to -1.6 and 1.6")
	private String normalization = "scale";

	@Parameter(persist = false, description = "Replace model_file when it exists")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "input_channels")
	private int input_channels;

	@Parameter(type = ItemIO.OUTPUT, label = "classes")
	private int classes;

	@Override
	public void run() {
		new InputProblems().existingFile(npz_file, "npz_file") //
			.writableFile(model_file, "model_file") //
			.outputs(new OutputCheck().reads("npz_file", npz_file).writes(
				"model_file", model_file, overwrite, "tick overwrite")) //
			.choice(channel_order, "channel_order", "BGR", "RGB") //
			.choice(normalization, "normalization", "scale", "percentile") //
			.require(CENetConfig.sizeProblem("training_size", training_size)) //
			.throwIfAny();

		final String source = npz_file.getName();
		final StateDict imported;
		try {
			imported = StateDictFiles.read(npz_file.toPath());
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("cannot read npz_file: " + e
				.getMessage(), e);
		}
		final CENetConfig config = StateDictImport.inferConfig(imported, source);
		final StateDict weights = StateDictImport.full(imported, config, source);
		final TrainedModel model = new TrainedModel(config, weights, metadata(
			source), new TrainingHistory());
		try {
			ModelFile.save(model_file.toPath(), model);
		}
		catch (final IOException e) {
			throw new IllegalStateException("cannot write model_file: " + e
				.getMessage(), e);
		}
		input_channels = config.inputChannels();
		classes = config.classes();
	}

	private Properties metadata(final String source) {
		final Properties p = new Properties();
		p.setProperty(TrainedModel.CHANNEL_ORDER, channel_order);
		p.setProperty(TrainedModel.TRAINING_SIZE, Integer.toString(training_size));
		p.setProperty("imported_from", source);
		final Normalization n = "percentile".equals(normalization) ? Normalization
			.percentile() : Normalization.scale();
		n.toProperties(p, TrainedModel.NORMALIZATION_PREFIX);
		return p;
	}
}
