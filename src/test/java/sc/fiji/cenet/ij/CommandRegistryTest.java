
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.scijava.command.Command;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;

public class CommandRegistryTest {

	private final CommandRegistry registry = CommandRegistry.withDefaults();

	@Test
	public void defaultsMapNamesAndTitlesToCommandClasses() {
		assertEquals("sc.fiji.cenet.commands.TrainCommand", registry.resolve(
			"train").className());
		assertEquals("sc.fiji.cenet.commands.PredictCommand", registry.resolve(
			"CE-Net Predict").className());
		assertEquals("sc.fiji.cenet.commands.EvaluateCommand", registry.resolve(
			"ce-net evaluate").className());
		assertEquals("sc.fiji.cenet.commands.ImportWeightsCommand", registry
			.resolve(" import ").className());
		assertEquals("sc.fiji.cenet.commands.PredictFolderCommand", registry
			.resolve("CE-Net Predict Folder").className());
		assertEquals("CE-Net Import PyTorch Weights", registry.resolve("import")
			.title());
		assertEquals("sc.fiji.cenet.commands.ExportBioImageIoCommand", registry
			.resolve("export").className());
		assertEquals("sc.fiji.cenet.commands.MergeMetricsCommand", registry.resolve(
			"merge").className());
		assertEquals(Arrays.asList("CE-Net Evaluate",
			"CE-Net Export BioImage.IO Model", "CE-Net Import PyTorch Weights",
			"CE-Net Merge Metrics", "CE-Net Model Info", "CE-Net Predict",
			"CE-Net Predict Folder", "CE-Net Train"), registry.titles());
	}

	/**
	 * Menu entries end with "..." (they open a dialog); the headless runner takes
	 * both forms.
	 */
	@Test
	public void menuTitlesWithEllipsisResolve() {
		for (final String title : registry.titles()) {
			assertEquals(title, registry.resolve(title + "...").title());
			assertEquals(title, registry.resolve(title).title());
		}
		assertEquals("sc.fiji.cenet.commands.TrainCommand", registry.resolve(
			"CE-Net Train...").className());
		assertEquals("sc.fiji.cenet.commands.ImportWeightsCommand", registry
			.resolve("ce-net import pytorch weights...").className());
		try {
			registry.resolve("CE-Net Segment...");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(
				"Unknown command 'CE-Net Segment...'"));
		}
	}

	/**
	 * plugins.config titles follow ImageJ's "..." convention and resolve to
	 * registered commands.
	 */
	@Test
	public void pluginsConfigTitlesEndWithEllipsis() throws Exception {
		final List<String> lines = Files.readAllLines(MacroHarness.projectDir()
			.resolve("plugins.config"));
		final Pattern entry = Pattern.compile(
			"^Plugins>[^,]+, \"([^\"]+)\", sc\\.fiji\\.cenet\\.ij\\.CENetPlugIn\\(\"([^\"]+)\"\\)$");
		int entries = 0;
		for (final String line : lines) {
			if (line.startsWith("#") || line.trim().isEmpty()) continue;
			final Matcher m = entry.matcher(line);
			assertTrue(line, m.matches());
			assertTrue(line, m.group(1).endsWith("..."));
			assertEquals(line, registry.resolve(m.group(2)).title() + "...", m.group(
				1));
			entries++;
		}
		assertEquals(registry.titles().size(), entries);
	}

	/**
	 * The registry's table, the SciJava plugin index (the {@code @Plugin}
	 * annotations) and plugins.config name the same commands: a command added in
	 * one place and not the others fails here.
	 */
	@Test
	public void pluginAnnotationsMatchTheTable() {
		final PluginIndex index = new PluginIndex();
		index.discover();
		final Set<String> annotated = new TreeSet<>();
		for (final PluginInfo<?> info : index.getPlugins(Command.class)) {
			if (!info.getClassName().startsWith("sc.fiji.cenet.commands.")) continue;
			annotated.add(info.getClassName());
			final CommandRegistry.Entry entry = registry.resolve(info.getName());
			assertEquals("@Plugin name of " + info.getClassName(), info
				.getClassName(), entry.className());
			assertEquals("@Plugin label of " + info.getClassName(), entry.title(),
				info.getLabel());
		}
		final Set<String> tabled = new TreeSet<>();
		for (final String title : registry.titles())
			tabled.add(registry.resolve(title).className());
		assertEquals(tabled, annotated);
	}

	@Test
	public void registeredCommandsResolve() {
		registry.register("test", "CE-Net Test", MacroTestCommand.class.getName());
		assertEquals(MacroTestCommand.class.getName(), registry.resolve(
			"CE-Net Test").className());
		assertEquals(MacroTestCommand.class.getName(), registry.resolve("TEST")
			.className());
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
			assertEquals(
				"Unknown command 'segment'; known commands: CE-Net Evaluate, " +
					"CE-Net Export BioImage.IO Model, CE-Net Import PyTorch Weights, CE-Net Merge Metrics, " +
					"CE-Net Model Info, CE-Net Predict, CE-Net Predict Folder, CE-Net Train",
				e.getMessage());
		}
	}
}
