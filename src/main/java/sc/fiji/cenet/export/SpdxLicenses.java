
package sc.fiji.cenet.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The SPDX licence ids the BioImage Model Zoo accepts for a model: the
 * enumeration of the spec's schema (current and deprecated ids), shipped as a
 * resource, so that a licence is checked before anything is written.
 */
final class SpdxLicenses {

	private static final String RESOURCE = "spdx-license-ids.txt";
	private static Set<String> ids;

	private SpdxLicenses() {}

	static synchronized boolean contains(String id) {
		if (ids == null) ids = load();
		return ids.contains(id);
	}

	private static Set<String> load() {
		Set<String> set = new HashSet<>();
		try (InputStream in = SpdxLicenses.class.getResourceAsStream(RESOURCE)) {
			if (in == null) throw new IllegalStateException("the plugin jar lacks " +
				RESOURCE);
			BufferedReader lines = new BufferedReader(new InputStreamReader(in,
				StandardCharsets.UTF_8));
			for (String line; (line = lines.readLine()) != null;)
				if (!line.isEmpty() && !line.startsWith("#")) set.add(line.trim());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return Collections.unmodifiableSet(set);
	}
}
