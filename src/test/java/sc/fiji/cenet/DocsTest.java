
package sc.fiji.cenet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The README is for a Fiji user (short: under 15 kB) and the reference is in
 * docs/: every relative link of README.md and docs/*.md names a file that
 * exists and, with {@code #anchor}, a heading of that file (GitHub's slugs).
 */
public class DocsTest {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static List<Path> documents() throws IOException {
		List<Path> docs = new ArrayList<>();
		docs.add(Paths.get("README.md"));
		try (Stream<Path> s = Files.list(Paths.get("docs"))) {
			docs.addAll(s.filter(p -> p.toString().endsWith(".md")).sorted().collect(
				Collectors.toList()));
		}
		return docs;
	}

	@Test
	public void theReadmeIsUnder15kB() throws IOException {
		long size = Files.size(Paths.get("README.md"));
		assertTrue(size + " bytes", size < 15 * 1024);
	}

	@Test
	public void everyLinkResolves() throws IOException {
		List<String> broken = new ArrayList<>();
		for (Path doc : documents()) {
			String text = new String(Files.readAllBytes(doc), StandardCharsets.UTF_8);
			Matcher m = LINK.matcher(text);
			while (m.find()) {
				String target = m.group(1);
				if (target.matches("[a-z]+:.*")) continue; // https:, mailto:
				int hash = target.indexOf('#');
				String file = hash < 0 ? target : target.substring(0, hash), anchor =
					hash < 0 ? null : target.substring(hash + 1);
				Path resolved = file.isEmpty() ? doc : doc.getParent() == null ? Paths
					.get(file) : doc.getParent().resolve(file);
				if (!Files.exists(resolved)) broken.add(doc + ": " + target +
					" (no such file)");
				else if (anchor != null && resolved.toString().endsWith(".md") &&
					!anchors(resolved).contains(anchor)) broken.add(doc + ": " + target +
						" (no such heading)");
			}
		}
		assertEquals("", String.join("\n", broken));
	}

	/**
	 * GitHub's heading anchors: lower case, punctuation but - and _ dropped,
	 * spaces as -.
	 */
	static Set<String> anchors(Path md) throws IOException {
		Set<String> anchors = new HashSet<>();
		boolean fence = false;
		for (String line : Files.readAllLines(md, StandardCharsets.UTF_8)) {
			if (line.startsWith("```")) fence = !fence;
			if (fence || !line.startsWith("#")) continue;
			String title = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(
				Locale.ROOT);
			anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
		}
		return anchors;
	}
}
