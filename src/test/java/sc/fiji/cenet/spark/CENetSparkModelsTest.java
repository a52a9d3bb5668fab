
package sc.fiji.cenet.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.predict.CENetModel;
import sc.fiji.cenet.service.CENetModelService;

/**
 * An executor JVM opens a model file once for all its tasks, and again only
 * when the file changes.
 */
public class CENetSparkModelsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void oneModelPerFileAndJvm() throws Exception {
		final File file = new File(tmp.getRoot(), "m.cenet");
		Files.copy(TestModels.file(new CENetConfig(3, 1), "BGR").toPath(), file
			.toPath());
		final CENetModel first;
		try (CENetModelService.Lease a = CENetSpark.MODELS.open(file, false);
				CENetModelService.Lease b = CENetSpark.MODELS.open(new File(tmp
					.getRoot(), "./m.cenet"), false))
		{
			first = a.model();
			assertSame("the same file, however named, is read once", first, b
				.model());
		}
		assertFalse("kept open for the next task", first.isClosed());
		// a model file replaced (another size or time) is read again
		Files.copy(TestModels.file(new CENetConfig(1, 1), "BGR").toPath(), file
			.toPath(), StandardCopyOption.REPLACE_EXISTING);
		assertTrue(file.setLastModified(file.lastModified() + 2000));
		try (CENetModelService.Lease c = CENetSpark.MODELS.open(file, false)) {
			assertNotSame(first, c.model());
			assertEquals(1, c.model().inputChannels());
			// the replaced file's model is closed, not kept open beside the new one
			assertTrue(first.isClosed());
		}
	}

	@Test
	public void aTaskStillPredictingKeepsTheReplacedModelOpen() throws Exception {
		final File file = new File(tmp.getRoot(), "n.cenet");
		Files.copy(TestModels.file(new CENetConfig(3, 1), "BGR").toPath(), file
			.toPath());
		try (CENetModelService.Lease running = CENetSpark.MODELS.open(file,
			false))
		{
			assertTrue(file.setLastModified(file.lastModified() + 2000));
			try (CENetModelService.Lease next = CENetSpark.MODELS.open(file, false)) {
				assertNotSame(running.model(), next.model());
			}
			assertFalse("the running task's model stays open", running.model()
				.isClosed());
			running.close();
			assertTrue("closed once its task ends", running.model().isClosed());
		}
	}
}
