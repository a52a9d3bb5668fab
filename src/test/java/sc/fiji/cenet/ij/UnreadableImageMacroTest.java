
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/**
 * A file in a folder that is no image (here a text file named .tif) stops a
 * macro with the command's one line naming the file, in a real ImageJ
 * ({@code -batch}, the project's plugins.config). ImageJ's own error, raised
 * while a macro runs a command, aborted the macro with a "Macro Error" dialog
 * that named no command, and hung a {@code -batch} job.
 */
public class UnreadableImageMacroTest {

	private static final int TIMEOUT_SECONDS = 200;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void aFileThatIsNoImageStopsTheMacroWithTheCommandsLine()
		throws Exception
	{
		MacroHarness.assumeXvfb();
		final MacroHarness harness = MacroHarness.withProjectPlugins(tmp.newFolder(
			"home").toPath());
		final File predictions = tmp.newFolder("predictions"), truth = tmp
			.newFolder("truth");
		final ByteProcessor mask = new ByteProcessor(32, 32);
		mask.set(3, 3, 255);
		for (final File folder : new File[] { predictions, truth })
			new FileSaver(new ImagePlus("m", mask)).saveAsPng(new File(folder,
				"01.png").getPath());
		final File text = new File(predictions, "02.tif");
		Files.write(text.toPath(), "garbage".getBytes(StandardCharsets.UTF_8));
		new FileSaver(new ImagePlus("m", mask)).saveAsPng(new File(truth, "02.png")
			.getPath());
		final MacroHarness.Result r = harness.run("run(\"CE-Net Evaluate...\", " +
			"\"prediction_folder=[" + predictions + "] truth_folder=[" + truth +
			"]\");\nprint(\"" + MacroHarness.SENTINEL + "\");\n", TIMEOUT_SECONDS);
		assertFalse(r.toString(), r.succeeded());
		assertFalse(r.toString(), r.timedOut);
		assertNotEquals(r.toString(), MacroWatchdog.DIALOG_EXIT_CODE, r.exitCode);
		assertTrue(r.toString(), r.stdout.contains(
			"CE-Net: CE-Net Evaluate failed: cannot read " + text +
				": not an image file that ImageJ opens (TIFF, PNG, GIF, JPEG, BMP)"));
		assertFalse(r.toString(), (r.stdout + r.stderr).contains(
			"Unsupported format"));
	}
}
