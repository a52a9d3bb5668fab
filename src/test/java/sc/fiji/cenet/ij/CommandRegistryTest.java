package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.Arrays;

import org.junit.Test;

public class CommandRegistryTest {

	private final CommandRegistry registry = CommandRegistry.withDefaults();

	@Test
	public void defaultsMapNamesAndTitlesToCommandClasses() {
		assertEquals("sc.fiji.cenet.commands.TrainCommand", registry.resolve("train").className());
		assertEquals("sc.fiji.cenet.commands.PredictCommand", registry.resolve("CE-Net Predict")
			.className());
		assertEquals("sc.fiji.cenet.commands.EvaluateCommand", registry.resolve("ce-net evaluate")
			.className());
		assertEquals("sc.fiji.cenet.commands.ImportWeightsCommand", registry.resolve(" import ")
			.className());
		assertEquals("sc.fiji.cenet.commands.PredictFolderCommand", registry.resolve(
			"CE-Net Predict Folder").className());
		assertEquals("CE-Net Import PyTorch Weights", registry.resolve("import").title());
		assertEquals("sc.fiji.cenet.commands.ExportBioImageIoCommand", registry.resolve("export")
			.className());
		assertEquals(Arrays.asList("CE-Net Evaluate", "CE-Net Export BioImage.IO Model",
			"CE-Net Import PyTorch Weights", "CE-Net Predict", "CE-Net Predict Folder", "CE-Net Train"),
			registry.titles());
	}

	@Test
	public void registeredCommandsResolve() {
		registry.register("test", "CE-Net Test", MacroTestCommand.class.getName());
		assertEquals(MacroTestCommand.class.getName(), registry.resolve("CE-Net Test").className());
		assertEquals(MacroTestCommand.class.getName(), registry.resolve("TEST").className());
	}

	@Test
	public void classNamesResolveToThemselves() {
		final CommandRegistry.Entry e = registry.resolve("org.example.Foo$Bar");
		assertEquals("org.example.Foo$Bar", e.className());
		assertEquals("org.example.Foo$Bar", e.title());
	}

	@Test
	public void unknownNamesListTheKnownCommands() {
		try {
			registry.resolve("segment");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals("Unknown command 'segment'; known commands: CE-Net Evaluate, " +
				"CE-Net Export BioImage.IO Model, CE-Net Import PyTorch Weights, CE-Net Predict, CE-Net Predict Folder, CE-Net Train", e
					.getMessage());
		}
	}
}
