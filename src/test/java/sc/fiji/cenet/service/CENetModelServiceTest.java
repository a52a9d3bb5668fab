
package sc.fiji.cenet.service;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;

import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.predict.CENetModel;

public class CENetModelServiceTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void reusesReloadsOnChangeAndClosesWithTheContext() throws Exception {
		final File model = tmp.newFile("m.cenet");
		Files.copy(TestModels.file(new CENetConfig(1, 1), "RGB").toPath(), model
			.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		final Context context = new Context(CENetModelService.class);
		final CENetModelService service = context.service(CENetModelService.class);
		final CENetModel first;
		try (CENetModelService.Lease a = service.open(model, false)) {
			first = a.model();
			// the weights live in TensorFlow only: a model kept open holds no second
			// copy on the heap
			org.junit.Assert.assertFalse(first.trainedModel().hasWeights());
			try (CENetModelService.Lease b = service.open(model, false)) {
				assertSame("the same file is read once", first, b.model());
			}
			// the file changes while a lease is held: a new model, the old one closed
			// once released
			assertTrue(model.setLastModified(model.lastModified() - 10_000));
			try (CENetModelService.Lease c = service.open(model, false)) {
				assertNotSame(first, c.model());
				assertFalse("still in use", first.isClosed());
			}
		}
		assertTrue("released and replaced", first.isClosed());
		final CENetModel last;
		try (CENetModelService.Lease d = service.open(model, false)) {
			last = d.model();
		}
		assertFalse(last.isClosed());
		context.dispose();
		assertTrue("the context closes its models", last.isClosed());
	}
}
