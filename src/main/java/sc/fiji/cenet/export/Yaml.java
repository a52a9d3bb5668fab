package sc.fiji.cenet.export;

import java.util.List;
import java.util.Map;

/**
 * A minimal YAML writer for what {@code rdf.yaml} needs: maps (keys in
 * insertion order), lists, strings, numbers and booleans, in block style.
 * Strings are always double-quoted with JSON escapes, which YAML 1.2 reads
 * back as the same string, so no value is mistaken for a number, a date or
 * a boolean. Written by hand to keep a YAML library out of the plugin's
 * runtime dependencies.
 */
final class Yaml {

	private Yaml() {}

	/** The document for a map of keys to values. */
	static String write(final Map<String, ?> document) {
		final StringBuilder sb = new StringBuilder();
		map(sb, document, 0);
		return sb.toString();
	}

	private static void map(final StringBuilder sb, final Map<String, ?> m, final int indent) {
		for (final Map.Entry<String, ?> e : m.entrySet()) {
			pad(sb, indent);
			sb.append(key(e.getKey())).append(':');
			value(sb, e.getValue(), indent);
		}
	}

	/** Writes a value after "key:" or "-", starting on the same line. */
	private static void value(final StringBuilder sb, final Object v, final int indent) {
		if (v instanceof Map) {
			final Map<String, ?> m = cast(v);
			if (m.isEmpty()) sb.append(" {}\n");
			else {
				sb.append('\n');
				map(sb, m, indent + 2);
			}
		}
		else if (v instanceof List) {
			final List<?> l = (List<?>) v;
			if (l.isEmpty()) sb.append(" []\n");
			else {
				sb.append('\n');
				for (final Object item : l) {
					pad(sb, indent + 2);
					sb.append('-');
					if (item instanceof Map && !((Map<?, ?>) item).isEmpty()) {
						// the first key on the dash's line, the others below it
						final Map<String, ?> m = cast(item);
						boolean first = true;
						for (final Map.Entry<String, ?> e : m.entrySet()) {
							if (first) sb.append(' ');
							else pad(sb, indent + 4);
							first = false;
							sb.append(key(e.getKey())).append(':');
							value(sb, e.getValue(), indent + 4);
						}
					}
					else value(sb, item, indent + 2);
				}
			}
		}
		else sb.append(' ').append(scalar(v)).append('\n');
	}

	private static String scalar(final Object v) {
		if (v == null) return "null";
		if (v instanceof Boolean) return v.toString();
		if (v instanceof Integer || v instanceof Long) return v.toString();
		if (v instanceof Number) {
			final double d = ((Number) v).doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException(
				"rdf.yaml cannot hold " + d);
			// plain decimal notation: YAML 1.1 readers take "1.0E6" (no exponent sign) for a string
			final String plain = new java.math.BigDecimal(Double.toString(d)).toPlainString();
			return plain.contains(".") ? plain : plain + ".0";
		}
		return quote(v.toString());
	}

	/** Keys like {@code format_version} plain, anything else quoted. */
	private static String key(final String k) {
		return k.matches("[A-Za-z_][A-Za-z0-9_]*") && !k.matches("(?i)y|n|yes|no|true|false|on|off|null")
			? k : quote(k);
	}

	static String quote(final String s) {
		final StringBuilder sb = new StringBuilder("\"");
		for (int i = 0; i < s.length(); i++) {
			final char c = s.charAt(i);
			switch (c) {
				case '"': sb.append("\\\""); break;
				case '\\': sb.append("\\\\"); break;
				case '\n': sb.append("\\n"); break;
				case '\r': sb.append("\\r"); break;
				case '\t': sb.append("\\t"); break;
				default:
					if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
					else sb.append(c);
			}
		}
		return sb.append('"').toString();
	}

	private static void pad(final StringBuilder sb, final int n) {
		for (int i = 0; i < n; i++) sb.append(' ');
	}

	@SuppressWarnings("unchecked")
	private static Map<String, ?> cast(final Object m) {
		return (Map<String, ?>) m;
	}
}
