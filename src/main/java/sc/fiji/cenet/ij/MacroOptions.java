
package sc.fiji.cenet.ij;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ImageJ macro option string such as
 * {@code model_file=[/my models/a.zip] epochs=20 augment}, split into keys and
 * values with the rules of {@link ij.Macro#getValue}: a value runs to the next
 * space unless it starts with {@code [} (up to the matching {@code ]}, nested
 * brackets allowed) or {@code '} (up to the next {@code '}). A key without
 * {@code =} is a checked checkbox, which is how ImageJ records booleans.
 * <p>
 * Parsing the whole string (instead of asking {@code Macro.getValue} key by
 * key) lets callers reject unknown keys, and avoids its substring matches
 * ({@code image=} found inside {@code test_image=}).
 * </p>
 */
public final class MacroOptions {

	private final Map<String, String> values;

	private MacroOptions(final Map<String, String> values) {
		this.values = Collections.unmodifiableMap(values);
	}

	/**
	 * Parses an option string; {@code null} or blank gives no options.
	 *
	 * @throws UsageException for an unclosed bracket or quote, an empty key or a
	 *           key given twice
	 */
	public static MacroOptions parse(final String options) {
		final Map<String, String> values = new LinkedHashMap<>();
		if (options == null) return new MacroOptions(values);
		final int n = options.length();
		int i = 0;
		while (true) {
			while (i < n && Character.isWhitespace(options.charAt(i)))
				i++;
			if (i >= n) break;
			final int keyStart = i;
			while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(
				options.charAt(i)))
				i++;
			final String key = options.substring(keyStart, i);
			if (key.isEmpty()) throw new UsageException(
				"Missing key before '=' at position " + keyStart + " of the options: " +
					options);
			String value = null;
			if (i < n && options.charAt(i) == '=') {
				i++;
				final int valueEnd;
				if (i < n && options.charAt(i) == '[') {
					valueEnd = closingBracket(options, i, key);
					value = options.substring(i + 1, valueEnd);
					i = valueEnd + 1;
				}
				else if (i < n && options.charAt(i) == '\'') {
					valueEnd = options.indexOf('\'', i + 1);
					if (valueEnd < 0) throw new UsageException(
						"Unclosed ' in the value of '" + key + "'");
					value = options.substring(i + 1, valueEnd);
					i = valueEnd + 1;
				}
				else {
					int end = i;
					while (end < n && !Character.isWhitespace(options.charAt(end)))
						end++;
					value = options.substring(i, end);
					i = end;
				}
			}
			if (values.containsKey(key)) throw new UsageException("Key '" + key +
				"' is given twice");
			values.put(key, value);
		}
		return new MacroOptions(values);
	}

	/**
	 * Options from already separated keys and values (a null value is a flag).
	 */
	public static MacroOptions of(final Map<String, String> values) {
		return new MacroOptions(new LinkedHashMap<>(values));
	}

	private static int closingBracket(final String options, final int open,
		final String key)
	{
		int depth = 0;
		for (int i = open; i < options.length(); i++) {
			final char c = options.charAt(i);
			if (c == '[') depth++;
			else if (c == ']' && --depth == 0) return i;
		}
		throw new UsageException("Unclosed [ in the value of '" + key + "'");
	}

	/** Keys in the order given. */
	public Iterable<String> keys() {
		return values.keySet();
	}

	public boolean contains(final String key) {
		return values.containsKey(key);
	}

	/** True when the key was given without {@code =value}: a checked checkbox. */
	public boolean isFlag(final String key) {
		return values.containsKey(key) && values.get(key) == null;
	}

	/** The value of a key, or null when absent or a flag. */
	public String get(final String key) {
		return values.get(key);
	}

	/** All keys and values; flags map to null. */
	public Map<String, String> asMap() {
		return values;
	}

	/**
	 * Writes a value the way ImageJ's recorder does: in brackets when it contains
	 * a space (or is empty), bare otherwise.
	 */
	public static String quote(final String value) {
		if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace))
			return "[" + value + "]";
		return value;
	}
}
