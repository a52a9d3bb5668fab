
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.commands.TensorFlowVersionCheck;
import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.model.CENetConfig;

/**
 * CE-Net Predict from a batch-mode macro ({@code ImageJ -batch}, where ImageJ
 * prints its Log on stdout), installed through the project's own
 * plugins.config: the first command says that TensorFlow is loading before it
 * loads; Predict logs one line with the model, output, the threshold used and
 * the tiles; every line is printed once; Show Info lists each {@code cenet.*}
 * property once.
 */
public class PredictMacroTest {

	private static final int TIMEOUT_SECONDS = 400;

	private static final String INFO_START = "CENET-INFO-START", INFO_END =
		"CENET-INFO-END";

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void predictLogsOneLineAndShowInfoListsEachPropertyOnce()
		throws Exception
	{
		MacroHarness.assumeXvfb();
		final MacroHarness harness = MacroHarness.withProjectPlugins(tmp.newFolder(
			"home").toPath());
		final File model = TestModels.file(new CENetConfig(1, 1), "RGB");
		final MacroHarness.Result r = harness.run(
			"newImage(\"cells\", \"8-bit ramp\", 96, 80, 1);\n" +
				"run(\"CE-Net Predict...\", \"model_file=[" + model +
				"] image=cells output=mask\");\n" + "print(\"" + INFO_START +
				"\");\nprint(getImageInfo());\nprint(\"" + INFO_END + "\");\n" +
				"print(\"" + MacroHarness.SENTINEL +
				" threshold=\" + Property.get(\"cenet.threshold\") + " +
				"\" title=\" + getTitle());\n", TIMEOUT_SECONDS);
		assertTrue(r.toString(), r.succeeded());
		assertEquals("threshold=0.5 title=cells-cenet-mask", r.sentinel());

		final List<String> lines = new ArrayList<>();
		for (final String line : r.stdout.split("\\R"))
			lines.add(line);
		final String predicted =
			"CE-Net Predict: cells -> cells-cenet-mask: model " + model.getPath() +
				", output mask, threshold 0.5 (the model's), mode auto, tiles of 192 px overlapping by 48 px";
		assertEquals(r.toString(), 1, Collections.frequency(lines, predicted));
		final String loading = "CE-Net Predict: " + TensorFlowVersionCheck.LOADING;
		assertEquals(r.toString(), 1, Collections.frequency(lines, loading));
		assertTrue(r.toString(), lines.indexOf(loading) < lines.indexOf(predicted));
		// once: not also as SciJava's console log line
		for (final String line : lines)
			assertFalse(r.toString(), line.contains("[INFO] CE-Net Predict"));

		final List<String> info = lines.subList(lines.indexOf(INFO_START) + 1, lines
			.indexOf(INFO_END));
		for (final String key : new String[] { "cenet.model_file", "cenet.output",
			"cenet.threshold", "cenet.mode", "cenet.tile_size", "cenet.overlap",
			"cenet.tta" })
		{
			// lines with a value: ImageJ's "key: value" list of properties, or the
			// info text's "key = value"
			int n = 0;
			for (final String line : info)
				if (line.startsWith(key + ":") || line.startsWith(key + " =")) n++;
			assertEquals(key + " in Show Info:\n" + String.join("\n", info), 1, n);
		}
	}
}
