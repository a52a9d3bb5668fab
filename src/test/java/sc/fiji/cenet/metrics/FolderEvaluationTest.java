
package sc.fiji.cenet.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import sc.fiji.cenet.data.ImagePair;
import sc.fiji.cenet.progress.ProgressListener;

public class FolderEvaluationTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/**
	 * A ground truth that is foreground everywhere (a transparent background
	 * reads as white) is evaluated, but said in the log: its Dice is not what the
	 * user means to measure.
	 */
	@Test
	public void aTruthWithoutBackgroundIsLogged() {
		final ByteProcessor prediction = new ByteProcessor(4, 3);
		prediction.set(1, 1, 255);
		final ByteProcessor truth = new ByteProcessor(4, 3);
		truth.set(1, 1, 255);
		final ByteProcessor white = new ByteProcessor(4, 3);
		white.invert();
		final ImagePair good = new ImagePair(save(prediction, "a.png"), save(truth,
			"a_truth.png"), null);
		final ImagePair full = new ImagePair(save(prediction, "b.png"), save(white,
			"b_truth.png"), null);
		final List<String> logged = new ArrayList<>();
		final ProgressListener log = new ProgressListener() {

			@Override
			public void progress(final double fraction, final String message) {}

			@Override
			public void log(final String line) {
				logged.add(line);
			}
		};
		final MetricsTable table = new FolderEvaluation(1, 0.5).evaluate(Arrays
			.asList(good, full), false, log).wholeImage();
		assertEquals(2, table.size());
		assertEquals(1, table.row("a.png").dice(), 1e-12);
		assertEquals(2.0 / 13, table.row("b.png").dice(), 1e-12);
		assertEquals(Arrays.asList("mask b_truth.png (ground truth of b.png) has " +
			"no background (0) anywhere: a transparent background reads as white; " +
			"save the mask with a black background"), logged);
	}

	private File save(final ByteProcessor ip, final String name) {
		final File file = new File(tmp.getRoot(), name);
		assertTrue(new FileSaver(new ImagePlus(name, ip)).saveAsPng(file
			.getPath()));
		return file;
	}
}
