package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runs the example macros of sample-data/macros, in order, in a real ImageJ
 * against stand-in commands with the intended keys, on a copy of the sample data.
 */
public class SampleMacrosTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void exampleMacrosRunInOrder() throws Exception {
		MacroHarness.assumeXvfb();
		final Path data = copy(MacroHarness.projectDir().resolve("sample-data"), tmp.newFolder("sample data").toPath());
		final StringBuilder config = new StringBuilder();
		for (final String[] c : new String[][] { { "Train", "Train" }, { "Predict", "Predict" }, {
			"Evaluate", "Evaluate" } })
			config.append("Plugins>CE-Net, \"CE-Net ").append(c[0]).append("\", sc.fiji.cenet.ij.CENetPlugIn(\"")
				.append(SampleMacroStubs.class.getName()).append('$').append(c[1]).append("\")\n");
		final MacroHarness harness = MacroHarness.create(tmp.newFolder("home").toPath(), config
			.toString());
		final String dir = data.toString() + "/";
		final String macros = data.resolve("macros").toString() + "/";
		final MacroHarness.Result r = harness.run("dir = \"" + dir + "\";\n" +
			"runMacro(\"" + macros + "train.ijm\", dir);\n" +
			"runMacro(\"" + macros + "predict.ijm\", dir);\n" +
			"runMacro(\"" + macros + "evaluate.ijm\", dir);\n" +
			"print(\"" + MacroHarness.SENTINEL + " dice=\" + getResult(\"Dice\", 0));\n", 120);
		assertTrue(r.toString(), r.succeeded());
		assertEquals(r.toString(), "dice=2", r.sentinel());
		assertEquals("epochs=20 batch_size=2 training_size=256 images=7", new String(Files.readAllBytes(
			data.resolve("models/cenet-vessels.zip")), StandardCharsets.UTF_8));
		assertTrue(Files.isRegularFile(data.resolve("predictions/01.tif")));
		assertTrue(Files.isRegularFile(data.resolve("predictions/02.tif")));
		assertTrue(r.toString(), r.stdout.contains("Predicted 2 images into"));
		assertTrue(r.toString(), r.stdout.contains("Dice: 2"));
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
