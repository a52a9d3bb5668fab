
package sc.fiji.cenet.ij;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Panel;
import java.awt.TextField;
import java.io.File;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.io.SaveDialog;
import ij.plugin.frame.Recorder;

/**
 * An ImageJ 1.x dialog with one field per command input, in the order and under
 * the headings of its {@link DialogLayout}. Each label is the input's key,
 * underscores included (GenericDialog would show them as spaces), and
 * GenericDialog records the lower-cased first word of the label, so the Macro
 * Recorder writes {@code run("CE-Net Predict...", "model_file=[...] ...")} with
 * exactly the keys a macro passes back.
 * <p>
 * What is recorded replays as entered ({@link InputValues} gives a left-out key
 * its declared default): an unticked checkbox whose default is on is recorded
 * as {@code key=false}, decimals are shown (and so recorded) with the digits
 * that give back the value, and a cancelled dialog records nothing. The values
 * of an OKed dialog are remembered in ImageJ's preferences
 * ({@code cenet.<command>.<key>}, images excepted) and shown the next time, as
 * typed when they were not valid, except {@link #NOT_REMEMBERED} values; macros
 * never see them.
 * </p>
 */
final class InputDialog {

	/** Prefix of the remembered values in ImageJ's preferences. */
	static final String PREFS_PREFIX = "cenet.";

	/**
	 * Values that are not remembered: the next dialog shows the default instead.
	 * {@code if_model_exists=overwrite} discards a model and its checkpoint;
	 * after a cancelled training the Log says to run again with {@code resume},
	 * and a dialog re-run unchanged must not discard the checkpoint instead.
	 */
	static final Map<String, String> NOT_REMEMBERED = Collections.singletonMap(
		"if_model_exists", "overwrite");

	private static final Font HEADING_FONT = new Font("SansSerif", Font.BOLD, 12);

	static final String README_LINE =
		"More in the README of CE-Net for Fiji (README.md): the commands, their macro keys and example macros.";

	private InputDialog() {}

	/**
	 * @param title the dialog's title
	 * @param name the command's short name, for the remembered values
	 * @param typed values to show as they were typed (the dialog shown again
	 *          after its values were rejected), or null for the remembered ones
	 * @return the entered values as text, or null when the user cancelled
	 */
	static MacroOptions show(final String title, final String name,
		final List<CommandInput> inputs, final Map<String, String> typed)
	{
		final GenericDialog gd = new GenericDialog(title);
		final Map<String, String> shown = typed != null ? shown(inputs, typed::get)
			: remembered(name, inputs);
		for (final DialogLayout.Item item : DialogLayout.of(title, inputs)) {
			if (item.heading() != null) gd.addMessage(item.heading(), HEADING_FONT);
			else addField(gd, item.input(), shown.get(item.input().key()));
		}
		gd.addHelp(helpHtml(title, inputs));
		gd.showDialog();
		if (gd.wasCanceled()) {
			Recorder.setCommand(null); // else the Recorder writes a bare run("...")
			return null;
		}
		final Map<String, String> values = new LinkedHashMap<>();
		// GenericDialog hands values back per field type, in the order fields were
		// added.
		int numberField = 0;
		for (final CommandInput input : DialogLayout.ordered(title, inputs)) {
			final String value;
			if (input.kind() == CommandInput.Kind.INTEGER || input
				.kind() == CommandInput.Kind.DECIMAL)
			{
				// The text as typed, so that a mistake is echoed as typed
				// (GenericDialog gives NaN).
				value = ((TextField) gd.getNumericFields().get(numberField++)).getText()
					.trim();
				gd.getNextNumber(); // records the field
			}
			else value = nextValue(gd, input);
			values.put(input.key(), value);
		}
		remember(name, inputs, values);
		return MacroOptions.of(values);
	}

	/** A field showing {@code text}, labelled with the input's key. */
	private static void addField(final GenericDialog gd, final CommandInput input,
		final String text)
	{
		final String key = input.key();
		switch (input.kind()) {
			case STRING:
				gd.addStringField(key, text, 25);
				break;
			case FILE:
				if (input.isSaveStyle()) addSaveField(gd, key, text);
				else gd.addFileField(key, text, 25);
				break;
			case DIRECTORY:
				gd.addDirectoryField(key, text, 25);
				break;
			case INTEGER:
			case DECIMAL:
				addNumberField(gd, input, text);
				break;
			case BOOLEAN:
				gd.addCheckbox(key, Boolean.parseBoolean(text));
				// GenericDialog shows underscores as spaces; the label is to be the key
				// as a macro writes it
				((Checkbox) gd.getCheckboxes().lastElement()).setLabel(key);
				return;
			case CHOICE:
				gd.addChoice(key, input.choices().toArray(new String[0]), text);
				break;
			case IMAGE_PLUS:
			case IMG:
				if (WindowManager.getImageCount() == 0)
					throw new IllegalArgumentException("'" + key +
						"' needs an image: open one first");
				gd.addImageChoice(key, text);
				break;
			default:
				throw new IllegalArgumentException("No dialog field for " + input);
		}
		if (gd.getLabel() != null) gd.getLabel().setText(key);
	}

	/**
	 * GenericDialog shows a fixed number of decimals (2e-4 with 3 is "0.000",
	 * which the recorder would write); the field shows the text given instead
	 * ({@link #numberText} for a value, which parses back to it exactly).
	 */
	private static void addNumberField(final GenericDialog gd,
		final CommandInput input, final String text)
	{
		final boolean decimal = input.kind() == CommandInput.Kind.DECIMAL;
		gd.addNumericField(input.key(), Double.NaN, decimal ? 3 : 0, decimal ? 10
			: 8, null);
		((TextField) gd.getNumericFields().lastElement()).setText(text);
	}

	/**
	 * The shortest text that parses back to the value: whole numbers without
	 * decimals, others as Java prints them (0.2, 2.0E-4; floats as floats).
	 */
	static String numberText(final Number n) {
		if (n instanceof Float) {
			final float f = n.floatValue();
			return f == Math.rint(f) && Math.abs(f) < 1e7 ? Long.toString((long) f)
				: Float.toString(f);
		}
		if (n instanceof Double) {
			final double d = n.doubleValue();
			return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
				: Double.toString(d);
		}
		return Long.toString(n.longValue());
	}

	/**
	 * A text field and a "Browse..." button that opens a save chooser: the file
	 * is written by the command, so it need not exist, and GenericDialog's own
	 * file field would open an Open dialog.
	 */
	private static void addSaveField(final GenericDialog gd, final String key,
		final String path)
	{
		gd.addStringField(key, path, 25);
		if (GraphicsEnvironment.isHeadless()) return;
		final TextField text = (TextField) gd.getStringFields().lastElement();
		final Button browse = new Button("Browse...");
		browse.addActionListener(e -> {
			final String chosen = chooseSaveFile("Save " + key.replace('_', ' '), text
				.getText().trim());
			if (chosen != null) text.setText(chosen);
		});
		// Field and button side by side, where the field was (as
		// GenericDialog.addFileField does).
		final GridBagLayout layout = (GridBagLayout) gd.getLayout();
		final GridBagConstraints constraints = layout.getConstraints(text);
		final Panel panel = new Panel(new FlowLayout(FlowLayout.LEFT, 0, 0));
		panel.add(text);
		panel.add(browse);
		layout.setConstraints(panel, constraints);
		gd.add(panel);
	}

	/** @return the chosen path, or null when the chooser was cancelled */
	private static String chooseSaveFile(final String title,
		final String current)
	{
		final File file = current.isEmpty() ? null : new File(current);
		final File parent = file == null ? null : file.getAbsoluteFile()
			.getParentFile();
		final String dir = parent != null && parent.isDirectory() ? parent.getPath()
			: null;
		final String name = file == null ? null : file.getName();
		final int dot = name == null ? -1 : name.lastIndexOf('.');
		final String extension = dot > 0 ? name.substring(dot) : null;
		final SaveDialog sd = new SaveDialog(title, dir, name, extension);
		if (sd.getFileName() == null) return null;
		return new File(sd.getDirectory(), sd.getFileName()).getPath();
	}

	private static String nextValue(final GenericDialog gd,
		final CommandInput input)
	{
		switch (input.kind()) {
			case STRING:
			case FILE:
			case DIRECTORY:
				return gd.getNextString();
			case BOOLEAN:
				final boolean checked = gd.getNextBoolean();
				// GenericDialog records a checkbox only when ticked; a left-out key
				// replays as the default.
				if (!checked && Boolean.TRUE.equals(input.defaultValue()) && IJ
					.recording())
				{
					if (" ".equals(Recorder.getCommandOptions())) Recorder
						.resetCommandOptions();
					Recorder.recordOption(input.key(), "false");
				}
				return Boolean.toString(checked);
			case CHOICE:
				return gd.getNextChoice();
			case IMAGE_PLUS:
			case IMG:
				return gd.getNextImage().getTitle();
			default:
				throw new IllegalArgumentException("No dialog field for " + input);
		}
	}

	/** The preference key of an input's remembered value. */
	static String prefsKey(final String name, final String key) {
		return PREFS_PREFIX + name + "." + key;
	}

	/**
	 * The texts to show: the last OKed values (as typed, so that a mistake can be
	 * corrected rather than retyped), the declared defaults where there is none.
	 * Images are never remembered.
	 */
	static Map<String, String> remembered(final String name,
		final List<CommandInput> inputs)
	{
		return shown(inputs, key -> {
			for (final CommandInput input : inputs) {
				if (!input.key().equals(key) || input.isImage()) continue;
				final String text = Prefs.get(prefsKey(name, key), null);
				// an older version remembered them too
				return text != null && text.trim().equals(NOT_REMEMBERED.get(key))
					? null : text;
			}
			return null;
		});
	}

	/**
	 * The text each field shows: the given one where there is one and the field
	 * can show it, else the default. Valid numbers show as {@link #numberText}; a
	 * choice that is not among the choices (any more) shows the default; an image
	 * shows the given title when that image is open, else the active image.
	 */
	private static Map<String, String> shown(final List<CommandInput> inputs,
		final Function<String, String> given)
	{
		final Map<String, String> texts = new LinkedHashMap<>();
		for (final CommandInput input : inputs) {
			final String text = given.apply(input.key());
			texts.put(input.key(), text == null ? defaultText(input) : shownText(
				input, text));
		}
		return texts;
	}

	private static String shownText(final CommandInput input, final String text) {
		switch (input.kind()) {
			case INTEGER:
			case DECIMAL:
				try {
					return numberText((Number) InputValues.convert(input, text));
				}
				catch (final IllegalArgumentException e) {
					return text; // a mistake, shown as typed
				}
			case CHOICE:
				return input.choices().contains(text.trim()) ? text.trim()
					: defaultText(input);
			case BOOLEAN:
				return Boolean.toString(Boolean.parseBoolean(text.trim()));
			case IMAGE_PLUS:
			case IMG:
				return WindowManager.getImage(text) != null ? text : defaultText(input);
			default:
				return text;
		}
	}

	private static String defaultText(final CommandInput input) {
		if (input.isImage()) {
			final ImagePlus active = WindowManager.getCurrentImage();
			return active == null ? null : active.getTitle();
		}
		final Object value = input.defaultValue();
		if (value == null) return input.kind() == CommandInput.Kind.CHOICE ? input
			.choices().get(0) : "";
		if (value instanceof Number) return numberText((Number) value);
		if (value instanceof File) return ((File) value).getPath();
		return value.toString();
	}

	/**
	 * Remembers the entered values (not images, not {@link #NOT_REMEMBERED} ones)
	 * for the next dialog of this command.
	 */
	static void remember(final String name, final List<CommandInput> inputs,
		final Map<String, String> values)
	{
		for (final CommandInput input : inputs) {
			if (input.isImage()) continue;
			final String value = values.get(input.key());
			if (value == null) continue;
			final boolean forget = value.trim().equals(NOT_REMEMBERED.get(input
				.key()));
			Prefs.set(prefsKey(name, input.key()), forget ? null : value);
		}
	}

	/**
	 * The Help button's page: every key with its description, its default and for
	 * choices the values, the macro rules, and where to read more.
	 */
	static String helpHtml(final String title, final List<CommandInput> inputs) {
		final StringBuilder sb = new StringBuilder("<html><body><h2>").append(
			escape(title)).append(
				"</h2><p>Each field's label is its macro key, as the Macro Recorder writes it.</p><dl>");
		for (final DialogLayout.Item item : DialogLayout.of(title, inputs)) {
			if (item.heading() != null) {
				sb.append("</dl><h3>").append(escape(item.heading())).append(
					"</h3><dl>");
				continue;
			}
			final CommandInput input = item.input();
			sb.append("<dt><b>").append(input.key()).append("</b>");
			final Object def = input.defaultValue();
			if (def != null) sb.append(" (default: ").append(escape(
				def instanceof Number ? numberText((Number) def) : def.toString()))
				.append(')');
			else if (!input.isRequired()) sb.append(" (optional)");
			sb.append("</dt><dd>");
			final String description = input.description();
			sb.append(description == null || description.trim().isEmpty()
				? describeKind(input) : escape(description));
			if (input.kind() == CommandInput.Kind.CHOICE) sb.append(" [").append(
				escape(String.join(" | ", input.choices()))).append(']');
			sb.append("</dd>");
		}
		sb.append(
			"</dl><p>In a macro, a key left out takes its default (checkboxes too): ");
		sb.append(
			"<i>key=false</i> turns a checkbox off, <i>key</i> or <i>key=true</i> turns it on. ");
		sb.append("Macros never use the values remembered by this dialog.</p><p>");
		sb.append(escape(README_LINE)).append("</p></body></html>");
		return sb.toString();
	}

	private static String describeKind(final CommandInput input) {
		switch (input.kind()) {
			case IMAGE_PLUS:
			case IMG:
				return "An open image";
			case FILE:
				return input.isSaveStyle() ? "A file to write" : "A file";
			case DIRECTORY:
				return "A folder";
			default:
				return "";
		}
	}

	private static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
