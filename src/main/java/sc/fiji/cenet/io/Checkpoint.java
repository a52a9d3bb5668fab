
package sc.fiji.cenet.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import sc.fiji.cenet.model.StateDict;

/**
 * The state needed to resume training: string properties chosen by the trainer
 * (epoch, learning rate, schedule counters, RNG state, settings) and named
 * groups of tensors (e.g. "weights", "adam_m", "adam_v").
 * <p>
 * Stored as one zip, written atomically: {@value #PROPERTIES_ENTRY} with
 * {@code format=cenet-checkpoint}, {@code format_version} and
 * {@code software_version} besides the trainer's keys, and
 * {@code <group>/<name>.npy} per tensor.
 */
public final class Checkpoint {

	public static final String EXTENSION = ".cenet-checkpoint";
	public static final int FORMAT_VERSION = 1;

	static final String PROPERTIES_ENTRY = "cenet-checkpoint.properties";
	static final TensorArchive.Format FORMAT = new TensorArchive.Format(
		"CE-Net training checkpoint", "checkpoint format", PROPERTIES_ENTRY,
		"cenet-checkpoint", FORMAT_VERSION);

	private final Properties properties;
	private final Map<String, StateDict> groups;

	private Checkpoint(Properties properties, Map<String, StateDict> groups) {
		this.properties = properties;
		this.groups = Collections.unmodifiableMap(groups);
	}

	/**
	 * Writes a checkpoint atomically.
	 *
	 * @param groups group name (non-empty, without '/') to tensors; an empty
	 *          group is kept as such
	 * @throws IllegalArgumentException for a reserved property key
	 *           ({@code format}, {@code format_version}) or a bad group name
	 */
	public static void save(Path file, Properties properties,
		Map<String, StateDict> groups) throws IOException
	{
		Map<String, StateDict.EntrySource> sources =
			new java.util.LinkedHashMap<>();
		groups.forEach((name, dict) -> sources.put(name, dict.asSource()));
		saveGroups(file, properties, sources);
	}

	/**
	 * {@link #save}, each group's tensors written as its source hands them out
	 * (e.g. read from TensorFlow a few at a time): no heap copy of them all.
	 */
	public static void saveGroups(Path file, Properties properties,
		Map<String, StateDict.EntrySource> groups) throws IOException
	{
		for (String group : groups.keySet())
			if (group.isEmpty() || group.contains("/"))
				throw new IllegalArgumentException("invalid checkpoint group name '" +
					group + "'");
		Properties header = FORMAT.header(properties);
		AtomicFiles.write(file, out -> {
			try (TensorArchive.Writer archive = new TensorArchive.Writer(out)) {
				archive.properties(PROPERTIES_ENTRY, header,
					"CE-Net for Fiji training checkpoint");
				for (Map.Entry<String, StateDict.EntrySource> g : groups.entrySet()) {
					archive.folder(g.getKey());
					archive.tensors(g.getKey() + "/", g.getValue());
				}
			}
		});
	}

	/**
	 * Reads a checkpoint.
	 *
	 * @throws IOException if the file is not a zip or damaged ("corrupt or
	 *           truncated"), another kind of file, or of a newer format
	 */
	public static Checkpoint load(Path file) throws IOException {
		try (TensorArchive.Reader archive = TensorArchive.Reader.open(file,
			FORMAT.description))
		{
			Properties properties = archive.header(FORMAT);
			properties.remove(TensorArchive.Format.FORMAT_KEY);
			properties.remove(TensorArchive.Format.VERSION_KEY);
			Map<String, StateDict> groups = new LinkedHashMap<>();
			for (String group : archive.topFolders())
				groups.put(group, archive.tensors(group + "/"));
			return new Checkpoint(properties, groups);
		}
	}

	/**
	 * A copy of the trainer's properties, plus {@code software_version} of the
	 * writer.
	 */
	public Properties properties() {
		Properties p = new Properties();
		p.putAll(properties);
		return p;
	}

	/** One property, or null. */
	public String property(String key) {
		return properties.getProperty(key);
	}

	/** Group names in stored order. */
	public Set<String> groupNames() {
		return groups.keySet();
	}

	public boolean hasGroup(String name) {
		return groups.containsKey(name);
	}

	/**
	 * @throws IllegalArgumentException if there is no such group
	 */
	public StateDict group(String name) {
		StateDict g = groups.get(name);
		if (g == null) throw new IllegalArgumentException(
			"the checkpoint has no group '" + name + "' (it has " + groups.keySet() +
				")");
		return g;
	}
}
