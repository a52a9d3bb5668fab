
package sc.fiji.cenet.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The one rule for outputs: never an input, by real location; an existing file
 * only when asked.
 */
public class OutputCheckTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void anOutputIsNeverAnInputHoweverWritten() throws Exception {
		File truth = tmp.newFolder("truth"), mask = new File(truth, "a.png");
		Files.write(mask.toPath(), new byte[] { 1 });
		File link = new File(tmp.getRoot(), "link");
		Files.createSymbolicLink(link.toPath(), truth.toPath());
		for (File output : new File[] { mask, new File(truth, "./a.png"), new File(
			truth, "../truth/a.png"), new File(link, "a.png") })
			for (boolean replace : new boolean[] { false, true }) {
				List<String> p = new OutputCheck().reads("truth_folder", truth).reads(
					"truth_folder", Collections.singletonList(mask)).writes("csv_file",
						output, replace, "tick overwrite").problems();
				assertEquals(output + "", Collections.singletonList(
					"csv_file must differ from truth_folder, which it " +
						"would replace (" + output + (output == mask ? "" : " is " + mask) +
						")"), p);
			}
	}

	@Test
	public void anExistingFileIsReplacedOnlyWhenAsked() throws Exception {
		File existing = tmp.newFile("m.csv"), fresh = new File(tmp.getRoot(),
			"new/n.csv");
		assertEquals(Collections.singletonList("csv_file already exists: " +
			existing + "; choose another file, or " + "tick overwrite to replace it"),
			new OutputCheck().writes("csv_file", existing, false, "tick overwrite")
				.problems());
		assertEquals(Collections.emptyList(), new OutputCheck().writes("csv_file",
			existing, true, "tick overwrite").problems());
		assertEquals("a file to be made, in a folder to be made", Collections
			.emptyList(), new OutputCheck().writes("csv_file", fresh, false, null)
				.problems());
		assertEquals(Collections.singletonList(
			"csv_file is a folder, not a file: " + tmp.getRoot()), new OutputCheck()
				.writes("csv_file", tmp.getRoot(), true, null).problems());
		assertEquals("unset outputs and inputs are ignored", Collections
			.emptyList(), new OutputCheck().reads("x", (File) null).writes("y",
				new File(""), false, null).problems());
	}

	@Test
	public void aFolderWrittenIntoIsNotAFolderRead() throws Exception {
		File in = tmp.newFolder("in");
		assertEquals(Collections.singletonList(
			"output_folder must differ from input_folder (" + new File(in, ".") +
				" is " + in + ")"), new OutputCheck().reads("input_folder", in)
					.writesInto("output_folder", new File(in, ".")).problems());
		assertEquals(Collections.emptyList(), new OutputCheck().reads(
			"input_folder", in).writesInto("output_folder", new File(in, "out"))
			.problems());
	}

	/**
	 * A read-only folder is found before any work (not after an epoch); root
	 * writes anywhere, so not as root.
	 */
	@Test
	public void aReadOnlyFolderIsFoundBeforeAnyWork() throws Exception {
		File ro = tmp.newFolder("ro");
		Assume.assumeTrue("runs as a user who cannot write everywhere", ro
			.setWritable(false, false) && !Files.isWritable(ro.toPath()));
		try {
			assertEquals(Arrays.asList("the folder of model_file is not writable: " +
				ro), new OutputCheck().writes("model_file", new File(ro, "m.cenet"),
					false, null).problems());
			assertTrue(new OutputCheck().writesInto("output_folder", new File(ro,
				"out")).problems().get(0).startsWith("output_folder is not writable: " +
					ro));
		}
		finally {
			ro.setWritable(true, false);
		}
	}
}
