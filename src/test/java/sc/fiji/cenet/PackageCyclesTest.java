
package sc.fiji.cenet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The packages of {@code sc.fiji.cenet} depend on each other without cycles, by
 * the classes their sources name ({@code sc.fiji.cenet.<pkg>.<Class>} in
 * imports and in code), and the libraries ({@code model}, {@code io},
 * {@code data}, {@code train}, {@code predict}, {@code metrics}) name no ImageJ
 * 1.x class, but for the one image-file reader of {@code data}.
 */
public class PackageCyclesTest {

	private static final Path ROOT = Paths.get("src/main/java/sc/fiji/cenet");
	private static final Pattern USE = Pattern.compile(
		"sc\\.fiji\\.cenet\\.(\\w+)\\.[A-Z]");

	static Map<String, Set<String>> dependencies() throws IOException {
		Map<String, Set<String>> deps = new TreeMap<>();
		try (Stream<Path> files = Files.walk(ROOT)) {
			for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(
				".java"))::iterator)
			{
				String pkg = ROOT.relativize(f.getParent()).toString().replace('/',
					'.');
				Set<String> mine = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
				Matcher m = USE.matcher(new String(Files.readAllBytes(f),
					StandardCharsets.UTF_8));
				while (m.find())
					if (!m.group(1).equals(pkg)) mine.add(m.group(1));
			}
		}
		return deps;
	}

	@Test
	public void noPackageCycles() throws IOException {
		Map<String, Set<String>> deps = dependencies();
		List<String> cycles = new ArrayList<>();
		for (String start : deps.keySet()) {
			// a path from a package back to itself
			Deque<List<String>> paths = new ArrayDeque<>();
			paths.add(List.of(start));
			Set<String> seen = new TreeSet<>();
			while (!paths.isEmpty()) {
				List<String> path = paths.poll();
				for (String next : deps.getOrDefault(path.get(path.size() - 1), Set
					.of()))
				{
					if (next.equals(start)) {
						List<String> cycle = new ArrayList<>(path);
						cycle.add(start);
						cycles.add(String.join(" -> ", cycle));
					}
					else if (seen.add(next)) {
						List<String> longer = new ArrayList<>(path);
						longer.add(next);
						paths.add(longer);
					}
				}
			}
		}
		assertEquals("package cycles of " + deps, List.of(), cycles);
	}

	@Test
	public void theLibrariesNameNoImageJ() throws IOException {
		for (String library : new String[] { "model", "io", "data", "train",
			"predict", "metrics", "csv" })
			try (Stream<Path> files = Files.list(ROOT.resolve(library))) {
				for (Path f : (Iterable<Path>) files::iterator) {
					// the one reader of image files, behind which ImageJ 1.x's opener may
					// work (DESIGN)
					if (f.endsWith(Paths.get("data", "ImageFileReader.java"))) continue;
					String text = new String(Files.readAllBytes(f),
						StandardCharsets.UTF_8);
					assertTrue(f + " imports ImageJ 1.x", !text.contains("import ij.") &&
						!text.contains("sc.fiji.cenet.ij.") && !text.contains(
							"sc.fiji.cenet.imagej."));
				}
			}
	}
}
