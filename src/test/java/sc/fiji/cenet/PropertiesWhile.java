
package sc.fiji.cenet;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs code while system properties have given values, restoring them
 * afterwards: for the graph options that are read while a graph is built.
 */
public final class PropertiesWhile {

	private PropertiesWhile() {}

	/**
	 * What {@code build} makes while the given system properties are set
	 * ({@code key=value[,key=value]} or {@code none}; restored afterwards).
	 */
	public static <T> T built(String properties, Supplier<T> build) {
		Map<String, String> before = new HashMap<>();
		try {
			if (!properties.equals("none")) for (String kv : properties.split(",")) {
				int eq = kv.indexOf('=');
				if (eq < 1) throw new IllegalArgumentException("not key=value: " + kv);
				String key = kv.substring(0, eq);
				before.put(key, System.getProperty(key));
				System.setProperty(key, kv.substring(eq + 1));
			}
			return build.get();
		}
		finally {
			before.forEach((key, value) -> {
				if (value == null) System.clearProperty(key);
				else System.setProperty(key, value);
			});
		}
	}
}
