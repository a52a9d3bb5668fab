
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code target/ImageJ} installed in a plain ImageJ 1.54 (no Fiji, so no
 * SciJava or ImgLib2 of its own): a real ImageJ, started with only
 * {@code ij.jar} on its class path and {@code -Dplugins.dir} at the bundle,
 * runs {@code CE-Net Evaluate} from a macro on two tiny PNGs, and the sample
 * macros train and predict with TensorFlow. Run by maven-failsafe after package
 * ({@code mvn verify}); skips when the bundle or {@code xvfb-run} is missing.
 */
public class PlainImageJBundleIT {

	private static final int TIMEOUT_SECONDS = 120;
	private static final int TRAINING_TIMEOUT_SECONDS = 300;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void evaluateRunsInPlainImageJ() throws Exception {
		MacroHarness.assumeXvfb();
		final Path imagej = BundleLayoutIT.bundle("ImageJ");
		final File predictions = tmp.newFolder("predictions");
		final File truth = tmp.newFolder("truth");
		// 8 x 8: the prediction's top 4 rows against the truth's top 2 rows, Dice
		// 2*16/(32+16)
		write(new File(predictions, "a.png"), 4);
		write(new File(truth, "a.png"), 2);

		final MacroHarness harness = MacroHarness.plainImageJ(imagej, tmp.newFolder(
			"home").toPath());
		final MacroHarness.Result r = harness.run(
			"run(\"CE-Net Evaluate...\", \"prediction_folder=[" + predictions +
				"] truth_folder=[" + truth + "]\");\n" + "print(\"" +
				MacroHarness.SENTINEL + " \" + d2s(getResult(\"Dice\", 0), 6));\n",
			TIMEOUT_SECONDS);
		assertTrue(r.toString(), r.succeeded());
		assertEquals(r.toString(), 2.0 * 16 / (32 + 16), Double.parseDouble(r
			.sentinel()), 1e-6);
	}

	/**
	 * TensorFlow through ImageJ's plugin class loader: the sample macros train
	 * (one epoch at 192 x 192) and predict in the plain ImageJ.
	 */
	@Test
	public void trainAndPredictRunInPlainImageJ() throws Exception {
		MacroHarness.assumeXvfb();
		final Path imagej = BundleLayoutIT.bundle("ImageJ");
		final Path from = MacroHarness.projectDir().resolve("sample-data");
		final Path data = tmp.newFolder("sample data").toPath();
		try (Stream<Path> files = Files.walk(from)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final Path target = data.resolve(from.relativize(f).toString());
				if (Files.isDirectory(f)) Files.createDirectories(target);
				else Files.copy(f, target);
			}
		}
		final Path train = data.resolve("macros/train.ijm");
		final String original = new String(Files.readAllBytes(train),
			StandardCharsets.UTF_8);
		final String fast = original.replace("epochs=40", "epochs=1").replace(
			"training_size=256", "training_size=192");
		assertFalse("train.ijm must set epochs=40 and training_size=256", fast
			.equals(original));
		Files.write(train, fast.getBytes(StandardCharsets.UTF_8));

		final MacroHarness harness = MacroHarness.plainImageJ(imagej, tmp.newFolder(
			"home").toPath());
		final String dir = data + "/";
		final String macros = data.resolve("macros") + "/";
		final MacroHarness.Result r = harness.run("dir = \"" + dir + "\";\n" +
			"runMacro(\"" + macros + "train.ijm\", dir);\n" + "runMacro(\"" + macros +
			"predict.ijm\", dir);\n" + "print(\"" + MacroHarness.SENTINEL + "\");\n",
			TRAINING_TIMEOUT_SECONDS);
		assertTrue(r.toString(), r.succeeded());
		assertTrue(r.toString(), r.stdout.contains("Predicted 2 images into"));
		assertTrue(Files.isRegularFile(data.resolve("models/cenet-vessels.cenet")));
		assertTrue(Files.isRegularFile(data.resolve("predictions/01.tif")));
	}

	/**
	 * The Fiji bundle installed in plain ImageJ as the README once said (plugins/
	 * and jars/ into the ImageJ folder): SciJava, ImgLib2 and OpenCSV (which Fiji
	 * ships) are missing, and the menu command says so, instead of showing
	 * nothing.
	 */
	@Test
	public void fijiBundleInPlainImageJNamesTheMissingJars() throws Exception {
		MacroHarness.assumeXvfb();
		final Path fiji = BundleLayoutIT.bundle("Fiji.app");
		final Path imagej = tmp.newFolder("ImageJ").toPath();
		for (final String dir : new String[] { "plugins", "jars" }) {
			Files.createDirectories(imagej.resolve(dir));
			for (final String name : BundleLayoutIT.list(fiji.resolve(dir)))
				Files.createSymbolicLink(imagej.resolve(dir).resolve(name), fiji
					.resolve(dir).resolve(name));
		}
		final File folder = tmp.newFolder("images");
		final MacroHarness harness = MacroHarness.plainImageJ(imagej, tmp.newFolder(
			"home").toPath());
		final MacroHarness.Result r = harness.run(
			"run(\"CE-Net Evaluate...\", \"prediction_folder=[" + folder +
				"] truth_folder=[" + folder + "]\");\n" + "print(\"" +
				MacroHarness.SENTINEL + "\");\n", TIMEOUT_SECONDS);
		assertFalse(r.toString(), r.succeeded());
		assertFalse(r.toString(), r.timedOut);
		assertTrue(r.toString(), r.stdout.contains(
			"CE-Net: Missing jars: scijava-common-*.jar, parsington-*.jar, imglib2-*.jar, " +
				"opencsv-*.jar, commons-lang3-*.jar. " + RequiredJars.INSTALL_ADVICE));
	}

	private static void write(final File file, final int rows)
		throws IOException
	{
		final BufferedImage image = new BufferedImage(8, 8,
			BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < rows; y++)
			for (int x = 0; x < 8; x++)
				image.getRaster().setSample(x, y, 0, 255);
		assertTrue(ImageIO.write(image, "png", file));
	}
}
