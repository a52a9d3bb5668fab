
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Paths;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.train.RunFiles;
import sc.fiji.cenet.train.TrainingSettings;

/**
 * TrainCommand's checks and wiring. One tiny real training run lives in the
 * macro test of the whole train -> predict -> evaluate chain.
 */
public class TrainCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@ClassRule
	public static final CommandRunner runner = new CommandRunner();

	@Test
	public void badInputsAreReportedTogether() throws Exception {
		final File images = imageFolder("images");
		// the folders and choices (the command's), then the ranges and rules
		// (TrainingSettings')
		assertEquals(
			"mask_folder does not exist: /no/masks; loss must be one of auto, dice_bce, dice, bce, " +
				"ce_dice, not 'focal'; training_size must be a multiple of 32 of at least 192, not 100; epochs must " +
				"be at least 1, not 0; freeze_encoder needs encoder_weights or initial_model",
			runner.failure(TrainCommand.class, "image_folder", images, "mask_folder",
				new File("/no/masks"), "model_file", new File(tmp.getRoot(), "m.cenet"),
				"training_size", 100, "epochs", 0, "loss", "focal", "freeze_encoder",
				true));
	}

	@Test
	public void lossMustFitTheClasses() throws Exception {
		final File images = imageFolder("images"), masks = imageFolder("masks");
		final File model = new File(tmp.getRoot(), "m.cenet");
		assertEquals(
			"loss=ce_dice needs classes of 2 or more; use dice_bce, dice or bce",
			runner.failure(TrainCommand.class, "image_folder", images, "mask_folder",
				masks, "model_file", model, "loss", "ce_dice"));
		assertEquals("with classes=3 the loss must be ce_dice", runner.failure(
			TrainCommand.class, "image_folder", images, "mask_folder", masks,
			"model_file", model, "classes", 3, "loss", "dice"));
	}

	/** In one folder every image would be its own mask. */
	@Test
	public void imagesAndMasksNeedFoldersOfTheirOwn() throws Exception {
		final File images = imageFolder("both");
		assertEquals("image_folder and mask_folder are the same folder (" + images +
			"): every file would pair with itself; put the mask_folder files in a " +
			"folder of their own", runner.failure(TrainCommand.class, "image_folder",
				images, "mask_folder", new File(images.getParentFile(), "./both"),
				"model_file", new File(tmp.getRoot(), "m.cenet")));
	}

	@Test
	public void validationFoldersComeInPairs() throws Exception {
		final File images = imageFolder("images"), masks = imageFolder("masks");
		assertEquals("validation_mask_folder is not set", runner.failure(
			TrainCommand.class, "image_folder", images, "mask_folder", masks,
			"model_file", new File(tmp.getRoot(), "m.cenet"),
			"validation_image_folder", images));
	}

	/**
	 * TrainingSettings owns the defaults; the command's fields, which SciJava
	 * needs initialised, must give the same settings when nothing but the
	 * required keys is set, so that a changed default cannot be changed in one
	 * place only.
	 */
	@Test
	public void theCommandsDefaultsAreTrainingSettingsDefaults()
		throws Exception
	{
		final File images = imageFolder("images"), masks = imageFolder("masks"),
				model = new File(tmp.getRoot(), "m.cenet");
		final TrainCommand command = new TrainCommand();
		for (final Object[] input : new Object[][] { { "image_folder", images }, {
			"mask_folder", masks }, { "model_file", model } })
		{
			final Field f = TrainCommand.class.getDeclaredField((String) input[0]);
			f.setAccessible(true);
			f.set(command, input[1]);
		}
		final Method settings = TrainCommand.class.getDeclaredMethod("settings");
		settings.setAccessible(true);
		final TrainingSettings fromCommand = (TrainingSettings) settings.invoke(
			command);
		final TrainingSettings defaults = TrainingSettings.builder().imageDir(
			images).maskDir(masks).modelFile(model.toPath()).build();
		int compared = 0;
		for (final Method getter : TrainingSettings.class.getDeclaredMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter
				.getModifiers()) || !Modifier.isPublic(getter.getModifiers()) || getter
					.getReturnType() == RunFiles.class) continue;
			assertEquals(getter.getName(), getter.invoke(defaults), getter.invoke(
				fromCommand));
			compared++;
		}
		assertTrue("compared " + compared, compared >= 25);
	}

	@Test
	public void theHistoryPlotGoesNextToTheModel() {
		assertEquals(new File("/models/vessels-history.png"), TrainCommand.plotFile(
			Paths.get("/models/vessels.cenet")));
	}

	@Test
	public void theModelNeverReplacesTheEncoderWeights() throws Exception {
		final File images = imageFolder("images"), masks = imageFolder("masks");
		final File weights = tmp.newFile("w.npz");
		assertEquals(
			"model_file must differ from encoder_weights, which it would replace (" +
				new File(images, "../w.npz") + " is " + weights + ")", runner.failure(
					TrainCommand.class, "image_folder", images, "mask_folder", masks,
					"model_file", new File(images, "../w.npz"), "encoder_weights",
					weights));
		assertEquals(
			"if_model_exists must be one of resume, overwrite, stop, not 'replace'; " +
				"time_limit must be at least 0, not -1", runner.failure(
					TrainCommand.class, "image_folder", images, "mask_folder", masks,
					"model_file", new File(tmp.getRoot(), "m.cenet"), "if_model_exists",
					"replace", "time_limit", -1));
	}

	/**
	 * A folder holding one image file's name: the checks before training read no
	 * image, but refuse a folder without one.
	 */
	private File imageFolder(final String name) throws IOException {
		final File folder = tmp.newFolder(name);
		new File(folder, "01.tif").createNewFile();
		return folder;
	}
}
