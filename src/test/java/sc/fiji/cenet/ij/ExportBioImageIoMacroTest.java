
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Collections;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.export.PackageCheck;
import sc.fiji.cenet.model.CENetConfig;

/**
 * CE-Net Export BioImage.IO Model from a macro, installed through the project's
 * own plugins.config.
 */
public class ExportBioImageIoMacroTest {

	private static final int TIMEOUT_SECONDS = 300;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void macroWritesAPackage() throws Exception {
		MacroHarness.assumeXvfb();
		final MacroHarness harness = MacroHarness.withProjectPlugins(tmp.newFolder(
			"home").toPath());
		final File model = TestModels.file(new CENetConfig(1, 1), "RGB");
		final File zip = new File(tmp.newFolder("out"), "package.zip");
		final MacroHarness.Result r = harness.run(
			"run(\"CE-Net Export BioImage.IO Model...\", \"model_file=[" + model +
				"] output_file=[" + zip +
				"] name=[Macro test model] description=[From a macro.] " +
				"authors=[M. Acro]\");\nprint(\"" + MacroHarness.SENTINEL +
				" exists=\" + File.exists(\"" + zip + "\"));\n", TIMEOUT_SECONDS);
		assertTrue(r.toString(), r.succeeded());
		assertEquals("exists=1", r.sentinel());
		assertEquals(Collections.emptyList(), PackageCheck.files(zip.toPath(),
			PackageCheck.rdf(zip.toPath())));
		assertEquals(Collections.emptyList(), PackageCheck.schema(PackageCheck.rdf(
			zip.toPath())));
	}
}
