
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.ClassRule;
import org.junit.Test;

import sc.fiji.cenet.ij.CommandInput;
import sc.fiji.cenet.ij.CommandRegistry;
import sc.fiji.cenet.ij.PreparedCommand;
import sc.fiji.cenet.ij.StandaloneContext;

/**
 * The macro keys of every command, in dialog order, with their defaults: the
 * documented macro API (docs/commands.md). Changing one breaks users' macros.
 */
public class CommandKeysTest {

	@ClassRule
	public static final StandaloneContext context = new StandaloneContext();

	private static String keys(final String command) {
		final PreparedCommand prepared = PreparedCommand.create(context.get(),
			CommandRegistry.shared().resolve(command));
		final List<String> keys = new ArrayList<>();
		for (final CommandInput input : prepared.inputs())
			keys.add(input.key() + (input.defaultValue() == null ? "" : "=" + input
				.defaultValue()));
		return String.join(" ", keys);
	}

	@Test
	public void train() {
		assertEquals(
			"image_folder mask_folder fov_folder validation_fraction=0.2 " +
				"validation_image_folder validation_mask_folder model_file classes=1 training_size=448 " +
				"batch_size=2 epochs=300 learning_rate=5.0E-4 schedule=cosine loss=auto augmentation=geometric sampling=resize seed=42 " +
				"encoder_weights initial_model freeze_encoder=false use_gpu=false if_model_exists=resume time_limit=0.0",
			keys("train"));
	}

	@Test
	public void predict() {
		assertEquals(predictionOptions() + " image", keys("CE-Net Predict"));
	}

	@Test
	public void predictFolder() {
		assertEquals(predictionOptions() +
			" input_folder output_folder overwrite=false skip_existing=false shard=1/1",
			keys("predict-folder"));
	}

	private static String predictionOptions() {
		return "model_file output=auto mode=auto tile_size=0 overlap=-1 tta=false threshold=-1.0 " +
			"use_gpu=false convert_channels=true";
	}

	@Test
	public void evaluate() {
		assertEquals(
			"prediction_folder truth_folder fov_folder model_file threshold=-1.0 classes=1 csv_file overwrite=false shard=1/1",
			keys("evaluate"));
	}

	@Test
	public void mergeMetrics() {
		assertEquals(
			"shard_folder prediction_folder truth_folder fov_folder output_file " +
				"allow_missing=false overwrite=false", keys("merge"));
	}

	@Test
	public void importWeights() {
		assertEquals(
			"npz_file model_file channel_order=BGR training_size=448 normalization=scale " +
				"overwrite=false", keys("import"));
	}

	@Test
	public void exportBioImageIo() {
		assertEquals(
			"model_file output_file name description authors license=MIT cite test_image " +
				"overwrite=false", keys("export"));
	}

	@Test
	public void modelInfo() {
		assertEquals("model_file", keys("info"));
	}

	@Test
	public void everyRegisteredCommandHasAPlugin() {
		assertEquals(Arrays.asList("CE-Net Evaluate",
			"CE-Net Export BioImage.IO Model", "CE-Net Import PyTorch Weights",
			"CE-Net Merge Metrics", "CE-Net Model Info", "CE-Net Predict",
			"CE-Net Predict Folder", "CE-Net Train"), CommandRegistry.shared()
				.titles());
		for (final String title : CommandRegistry.shared().titles())
			assertEquals(title, PreparedCommand.create(context.get(), CommandRegistry
				.shared().resolve(title)).title());
	}
}
