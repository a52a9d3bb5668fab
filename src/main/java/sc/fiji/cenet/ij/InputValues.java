
package sc.fiji.cenet.ij;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import sc.fiji.cenet.imagej.ImagePlusConverter;

/**
 * Turns the text values of a macro option string or dialog into the typed
 * inputs of a command, with one clear message per mistake (unknown key, bad
 * number, value outside the declared range, value not among the choices).
 * <p>
 * An absent key takes the parameter's declared default, booleans included
 * (unlike ImageJ's own commands, where an absent checkbox is off): a bare
 * {@code key} or {@code key=true} turns a checkbox on, {@code key=false} turns
 * it off. The dialog records {@code key=false} for an unticked checkbox whose
 * default is on, so recorded lines replay as entered. Required inputs left out
 * or blank are reported together, before the command runs.
 * </p>
 */
public final class InputValues {

	private final ImageSource images;
	private ImagePlus source;

	public InputValues(final ImageSource images) {
		this.images = images;
	}

	/**
	 * @param commandTitle for messages
	 * @return the value of every input, keyed by parameter name
	 * @throws UsageException naming every offending key in one message (a user
	 *           who mistyped two fields of a dialog learns of both at once), for
	 *           keys or values that cannot be understood
	 * @throws IllegalArgumentException when an image input cannot be had (see
	 *           {@link ImageSource})
	 */
	public Map<String, Object> convert(final String commandTitle,
		final List<CommandInput> inputs, final MacroOptions options)
	{
		final List<String> problems = new ArrayList<>();
		final String unknown = unknownKeys(commandTitle, inputs, options);
		if (unknown != null) problems.add(unknown);
		final List<String> unset = unsetRequiredInputs(inputs, options);
		if (!unset.isEmpty()) problems.add(listed(unset) + (unset.size() == 1
			? " is" : " are") + " not set for " + commandTitle);
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final CommandInput input : inputs) {
			final String key = input.key();
			values.put(key, null); // keeps the inputs' order; images are filled in
															// below
			if (unset.contains(key)) continue; // said above
			try {
				if (input.kind() == CommandInput.Kind.BOOLEAN) values.put(key, options
					.isFlag(key) || (options.contains(key) ? toBoolean(key, options.get(
						key)) : Boolean.TRUE.equals(input.defaultValue())));
				else if (options.isFlag(key)) throw new UsageException("'" + key +
					"' needs a value, as in " + key + "=...");
				else if (input.isImage()) continue;
				else if (options.get(key) == null) values.put(key, input
					.defaultValue());
				else values.put(key, convert(input, options.get(key)));
			}
			catch (final UsageException e) {
				problems.add(e.getMessage());
			}
		}
		if (!problems.isEmpty()) throw new UsageException(String.join("; ",
			problems));
		// Images last: finding one may fail for reasons of its own (see
		// ImageSource), after the typos.
		for (final CommandInput input : inputs)
			if (input.isImage()) values.put(input.key(), image(input, options.get(
				input.key()), values));
		return values;
	}

	/**
	 * Required inputs without a default that are left out or blank, all in one
	 * message ("image_folder, mask_folder and model_file are not set for CE-Net
	 * Train"), instead of SciJava's one-at-a-time "is required but unset". Images
	 * are not checked here: a left-out image is the active one.
	 */
	private static List<String> unsetRequiredInputs(
		final List<CommandInput> inputs, final MacroOptions options)
	{
		final List<String> unset = new ArrayList<>();
		for (final CommandInput input : inputs) {
			if (!input.isRequired() || input.isImage() || input
				.kind() == CommandInput.Kind.BOOLEAN) continue;
			final String key = input.key();
			if (options.isFlag(key)) continue; // reported as "needs a value" below
			final String raw = options.get(key);
			final boolean blank = raw == null ? input.defaultValue() == null || input
				.defaultValue().toString().trim().isEmpty() : raw.trim().isEmpty();
			if (blank) unset.add(key);
		}
		return unset;
	}

	/** {@code a}, {@code a and b}, {@code a, b and c}. */
	private static String listed(final List<String> keys) {
		return keys.size() == 1 ? keys.get(0) : String.join(", ", keys.subList(0,
			keys.size() - 1)) + " and " + keys.get(keys.size() - 1);
	}

	/**
	 * The message for keys the command does not have, or null when there is none.
	 */
	private static String unknownKeys(final String commandTitle,
		final List<CommandInput> inputs, final MacroOptions options)
	{
		final List<String> known = new ArrayList<>();
		for (final CommandInput input : inputs)
			known.add(input.key());
		final List<String> unknown = new ArrayList<>();
		for (final String key : options.keys())
			if (!known.contains(key)) unknown.add("'" + key + "'");
		if (unknown.isEmpty()) return null;
		final String spaced = valueWithSpaces(inputs, options);
		return "Unknown key" + (unknown.size() == 1 ? " " : "s ") + String.join(
			", ", unknown) + " for " + commandTitle + "; valid keys: " + String.join(
				", ", known) + (spaced == null ? ""
					: "; a value with spaces goes in brackets: " + spaced);
	}

	/**
	 * A path or text with spaces given without brackets reads as the key's value
	 * up to the first space, then words without "=" that the command does not
	 * have: the key with the whole value in brackets, e.g.
	 * {@code model_file=[/my data/m.cenet]}, or null when the options show no
	 * such value (a misspelt checkbox after a number is not one).
	 */
	private static String valueWithSpaces(final List<CommandInput> inputs,
		final MacroOptions options)
	{
		final Map<String, CommandInput> byKey = new HashMap<>();
		for (final CommandInput input : inputs)
			byKey.put(input.key(), input);
		String key = null;
		StringBuilder value = null;
		boolean cut = false;
		for (final String k : options.keys()) {
			final CommandInput input = byKey.get(k);
			if (value != null && input == null && options.isFlag(k)) {
				value.append(' ').append(k);
				cut = true;
				continue;
			}
			if (cut) break;
			final boolean text = input != null && !options.isFlag(k) && (input
				.kind() == CommandInput.Kind.FILE || input
					.kind() == CommandInput.Kind.DIRECTORY || input
						.kind() == CommandInput.Kind.STRING);
			key = text ? k : null;
			value = text ? new StringBuilder(options.get(k)) : null;
		}
		return cut ? key + "=[" + value + "]" : null;
	}

	/**
	 * An image input; a wrapped image also fills the hidden inputs that describe
	 * it.
	 */
	private Object image(final CommandInput input, final String raw,
		final Map<String, Object> values)
	{
		final ImagePlus imp = images.image(input.key(), raw);
		if (imp == null) return null;
		if (source == null) source = imp;
		if (input.kind() == CommandInput.Kind.IMAGE_PLUS) return imp;
		if (!input.takesView()) return ImagePlusConverter.toFloatImg(imp);
		if (input.describedByAxes()) values.put(input.key() +
			CommandInput.AXES_SUFFIX, ImagePlusConverter.axesOf(imp));
		if (input.namedByTitle()) values.put(input.key() +
			CommandInput.TITLE_SUFFIX, imp.getTitle());
		return ImagePlusConverter.wrap(imp);
	}

	/**
	 * The first image given to the command (its calibration goes to the results),
	 * or null.
	 */
	public ImagePlus source() {
		return source;
	}

	/** Converts one non-image text value to the input's type. */
	static Object convert(final CommandInput input, final String raw) {
		final String key = input.key();
		final String value = raw.trim();
		switch (input.kind()) {
			case STRING:
				return raw;
			case FILE:
			case DIRECTORY:
				if (value.isEmpty()) return null;
				// a relative path means what it means to Java (the working
				// folder, which a Fiji user does not see): absolute, every log line
				// and output says where the file is
				return new File(value).getAbsoluteFile();
			case CHOICE:
				for (final String choice : input.choices())
					if (choice.equals(value)) return choice;
				throw new UsageException("'" + value + "' is not a valid " + key +
					"; choose one of: " + String.join(", ", input.choices()));
			case BOOLEAN:
				return toBoolean(key, value);
			case INTEGER:
				return checkRange(input, toInteger(input, value));
			case DECIMAL:
				return checkRange(input, toDecimal(input, value));
			default:
				throw new IllegalArgumentException("'" + key +
					"' cannot be set from text");
		}
	}

	private static boolean toBoolean(final String key, final String value) {
		final String v = value.trim().toLowerCase(Locale.ROOT);
		if (v.equals("true")) return true;
		if (v.equals("false")) return false;
		throw new UsageException("'" + key + "' must be true or false, not '" +
			value + "'");
	}

	private static Number toInteger(final CommandInput input,
		final String value)
	{
		final long n = parseWholeNumber(input.key(), value);
		final Class<?> type = CommandInput.boxed(input.type());
		if (type == Long.class) return n;
		final long min = type == Byte.class ? Byte.MIN_VALUE : type == Short.class
			? Short.MIN_VALUE : Integer.MIN_VALUE;
		final long max = type == Byte.class ? Byte.MAX_VALUE : type == Short.class
			? Short.MAX_VALUE : Integer.MAX_VALUE;
		if (n < min || n > max) throw new UsageException("'" + input.key() +
			"' = " + n + " is out of range [" + min + ", " + max + "]");
		if (type == Byte.class) return (byte) n;
		if (type == Short.class) return (short) n;
		return (int) n;
	}

	/** Accepts "12" and, as GenericDialog may record it, "12.0". */
	private static long parseWholeNumber(final String key, final String value) {
		try {
			return Long.parseLong(value);
		}
		catch (final NumberFormatException e) {
			try {
				final double d = Double.parseDouble(value);
				if (d == Math.rint(d) && Math.abs(d) < 1e15) return (long) d;
			}
			catch (final NumberFormatException notANumber) {
				// reported below
			}
			throw new UsageException("'" + key + "' must be a whole number, not '" +
				value + "'");
		}
	}

	private static Number toDecimal(final CommandInput input,
		final String value)
	{
		final double d;
		try {
			d = Double.parseDouble(value);
		}
		catch (final NumberFormatException e) {
			// 0,002: a decimal comma, as some locales write it
			throw new UsageException("'" + input.key() + "' must be a number, not '" +
				value + "'" + (value.matches("[-+]?\\d*,\\d+")
					? " (write a decimal point: " + value.replace(',', '.') + ")" : ""));
		}
		if (Double.isNaN(d)) throw new UsageException("'" + input.key() +
			"' must be a number, not NaN");
		return CommandInput.boxed(input.type()) == Float.class ? (Number) (float) d
			: (Number) d;
	}

	private static Number checkRange(final CommandInput input,
		final Number value)
	{
		final double v = value.doubleValue();
		if (input.minimum() != null && v < input.minimum().doubleValue())
			throw new UsageException("'" + input.key() + "' must be at least " +
				format(input.minimum()) + ", got " + format(value));
		if (input.maximum() != null && v > input.maximum().doubleValue())
			throw new UsageException("'" + input.key() + "' must be at most " +
				format(input.maximum()) + ", got " + format(value));
		return value;
	}

	private static String format(final Number n) {
		final double d = n.doubleValue();
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
			: Double.toString(d);
	}
}
