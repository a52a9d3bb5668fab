
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.imagej.HistoryPlot;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.predict.ModelCard;

/**
 * The model card of a {@code .cenet} file ({@link ModelCard}): the network, how
 * images are prepared and predicted, the threshold and how it was calibrated,
 * the training settings and validation figures; each line is an output (so the
 * Log, a macro and the headless runner show it), and the training history is
 * plotted where someone can see it.
 */
@Plugin(type = Command.class, name = "CE-Net Model Info",
	label = "CE-Net Model Info")
public class ModelInfoCommand extends ContextCommand {

	static final String TITLE = "CE-Net Model Info";

	@Parameter(style = "open", persist = false,
		description = "The model file (.cenet)")
	private File model_file;

	@Parameter(type = ItemIO.OUTPUT, label = "architecture")
	private String architecture;

	@Parameter(type = ItemIO.OUTPUT, label = "normalization")
	private String normalization;

	@Parameter(type = ItemIO.OUTPUT, label = "channel_order")
	private String channel_order;

	@Parameter(type = ItemIO.OUTPUT, label = "training_size")
	private String training_size;

	@Parameter(type = ItemIO.OUTPUT, label = "prediction")
	private String prediction;

	@Parameter(type = ItemIO.OUTPUT, label = "threshold")
	private String threshold;

	@Parameter(type = ItemIO.OUTPUT, label = "training")
	private String training;

	@Parameter(type = ItemIO.OUTPUT, label = "epochs")
	private String epochs;

	@Parameter(type = ItemIO.OUTPUT, label = "validation")
	private String validation;

	@Override
	public void run() {
		new InputProblems().existingFile(model_file, "model_file").throwIfAny();
		final TrainedModel model;
		// the description only: the weights stay in the file
		try (ModelFile.WeightReader file = ModelFile.openWeights(model_file
			.toPath()))
		{
			model = file.description();
		}
		catch (final IOException | IllegalArgumentException e) {
			throw new InvalidInputException("cannot read model_file: " + e
				.getMessage());
		}
		final ModelCard card = new ModelCard(model);
		architecture = card.lines().get("architecture");
		normalization = card.lines().get("normalization");
		channel_order = card.lines().get("channel_order");
		training_size = card.lines().get("training_size");
		prediction = card.lines().get("prediction");
		threshold = card.lines().get("threshold");
		training = card.lines().get("training");
		epochs = card.lines().get("epochs");
		validation = card.lines().get("validation");
		if (!model.history().isEmpty()) HistoryPlot.forModel(model_file.toPath())
			.show(model.history());
	}
}
