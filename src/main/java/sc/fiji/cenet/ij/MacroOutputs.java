
package sc.fiji.cenet.ij;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text outputs of the last CE-Net command run from ImageJ 1.x, for macros,
 * which cannot receive a plugin's return values otherwise:
 *
 * <pre>
 * run("CE-Net Train", "...");
 * model = call("sc.fiji.cenet.ij.MacroOutputs.get", "trained_model");
 * </pre>
 *
 * Like ImageJ's own results table this is one global state of the ImageJ
 * instance, which is what the macro language sees; images and tables are shown
 * as windows instead.
 */
public final class MacroOutputs {

	private static final Map<String, String> LAST = new LinkedHashMap<>();

	private MacroOutputs() {}

	/**
	 * The output of the last command, as text; "" when it has none of that name.
	 */
	public static synchronized String get(final String name) {
		final String value = LAST.get(name);
		return value == null ? "" : value;
	}

	/**
	 * Replaces the remembered outputs by the text outputs of a command that just
	 * ran.
	 */
	static synchronized void remember(final Map<String, String> outputs) {
		LAST.clear();
		LAST.putAll(outputs);
	}

	/**
	 * The outputs that are plain values (numbers, text, files), as text; images
	 * and tables left out.
	 */
	static Map<String, String> textOf(final Map<String, Object> outputs) {
		final Map<String, String> text = new LinkedHashMap<>();
		for (final Map.Entry<String, Object> o : outputs.entrySet()) {
			final Object v = o.getValue();
			if (v instanceof File) text.put(o.getKey(), ((File) v).getPath());
			else if (v instanceof Number || v instanceof CharSequence ||
				v instanceof Boolean) text.put(o.getKey(), v.toString());
		}
		return text;
	}
}
