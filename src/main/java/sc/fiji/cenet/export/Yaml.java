
package sc.fiji.cenet.export;

import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;

/**
 * {@code rdf.yaml} written by SnakeYAML (which Fiji ships, and which JDLL reads
 * the file with): block style, keys in insertion order, every string that YAML
 * could read as another type ({@code yes}, {@code 1.0}, a date) quoted, so each
 * value reads back as written; no anchors or aliases, which some readers do not
 * follow.
 */
final class Yaml {

	private Yaml() {}

	/**
	 * The document for a map of keys to values (maps, lists, strings, numbers,
	 * booleans).
	 */
	static String write(final Map<String, ?> document) {
		final DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setIndent(2);
		options.setIndicatorIndent(2);
		options.setIndentWithIndicator(true);
		options.setAllowUnicode(true);
		options.setWidth(Integer.MAX_VALUE); // no folded strings: each value on its
																					// line
		options.setDereferenceAliases(true); // a map used twice is written twice,
																					// not as an anchor and an alias
		return new org.yaml.snakeyaml.Yaml(options).dump(document);
	}
}
