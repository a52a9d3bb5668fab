
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.export.PackageCheck;
import sc.fiji.cenet.ij.HeadlessRunner;
import sc.fiji.cenet.model.CENetConfig;

/**
 * CE-Net Export BioImage.IO Model through the headless runner, as a macro or
 * cluster job would run it.
 */
public class ExportBioImageIoCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private String stdout;
	private String stderr;

	private int run(final String options) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8))
		{
			return HeadlessRunner.run(new String[] { "export", options }, o, e);
		}
		finally {
			stdout = new String(out.toByteArray(), StandardCharsets.UTF_8);
			stderr = new String(err.toByteArray(), StandardCharsets.UTF_8);
		}
	}

	private static String required(final File model, final File zip) {
		return "model_file=[" + model + "] output_file=[" + zip +
			"] name=[Two class gray model] " +
			"description=[Random weights.] authors=[A. Author, B. Author]";
	}

	/**
	 * A gray 2-class model given an RGB test image: converted to gray, cropped to
	 * 192 x 192, softmax output.
	 */
	@Test
	public void writesAPackageThatPassesTheChecks() throws Exception {
		final File model = TestModels.file(new CENetConfig(1, 2), "RGB");
		EvaluateCommandTest.save(TestImages.rgb("x", 3, 250, 210, 1).getProcessor(),
			tmp.getRoot(), "test image.png");
		final File zip = new File(tmp.newFolder("out put"), "model.zip");
		assertEquals(stderr, HeadlessRunner.OK, run(required(model, zip) +
			" license=CC-BY-4.0 " +
			"cite=[see https://example.org/paper] test_image=[" + new File(tmp
				.getRoot(), "test image.png") + "]"));
		assertEquals(
			"package_files=rdf.yaml, documentation.md, cover.png, test_input.npy, " +
				"test_output.npy, tf_saved_model_bundle.zip" + System.lineSeparator() +
				"package_bytes=" + zip.length() + System.lineSeparator(), stdout);
		// the log says where the package went
		assertTrue(stderr, stderr.contains("CE-Net Export BioImage.IO Model: " +
			"written to " + zip + " (" + zip.length() + " bytes)"));
		assertEquals(Collections.emptyList(), PackageCheck.all(zip.toPath(), 0));
		final JsonNode rdf = PackageCheck.rdf(zip.toPath());
		assertEquals("CC-BY-4.0", rdf.get("license").asText());
		assertEquals("https://example.org/paper", rdf.get("cite").get(3).get("url")
			.asText());
		assertEquals("[\"gray\"]", rdf.get("inputs").get(0).get("axes").get(1).get(
			"channel_names").toString());
		assertEquals("[\"class0\",\"class1\"]", rdf.get("outputs").get(0).get(
			"axes").get(1).get("channel_names").toString());
		assertArrayEquals("no temporary file is left", new String[] { "model.zip" },
			zip.getParentFile().list());
	}

	@Test
	public void neverReplacesAnExistingFileWithoutOverwrite() throws Exception {
		final File model = TestModels.file(new CENetConfig(1, 2), "RGB");
		final File zip = tmp.newFile("existing.zip");
		Files.write(zip.toPath(), new byte[] { 1, 2, 3 });
		assertEquals(HeadlessRunner.USAGE, run(required(model, zip)));
		assertTrue(stderr, stderr.contains("output_file already exists: " + zip +
			"; choose another file, or tick overwrite to replace it"));
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(zip.toPath()));
	}

	@Test
	public void neverWritesOverTheModelFile() throws Exception {
		final File model = tmp.newFile("model.zip");
		Files.write(model.toPath(), new byte[] { 4 });
		assertEquals(HeadlessRunner.USAGE, run(required(model, model) +
			" overwrite"));
		assertTrue(stderr, stderr.contains(
			"output_file must differ from model_file"));
		assertArrayEquals(new byte[] { 4 }, Files.readAllBytes(model.toPath()));
	}

	@Test
	public void refusesA16BitTestImageForAn8BitModel() throws Exception {
		final File model = TestModels.file(new CENetConfig(1, 2), "RGB");
		final ij.process.ShortProcessor ip = new ij.process.ShortProcessor(200,
			200);
		ip.set(1000);
		EvaluateCommandTest.save(ip, tmp.getRoot(), "sixteen.tif");
		final File zip = new File(tmp.getRoot(), "m.zip");
		assertEquals(HeadlessRunner.FAILED, run(required(model, zip) +
			" test_image=[" + new File(tmp.getRoot(), "sixteen.tif") + "]"));
		assertTrue(stderr, stderr.contains(
			"the model was trained on 8-bit images"));
		assertTrue(!zip.exists());
	}

	@Test
	public void badInputsAreNamed() throws Exception {
		final File model = TestModels.file(new CENetConfig(1, 2), "RGB");
		// a blank required key is a usage error, named before the command runs
		assertEquals(HeadlessRunner.USAGE, run("model_file=[" + model +
			"] output_file=[" + new File(tmp.getRoot(), "m.zip") +
			"] name=abcdef description=x authors=[ ]"));
		assertTrue(stderr, stderr.contains(
			"authors is not set for CE-Net Export BioImage.IO Model"));
		// bad values, found before any work: usage errors too (exit 2)
		assertEquals(HeadlessRunner.USAGE, run("model_file=[" + model +
			"] output_file=[" + new File(tmp.getRoot(), "m.txt") +
			"] name=abc description=x authors=[A] test_image=/no/such.png"));
		assertTrue(stderr, stderr.contains("output_file must end with .zip"));
		assertTrue(stderr, stderr.contains(
			"test_image does not exist: /no/such.png"));
		assertEquals(HeadlessRunner.USAGE, run("model_file=[" + model +
			"] output_file=[" + new File(tmp.getRoot(), "m.zip") +
			"] name=abc description=x authors=[A]"));
		assertTrue(stderr, stderr.contains(
			"name must have 5 to 128 characters, not 3"));
		assertEquals(HeadlessRunner.USAGE, run("model_file=[" + model +
			"] output_file=[" + new File(tmp.getRoot(), "m.zip") +
			"] name=abcdef description=x authors=[A] license=[not a licence]"));
		assertTrue(stderr, stderr.contains("license must be an SPDX licence id"));
		// every mistake in one line, not one per run
		assertEquals(HeadlessRunner.USAGE, run("model_file=[" + model +
			"] output_file=[" + new File(tmp.getRoot(), "exp") +
			"] name=[Vessels: v2!] description=x authors=[A] license=MIT-ish"));
		assertTrue(stderr, stderr.contains("output_file must end with .zip: " +
			new File(tmp.getRoot(), "exp") + "; name may hold only letters"));
		assertTrue(stderr, stderr.contains("not ':' '!'") || stderr.contains(
			"not ':', '!'"));
		assertTrue(stderr, stderr.contains(
			"; license must be an SPDX licence id such as MIT, not 'MIT-ish'"));
		assertEquals(stderr, 1, stderr.split("CE-Net: ", -1).length - 1);
	}
}
