package sc.fiji.cenet.ij;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

/**
 * An ImageJ 1.x dialog with one field per command input. Each label is the
 * input's key: GenericDialog shows underscores as spaces but records the
 * lower-cased first word of the label, so the Macro Recorder writes
 * {@code run("CE-Net Predict", "model_file=[...] ...")} with exactly the keys
 * a macro passes back.
 */
final class InputDialog {

	private InputDialog() {}

	/** @return the entered values as text, or null when the user cancelled */
	static MacroOptions show(final String title, final List<CommandInput> inputs) {
		final GenericDialog gd = new GenericDialog(title);
		for (final CommandInput input : inputs) addField(gd, input);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final Map<String, String> values = new LinkedHashMap<>();
		// GenericDialog hands values back per field type, in the order fields were added.
		for (final CommandInput input : inputs)
			values.put(input.key(), nextValue(gd, input));
		return MacroOptions.of(values);
	}

	private static void addField(final GenericDialog gd, final CommandInput input) {
		final String key = input.key();
		final Object def = input.defaultValue();
		switch (input.kind()) {
			case STRING:
				gd.addStringField(key, def == null ? "" : def.toString(), 25);
				break;
			case FILE:
				gd.addFileField(key, def == null ? "" : ((File) def).getPath(), 25);
				break;
			case DIRECTORY:
				gd.addDirectoryField(key, def == null ? "" : ((File) def).getPath(), 25);
				break;
			case INTEGER:
				gd.addNumericField(key, def == null ? 0 : ((Number) def).doubleValue(), 0);
				break;
			case DECIMAL:
				gd.addNumericField(key, def == null ? 0 : ((Number) def).doubleValue());
				break;
			case BOOLEAN:
				gd.addCheckbox(key, Boolean.TRUE.equals(def));
				break;
			case CHOICE:
				final String[] choices = input.choices().toArray(new String[0]);
				gd.addChoice(key, choices, def == null ? choices[0] : def.toString());
				break;
			case IMAGE_PLUS:
			case IMG:
				if (WindowManager.getImageCount() == 0) throw new IllegalArgumentException("'" + key +
					"' needs an image: open one first");
				final ImagePlus active = WindowManager.getCurrentImage();
				gd.addImageChoice(key, active == null ? null : active.getTitle());
				break;
			default:
				throw new IllegalArgumentException("No dialog field for " + input);
		}
	}

	private static String nextValue(final GenericDialog gd, final CommandInput input) {
		switch (input.kind()) {
			case STRING:
			case FILE:
			case DIRECTORY:
				return gd.getNextString();
			case INTEGER:
			case DECIMAL:
				return numberText(gd.getNextNumber());
			case BOOLEAN:
				return Boolean.toString(gd.getNextBoolean());
			case CHOICE:
				return gd.getNextChoice();
			case IMAGE_PLUS:
			case IMG:
				return gd.getNextImage().getTitle();
			default:
				throw new IllegalArgumentException("No dialog field for " + input);
		}
	}

	/** GenericDialog gives NaN for text that is not a number; keep it so the conversion names the key. */
	private static String numberText(final double d) {
		if (Double.isNaN(d)) return "not-a-number";
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
	}
}
