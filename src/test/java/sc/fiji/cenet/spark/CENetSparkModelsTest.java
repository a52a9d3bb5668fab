package sc.fiji.cenet.spark;

import static org.junit.Assert.assertEquals;
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

/** An executor JVM opens a model file once for all its tasks, and again only when the file changes. */
public class CENetSparkModelsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void oneModelPerFileAndJvm() throws Exception {
		final File file = new File(tmp.getRoot(), "m.cenet");
		Files.copy(TestModels.file(new CENetConfig(3, 1), "BGR").toPath(), file.toPath());
		final int before = CENetSpark.OpenModels.size();
		final CENetModel first = CENetSpark.OpenModels.get(file, false);
		assertSame(first, CENetSpark.OpenModels.get(file, false));
		assertSame(first, CENetSpark.OpenModels.get(new File(tmp.getRoot(), "./m.cenet"), false));
		assertEquals(before + 1, CENetSpark.OpenModels.size());
		// a model file replaced (another size or time) is read again
		Files.copy(TestModels.file(new CENetConfig(1, 1), "BGR").toPath(), file.toPath(),
			StandardCopyOption.REPLACE_EXISTING);
		assertTrue(file.setLastModified(file.lastModified() + 2000));
		final CENetModel second = CENetSpark.OpenModels.get(file, false);
		assertNotSame(first, second);
		assertEquals(1, second.inputChannels());
		// the replaced file's model is closed, not kept open beside the new one
		assertTrue(first.isClosed());
		assertEquals(before + 1, CENetSpark.OpenModels.size());
		assertSame(second, CENetSpark.OpenModels.get(file, false));
	}
}
