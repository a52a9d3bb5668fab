
package sc.fiji.cenet.ij;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which SciJava command class a short name ({@code "predict"}, the argument in
 * {@code plugins.config}) or a menu title ({@code "CE-Net Predict..."} or
 * {@code "CE-Net Predict"}) stands for. Classes are referred to by name: the
 * bridge must load even when a command is missing, and report that clearly
 * instead.
 */
public final class CommandRegistry {

	/** One named command. */
	public static final class Entry {

		private final String name;
		private final String title;
		private final String className;

		Entry(final String name, final String title, final String className) {
			this.name = name;
			this.title = title;
			this.className = className;
		}

		/** Short name, e.g. {@code predict}. */
		public String name() {
			return name;
		}

		/** Menu title and macro command, e.g. {@code CE-Net Predict}. */
		public String title() {
			return title;
		}

		/** Fully qualified name of the SciJava command class. */
		public String className() {
			return className;
		}
	}

	private static final CommandRegistry SHARED = withDefaults();

	private final Map<String, Entry> byName = new ConcurrentHashMap<>();

	/** The registry the ImageJ plugin and the headless runner use. */
	public static CommandRegistry shared() {
		return SHARED;
	}

	/** A registry with the CE-Net commands. */
	public static CommandRegistry withDefaults() {
		final CommandRegistry registry = new CommandRegistry();
		registry.register("train", "CE-Net Train",
			"sc.fiji.cenet.commands.TrainCommand");
		registry.register("predict", "CE-Net Predict",
			"sc.fiji.cenet.commands.PredictCommand");
		registry.register("predict-folder", "CE-Net Predict Folder",
			"sc.fiji.cenet.commands.PredictFolderCommand");
		registry.register("evaluate", "CE-Net Evaluate",
			"sc.fiji.cenet.commands.EvaluateCommand");
		registry.register("import", "CE-Net Import PyTorch Weights",
			"sc.fiji.cenet.commands.ImportWeightsCommand");
		registry.register("export", "CE-Net Export BioImage.IO Model",
			"sc.fiji.cenet.commands.ExportBioImageIoCommand");
		registry.register("merge", "CE-Net Merge Metrics",
			"sc.fiji.cenet.commands.MergeMetricsCommand");
		registry.register("info", "CE-Net Model Info",
			"sc.fiji.cenet.commands.ModelInfoCommand");
		return registry;
	}

	/** Adds or replaces a command; names and titles are matched ignoring case. */
	public void register(final String name, final String title,
		final String className)
	{
		if (name == null || name.trim().isEmpty() || title == null ||
			className == null) throw new IllegalArgumentException(
				"A command needs a name, a title and a class name");
		byName.put(name.toLowerCase(Locale.ROOT), new Entry(name, title,
			className));
	}

	/**
	 * Finds a command by short name, by title, or by fully qualified class name
	 * (so a {@code plugins.config} line can point at any command class). A title
	 * may end with "..." as its menu entry does ({@code CE-Net Train...}).
	 *
	 * @throws UsageException naming the known commands when nothing matches
	 */
	public Entry resolve(final String nameOrTitle) {
		final String given = nameOrTitle == null ? "" : nameOrTitle.trim();
		final String wanted = given.endsWith("...") ? given.substring(0, given
			.length() - 3).trim() : given;
		final Entry byShortName = byName.get(wanted.toLowerCase(Locale.ROOT));
		if (byShortName != null) return byShortName;
		for (final Entry e : byName.values())
			if (e.title().equalsIgnoreCase(wanted) || e.className().equals(wanted))
				return e;
		if (looksLikeClassName(wanted)) return new Entry(wanted, wanted, wanted);
		throw new UsageException("Unknown command '" + given +
			"'; known commands: " + String.join(", ", titles()));
	}

	/** Titles of the registered commands, sorted. */
	public List<String> titles() {
		final List<String> titles = new ArrayList<>();
		for (final Entry e : byName.values())
			titles.add(e.title());
		Collections.sort(titles);
		return titles;
	}

	private static boolean looksLikeClassName(final String s) {
		return s.matches("([a-zA-Z_$][a-zA-Z\\d_$]*\\.)+[a-zA-Z_$][a-zA-Z\\d_$]*");
	}
}
