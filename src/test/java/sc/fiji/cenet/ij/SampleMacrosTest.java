
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.data.ImageFileReader;
import sc.fiji.cenet.data.Masks;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.metrics.BinaryEvaluator;

/**
 * The example macros of sample-data/macros, in order, in a real ImageJ with the
 * real commands installed through the project's own plugins.config, on a copy
 * of the sample data, exactly as shipped: train (40 epochs at 256 x 256, about
 * two minutes), predict, evaluate; the Dice must be a useful one. The Dice that
 * the macro reads from the "CE-Net Metrics" table must be the Dice of the
 * prediction files it wrote, at the model's calibrated threshold.
 */
public class SampleMacrosTest {

	private static final int TIMEOUT_SECONDS = 600;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void exampleMacrosRunInOrder() throws Exception {
		MacroHarness.assumeXvfb();
		final Path project = MacroHarness.projectDir();
		final Path data = copy(project.resolve("sample-data"), tmp.newFolder(
			"sample data").toPath());
		final MacroHarness harness = MacroHarness.create(tmp.newFolder("home")
			.toPath(), read(project.resolve("plugins.config")));
		final String dir = data.toString() + "/";
		final String macros = data.resolve("macros").toString() + "/";
		final MacroHarness.Result r = harness.run("dir = \"" + dir + "\";\n" +
			"runMacro(\"" + macros + "train.ijm\", dir);\n" + "runMacro(\"" + macros +
			"predict.ijm\", dir);\n" + "runMacro(\"" + macros +
			"evaluate.ijm\", dir);\n" + "print(\"" + MacroHarness.SENTINEL +
			" dice=\" + d2s(getResult(\"Dice\", 0), 9) + \" rows=\" + Table.size(\"CE-Net Metrics\"));\n",
			TIMEOUT_SECONDS);
		assertTrue(r.toString(), r.succeeded());

		assertTrue(Files.isRegularFile(data.resolve("models/cenet-vessels.cenet")));
		assertTrue(Files.isRegularFile(data.resolve(
			"models/cenet-vessels-history.png")));
		assertTrue(Files.isRegularFile(data.resolve(
			"predictions/cenet-metrics.csv")));
		assertTrue(r.toString(), r.stdout.contains("Predicted 2 images into"));
		final Matcher m = Pattern.compile("dice=(\\S+) rows=(\\d+)").matcher(r
			.sentinel());
		assertTrue(r.sentinel(), m.matches());
		assertEquals("2 images, then mean and std", "4", m.group(2));
		// evaluate.ijm gives model_file: the Dice at the threshold the training
		// calibrated
		final double threshold = TrainedModel.threshold(ModelFile.loadMetadata(data
			.resolve("models/cenet-vessels.cenet")));
		final double expected = new BinaryEvaluator(threshold).evaluate(
			ImageFileReader.read(data.resolve("predictions/01.tif").toFile()).image(),
			Masks.toLabels(ImageFileReader.readMask(data.resolve("test/masks/01.png")
				.toFile()), 1)).dice();
		assertEquals(r.toString(), expected, Double.parseDouble(m.group(1)), 1e-8);
		// out of the box the examples give a useful model, not an empty mask (Dice
		// 0)
		assertTrue(r.toString(), expected > 0.5);
	}

	private static String read(final Path file) throws IOException {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}

	private static Path copy(final Path from, final Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final Path target = to.resolve(from.relativize(f).toString());
				if (Files.isDirectory(f)) Files.createDirectories(target);
				else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		return to;
	}

}
