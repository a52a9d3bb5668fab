
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

import sc.fiji.cenet.ij.CommandInput;
import sc.fiji.cenet.ij.CommandRegistry;
import sc.fiji.cenet.ij.PreparedCommand;
import sc.fiji.cenet.ij.StandaloneContext;

/**
 * The command reference's tables ({@value #COMMANDS}) are the commands' real
 * inputs: the list of commands in "Using the plugin", and in each
 * {@code #### CE-Net ...} section the {@code | key | default | meaning |} rows
 * (a section that starts with "The keys of `X` except `k`, plus:" takes X's
 * rows but k). Every input of a command has a row, every row names an input,
 * and its default is the input's:
 * <ul>
 * <li>{@code –}: a required input without default; {@code none}: an optional
 * one without default;</li>
 * <li>{@code on} / {@code off}: true / false;</li>
 * <li>a number: the same number ({@code 0.0002} = 2.0E-4, {@code 0} =
 * 0.0);</li>
 * <li>anything else the default's text ({@code auto}, {@code BGR}), except the
 * few descriptive defaults of {@link #DESCRIPTIVE}.</li>
 * </ul>
 * Titles are resolved through {@link CommandRegistry}, so a README title and a
 * menu title match however the registry matches them.
 */
public class ReadmeTest {

	/**
	 * command title as in README, then key: a default that README describes
	 * rather than states.
	 */
	private static final Map<String, String> DESCRIPTIVE = new LinkedHashMap<>();
	static {
		// no default value: the command takes the active image
		DESCRIPTIVE.put("CE-Net Predict/image", "active image");
		// no default value: an empty csv_file is resolved by the command to that
		// file
		DESCRIPTIVE.put("CE-Net Evaluate/csv_file",
			"`<prediction_folder>/cenet-metrics.csv`");
		// no default value: <name> comes from the names of the shard tables
		DESCRIPTIVE.put("CE-Net Merge Metrics/output_file",
			"`<shard_folder>/<name>.csv`");
	}

	private static final Pattern INHERITS = Pattern.compile(
		"The keys of `([^`]+)`(?: except ((?:`[^`]+`(?:, | and )?)+))?, plus:");
	private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

	/** The command reference the README links to. */
	static final String COMMANDS = "docs/commands.md";

	@ClassRule
	public static final StandaloneContext context = new StandaloneContext();
	private static List<String> readme;

	@BeforeClass
	public static void setUp() throws IOException {
		readme = Files.readAllLines(Paths.get(COMMANDS), StandardCharsets.UTF_8);
	}

	/** The table of "Using the plugin" lists exactly the registered commands. */
	@Test
	public void commandListIsTheRegisteredCommands() {
		List<String> listed = new ArrayList<>();
		int i = indexOf("## Using the plugin");
		while (!readme.get(i).startsWith("| Command |"))
			i++;
		for (i += 2; readme.get(i).startsWith("|"); i++) {
			Matcher m = BACKTICKED.matcher(cells(readme.get(i)).get(0));
			assertTrue(readme.get(i), m.find());
			listed.add(m.group(1));
		}
		assertEquals("commands listed in README", classNames(CommandRegistry
			.shared().titles()), classNames(listed));
		assertEquals("no command listed twice", CommandRegistry.shared().titles()
			.size(), listed.size());
	}

	/** Every registered command has its {@code #### CE-Net ...} section. */
	@Test
	public void everyCommandHasASection() {
		assertEquals(classNames(CommandRegistry.shared().titles()), classNames(
			new ArrayList<>(sections().keySet())));
	}

	@Test
	public void tablesAreTheInputsAndTheirDefaults() {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, Map<String, String>> section : sections()
			.entrySet())
		{
			String title = section.getKey();
			Map<String, String> rows = section.getValue();
			Map<String, CommandInput> inputs = new LinkedHashMap<>();
			for (CommandInput in : PreparedCommand.create(context.get(),
				CommandRegistry.shared().resolve(title)).inputs())
				inputs.put(in.key(), in);
			for (String key : inputs.keySet())
				if (!rows.containsKey(key)) problems.add(title + ": input " + key +
					" has no row in README");
			for (Map.Entry<String, String> row : rows.entrySet()) {
				CommandInput in = inputs.get(row.getKey());
				if (in == null) problems.add(title + ": README row " + row.getKey() +
					" is no input of the command");
				else {
					String descriptive = DESCRIPTIVE.get(title + "/" + in.key());
					String problem = descriptive == null ? defaultProblem(in
						.defaultValue(), in.isRequired(), row.getValue()) : !descriptive
							.equals(row.getValue()) ? "README says " + row.getValue() +
								", the test expects " + descriptive : in.defaultValue() != null
									? "described as '" + descriptive + "' but the default is " +
										in.defaultValue() : null;
					if (problem != null) problems.add(title + ": " + row.getKey() + ": " +
						problem);
				}
			}
		}
		assertEquals("", String.join("\n", problems));
	}

	/** The rules themselves: what a README default means. */
	@Test
	public void defaultRules() {
		assertNull(defaultProblem(Boolean.TRUE, false, "on"));
		assertFalse(defaultProblem(Boolean.TRUE, false, "off") == null);
		assertNull(defaultProblem(2.0e-4, false, "0.0002"));
		assertNull(defaultProblem(0.0, false, "0"));
		assertFalse(defaultProblem(448, false, "447") == null);
		assertNull(defaultProblem("auto", false, "auto"));
		assertFalse(defaultProblem("dice", false, "auto") == null);
		assertNull(defaultProblem(null, true, "–"));
		assertFalse(defaultProblem(null, false, "–") == null);
		assertNull(defaultProblem(null, false, "none"));
		assertFalse(defaultProblem(null, true, "none") == null);
		assertFalse(defaultProblem("x", false, "none") == null);
		assertFalse(defaultProblem(null, false, "somewhere") == null);
	}

	/** Why README's default is not the input's, or null when it is. */
	private static String defaultProblem(Object actual, boolean required,
		String readmeDefault)
	{
		switch (readmeDefault) {
			case "–":
				return actual == null && required ? null
					: "README says – (required, no default), the input is " + describe(
						actual, required);
			case "none":
				return actual == null && !required ? null
					: "README says none (optional, no default), the input is " + describe(
						actual, required);
			case "on":
			case "off":
				return Boolean.valueOf(readmeDefault.equals("on")).equals(actual) ? null
					: "README says " + readmeDefault + ", the default is " + actual;
			default:
				if (actual instanceof Number) {
					try {
						return Double.parseDouble(readmeDefault) == ((Number) actual)
							.doubleValue() ? null : "README says " + readmeDefault +
								", the default is " + actual;
					}
					catch (NumberFormatException e) {
						return "README says " + readmeDefault +
							", the default is the number " + actual;
					}
				}
				return readmeDefault.equals(String.valueOf(actual)) ? null
					: "README says " + readmeDefault + ", the default is " + actual;
		}
	}

	private static String describe(Object actual, boolean required) {
		return (required ? "required" : "optional") + ", default " + actual;
	}

	/**
	 * Title of each {@code #### CE-Net ...} section to its rows, key to default.
	 */
	private static Map<String, Map<String, String>> sections() {
		Map<String, Map<String, String>> sections = new LinkedHashMap<>();
		for (int i = 0; i < readme.size(); i++) {
			if (!readme.get(i).startsWith("#### CE-Net ")) continue;
			String title = readme.get(i).substring("#### ".length()).trim();
			Map<String, String> rows = new LinkedHashMap<>();
			for (int j = i + 1; j < readme.size() && !readme.get(j).startsWith(
				"#"); j++)
			{
				Matcher inherits = INHERITS.matcher(readme.get(j));
				if (inherits.find()) {
					Map<String, String> base = null;
					String baseClass = CommandRegistry.shared().resolve(inherits.group(1))
						.className();
					for (Map.Entry<String, Map<String, String>> e : sections.entrySet())
						if (CommandRegistry.shared().resolve(e.getKey()).className().equals(
							baseClass)) base = e.getValue();
					if (base == null) fail(title + " takes the keys of " + inherits.group(
						1) + ", which has no section before it");
					rows.putAll(base);
					if (inherits.group(2) != null) for (Matcher k = BACKTICKED.matcher(
						inherits.group(2)); k.find();)
						assertTrue(title + " leaves out " + k.group(1) +
							", which is not a key of " + inherits.group(1), rows.remove(k
								.group(1)) != null);
				}
				if (!readme.get(j).startsWith("| key |")) continue;
				for (j += 2; j < readme.size() && readme.get(j).startsWith("|"); j++) {
					List<String> cells = cells(readme.get(j));
					assertEquals(readme.get(j), 3, cells.size());
					Matcher keys = BACKTICKED.matcher(cells.get(0));
					assertTrue(readme.get(j), keys.find());
					do
						assertNull(title + ": two rows for " + keys.group(1), rows.put(keys
							.group(1), cells.get(1)));
					while (keys.find());
				}
				break;
			}
			assertFalse(title + " has no key table", rows.isEmpty());
			assertNull("two sections " + title, sections.put(title, rows));
		}
		return sections;
	}

	private static List<String> cells(String row) {
		List<String> cells = new ArrayList<>();
		for (String c : row.trim().replaceAll("^\\||\\|$", "").split("\\|"))
			cells.add(c.trim());
		return cells;
	}

	private static int indexOf(String line) {
		int i = readme.indexOf(line);
		assertTrue("README has no line " + line, i >= 0);
		return i;
	}

	/**
	 * The command classes of README titles, resolved as menus and macros resolve
	 * them.
	 */
	private static TreeSet<String> classNames(List<String> titles) {
		TreeSet<String> names = new TreeSet<>();
		for (String t : titles)
			names.add(CommandRegistry.shared().resolve(t).className());
		return names;
	}

}
