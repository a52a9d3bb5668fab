
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.Test;

import sc.fiji.cenet.train.TrainingSettings;

/**
 * The files next to the model (README "CE-Net Train"):
 * {@code <model>-history.csv}, {@code <model>-history.png} (the model file's
 * name without its extension) and {@code <model_file>.checkpoint} (the whole
 * name).
 */
public class ModelSiblingFilesTest {

	@Test
	public void historyPlotAndCheckpointNextToTheModel() {
		check("/runs/vessels.cenet", "/runs/vessels-history.csv",
			"/runs/vessels-history.png", "/runs/vessels.cenet.checkpoint");
		// only the last extension goes; a dot in a folder name is not an extension
		check("/runs/v1.2/vessels.v2.cenet", "/runs/v1.2/vessels.v2-history.csv",
			"/runs/v1.2/vessels.v2-history.png",
			"/runs/v1.2/vessels.v2.cenet.checkpoint");
		check("/runs.d/model", "/runs.d/model-history.csv",
			"/runs.d/model-history.png", "/runs.d/model.checkpoint");
		// a hidden file's leading dot is not an extension
		check("/runs/.cenet", "/runs/.cenet-history.csv",
			"/runs/.cenet-history.png", "/runs/.cenet.checkpoint");
	}

	private static void check(String model, String csv, String png,
		String checkpoint)
	{
		Path m = Paths.get(model);
		TrainingSettings s = TrainingSettings.builder().imageDir(new File(
			"/images")).maskDir(new File("/masks")).modelFile(m).build();
		assertEquals(Paths.get(csv), s.historyFile());
		assertEquals(Paths.get(checkpoint), s.checkpointFile());
		assertEquals(new File(png), TrainCommand.plotFile(m));
	}
}
