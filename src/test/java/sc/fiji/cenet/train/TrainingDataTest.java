
package sc.fiji.cenet.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

public class TrainingDataTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/**
	 * Images with other channels than the model's are converted without the user
	 * choosing it, so the log names them and says how.
	 */
	@Test
	public void convertedImagesAreLogged() throws Exception {
		final File images = tmp.newFolder("images"), masks = tmp.newFolder("masks");
		save(new ByteProcessor(32, 32), new File(images, "a.tif"));
		save(new ColorProcessor(32, 32), new File(images, "b.tif"));
		final ImageStack two = new ImageStack(32, 32);
		two.addSlice(new ByteProcessor(32, 32));
		two.addSlice(new ByteProcessor(32, 32));
		final ImagePlus twoChannels = new ImagePlus("c", two);
		twoChannels.setDimensions(2, 1, 1);
		assertTrue(new FileSaver(new CompositeImage(twoChannels)).saveAsTiff(
			new File(images, "c.tif").getPath()));
		save(new ColorProcessor(32, 32), new File(images, "d.tif"));
		for (final String name : new String[] { "a", "b", "c", "d" }) {
			final ByteProcessor mask = new ByteProcessor(32, 32);
			mask.set(3, 3, 255);
			save(mask, new File(masks, name + ".tif"));
		}
		final TrainingSettings s = TrainingSettings.builder().imageDir(images)
			.maskDir(masks).validationFraction(0).modelFile(tmp.getRoot().toPath()
				.resolve("m.cenet")).build();
		final LogLines log = new LogLines();
		final TrainingData data = TrainingData.load(s, TrainingData.Pairs.of(s,
			log), log);
		assertEquals(1, data.config.inputChannels()); // as the first image, a.tif
		final List<String> said = log.lines.stream().filter(l -> l.contains(
			"the model takes")).collect(Collectors.toList());
		assertEquals(2, said.size());
		assertEquals("1 image of image_folder has 2 channels (c.tif); the model " +
			"takes 1, so it trains on the mean of the channels", said.get(0));
		assertEquals("2 images of image_folder have 3 channels (b.tif, d.tif); " +
			"the model takes 1, so it trains on the mean of the channels", said.get(
				1));
	}

	private static void save(final ImageProcessor ip, final File file) {
		assertTrue(new FileSaver(new ImagePlus(file.getName(), ip)).saveAsTiff(file
			.getPath()));
	}
}
