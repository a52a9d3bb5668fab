
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.command.CommandModule;

import sc.fiji.cenet.ij.HeadlessRunner;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.TrainingHistory;

/**
 * The model card: what a model file says about its network, its threshold, its
 * training.
 */
public class ModelInfoCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@ClassRule
	public static final CommandRunner runner = new CommandRunner();

	/**
	 * A model as CE-Net Train writes it: metadata of its training and validation,
	 * and a history.
	 */
	private File trained() throws Exception {
		TrainedModel m = ModelFile.load(TestModels.file(new CENetConfig(3, 1),
			"RGB").toPath());
		Properties p = m.metadata();
		p.remove("software_version");
		p.setProperty(TrainedModel.THRESHOLD, "0.41");
		p.setProperty(TrainedModel.VALIDATION_DICE_CALIBRATED, "0.7812");
		p.setProperty(TrainedModel.VALIDATION_DICE_AT_HALF, "0.77");
		p.setProperty(TrainedModel.VALIDATION_AUC, "0.975");
		p.setProperty(TrainedModel.PREDICTION_MODE, "auto");
		p.setProperty(TrainedModel.TRAINING_EPOCH, "2");
		p.setProperty("training.sampling", "crop");
		p.setProperty("training.loss", "dice_bce");
		p.setProperty("training.schedule", "cosine");
		p.setProperty("training.learning_rate", "5.0E-4");
		TrainingHistory h = new TrainingHistory();
		for (int e = 1; e <= 3; e++)
			h.add(new TrainingHistory.Epoch(e, 1.0 / e, 1.1 / e, 0.7, 0.96, 5e-4,
				10));
		Path file = tmp.getRoot().toPath().resolve("m.cenet");
		ModelFile.save(file, new TrainedModel(m.config(), m.weights(), p, h));
		return file.toFile();
	}

	@Test
	public void theCardSaysHowTheModelPredictsAndWasTrained() throws Exception {
		CommandModule info = runner.run(ModelInfoCommand.class, "model_file",
			trained());
		assertTrue((String) info.getOutput("architecture"), ((String) info
			.getOutput("architecture")).endsWith(
				"3 input channels, 1 class (sigmoid): foreground"));
		assertEquals(
			"0.41 (calibrated on the validation images as CE-Net Predict predicts them: Dice 0.7812, at 0.5 " +
				"0.7700)", info.getOutput("threshold"));
		assertEquals("192 x 192, trained on random crops at the images' own scale",
			info.getOutput("training_size"));
		assertEquals(
			"mode=auto predicts tiles of 192 at the image's own scale, blended", info
				.getOutput("prediction"));
		assertEquals("loss dice_bce, schedule cosine, learning_rate 5.0E-4", info
			.getOutput("training"));
		assertEquals("history of 3 epochs; the weights are those of epoch 2", info
			.getOutput("epochs"));
		assertEquals("Dice 0.7812 at the threshold, Dice 0.7700 at 0.5, AUC 0.9750",
			info.getOutput("validation"));
	}

	@Test
	public void anImportedModelSaysWhatItLacks() throws Exception {
		CommandModule info = runner.run(ModelInfoCommand.class, "model_file",
			TestModels.file(new CENetConfig(1, 3), "BGR"));
		assertTrue((String) info.getOutput("threshold"), ((String) info.getOutput(
			"threshold")).startsWith("0.5 (several classes"));
		assertEquals("not recorded", info.getOutput("validation"));
	}

	/**
	 * Headless: one name=value line per card line on stdout; a file that is not a
	 * model is one line, exit 2.
	 */
	@Test
	public void headlessPrintsTheCard() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err =
			new ByteArrayOutputStream();
		assertEquals(HeadlessRunner.OK, HeadlessRunner.run(new String[] { "info",
			"model_file=[" + trained() + "]" }, new PrintStream(out, true, "UTF-8"),
			new PrintStream(err, true, "UTF-8")));
		String stdout = out.toString("UTF-8");
		assertTrue(stdout, stdout.startsWith("architecture=CE-Net") && stdout
			.contains(System.lineSeparator() + "threshold=0.41 (calibrated"));
		File notAModel = tmp.newFile("notes.cenet");
		java.nio.file.Files.write(notAModel.toPath(), "text".getBytes(
			StandardCharsets.UTF_8));
		err.reset();
		assertEquals(HeadlessRunner.USAGE, HeadlessRunner.run(new String[] { "info",
			"model_file=[" + notAModel + "]" }, new PrintStream(
				new ByteArrayOutputStream(), true, "UTF-8"), new PrintStream(err, true,
					"UTF-8")));
		assertTrue(err.toString("UTF-8"), err.toString("UTF-8").startsWith(
			"CE-Net: CE-Net Model Info: cannot read " + "model_file: "));
	}
}
