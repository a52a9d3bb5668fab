
package sc.fiji.cenet.ij;

import java.io.File;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;

/**
 * One user-facing input of a SciJava command, as ImageJ 1.x sees it: a macro
 * key (the {@code @Parameter} field name), what kind of field it is, its
 * default (the field's initial value) and, for choices, the allowed values.
 */
public final class CommandInput {

	/**
	 * Suffixes of the hidden inputs that describe an image input (see
	 * {@link #describedByAxes()}).
	 */
	public static final String AXES_SUFFIX = "_axes", TITLE_SUFFIX = "_title";

	/** The kinds of dialog field / macro value the bridge supports. */
	public enum Kind {
			STRING, FILE, DIRECTORY, INTEGER, DECIMAL, BOOLEAN, CHOICE,
			/** An open image, given by title; passed on as an {@link ImagePlus}. */
			IMAGE_PLUS,
			/** An open image, given by title; passed on as an ImgLib2 float copy. */
			IMG
	}

	private final String key;
	private final Kind kind;
	private final Class<?> type;
	private final Object defaultValue;
	private final List<String> choices;
	private final Number minimum;
	private final Number maximum;
	private final boolean required;
	private final String description;
	private final boolean takesView;
	private final boolean describedByAxes;
	private final boolean namedByTitle;
	private final boolean saveStyle;

	private CommandInput(final String key, final Kind kind, final Class<?> type,
		final Object defaultValue, final List<String> choices, final Number minimum,
		final Number maximum, final boolean required, final String description,
		final boolean takesView, final boolean describedByAxes,
		final boolean namedByTitle, final boolean saveStyle)
	{
		this.takesView = takesView;
		this.describedByAxes = describedByAxes;
		this.namedByTitle = namedByTitle;
		this.key = key;
		this.kind = kind;
		this.type = type;
		this.defaultValue = defaultValue;
		this.choices = choices;
		this.minimum = minimum;
		this.maximum = maximum;
		this.required = required;
		this.description = description;
		this.saveStyle = saveStyle;
	}

	/**
	 * The inputs a user sets, in declaration order: services, the context,
	 * invisible and message items and inputs already resolved are left out.
	 *
	 * @param module a freshly created module: its field values are the defaults
	 * @throws IllegalArgumentException for a parameter the bridge cannot fill or
	 *           whose name is not a valid ImageJ macro key
	 */
	public static List<CommandInput> of(final Module module) {
		final List<CommandInput> inputs = new ArrayList<>();
		for (final ModuleItem<?> item : module.getInfo().inputs()) {
			if (isHidden(item, module)) continue;
			inputs.add(of(item, module));
		}
		return Collections.unmodifiableList(inputs);
	}

	private static boolean isHidden(final ModuleItem<?> item,
		final Module module)
	{
		final Class<?> type = item.getType();
		return Service.class.isAssignableFrom(type) || Context.class
			.isAssignableFrom(type) || item
				.getVisibility() == ItemVisibility.INVISIBLE || item
					.getVisibility() == ItemVisibility.MESSAGE || module.isInputResolved(
						item.getName());
	}

	private static <T> CommandInput of(final ModuleItem<T> item,
		final Module module)
	{
		final String key = item.getName();
		final String commandTitle = module.getInfo().getTitle();
		if (!isMacroKey(key)) throw new IllegalArgumentException("Parameter '" +
			key + "' of " + commandTitle +
			" cannot be a macro key: use lower-case snake_case field names");
		final Class<T> type = item.getType();
		final Kind kind = kindOf(item);
		if (kind == null) throw new IllegalArgumentException("Parameter '" + key +
			"' of " + commandTitle + " has type " + item.getGenericType()
				.getTypeName() + ", which ImageJ macros cannot set");
		final List<String> choices = new ArrayList<>();
		if (kind == Kind.CHOICE) for (final T c : item.getChoices())
			choices.add(String.valueOf(c));
		final boolean view = kind == Kind.IMG &&
			type == RandomAccessibleInterval.class && anyRealPixels(item
				.getGenericType());
		return new CommandInput(key, kind, type, item.getValue(module), Collections
			.unmodifiableList(choices), asNumber(item.getMinimumValue()), asNumber(
				item.getMaximumValue()), item.isRequired(), item.getDescription(), view,
			module.getInfo().getInput(key + AXES_SUFFIX) != null, module.getInfo()
				.getInput(key + TITLE_SUFFIX) != null, kind == Kind.FILE && hasStyle(
					item, FileWidget.SAVE_STYLE));
	}

	private static boolean hasStyle(final ModuleItem<?> item,
		final String style)
	{
		final String styles = item.getWidgetStyle();
		if (styles == null) return false;
		for (final String s : styles.split(","))
			if (s.trim().equals(style)) return true;
		return false;
	}

	private static Kind kindOf(final ModuleItem<?> item) {
		final Class<?> type = boxed(item.getType());
		if (type == String.class) {
			final List<?> choices = item.getChoices();
			return choices != null && !choices.isEmpty() ? Kind.CHOICE : Kind.STRING;
		}
		if (type == File.class) {
			final String style = item.getWidgetStyle();
			return style != null && style.contains(FileWidget.DIRECTORY_STYLE)
				? Kind.DIRECTORY : Kind.FILE;
		}
		if (type == Integer.class || type == Long.class || type == Short.class ||
			type == Byte.class) return Kind.INTEGER;
		if (type == Double.class || type == Float.class) return Kind.DECIMAL;
		if (type == Boolean.class) return Kind.BOOLEAN;
		if (type == ImagePlus.class) return Kind.IMAGE_PLUS;
		if (RandomAccessibleInterval.class.isAssignableFrom(type) && type
			.isAssignableFrom(ArrayImg.class) && acceptsFloatPixels(item
				.getGenericType())) return Kind.IMG;
		return null;
	}

	/**
	 * Image inputs receive a float copy:
	 * {@code RandomAccessibleInterval<UnsignedByteType>} would break.
	 */
	private static boolean acceptsFloatPixels(final Type genericType) {
		if (!(genericType instanceof ParameterizedType)) return true; // raw type
		final Type pixel = ((ParameterizedType) genericType)
			.getActualTypeArguments()[0];
		return !(pixel instanceof Class) || ((Class<?>) pixel).isAssignableFrom(
			FloatType.class);
	}

	/**
	 * {@code RandomAccessibleInterval<? extends RealType<?>>}: any pixel type, a
	 * view will do.
	 */
	private static boolean anyRealPixels(final Type genericType) {
		return genericType instanceof ParameterizedType &&
			!(((ParameterizedType) genericType)
				.getActualTypeArguments()[0] instanceof Class);
	}

	/**
	 * GenericDialog and the recorder use the lower-cased first word of a label as
	 * its key.
	 */
	static boolean isMacroKey(final String name) {
		return name.matches("[a-z][a-z0-9_]*");
	}

	private static Number asNumber(final Object o) {
		return o instanceof Number ? (Number) o : null;
	}

	static Class<?> boxed(final Class<?> type) {
		if (!type.isPrimitive()) return type;
		if (type == int.class) return Integer.class;
		if (type == long.class) return Long.class;
		if (type == short.class) return Short.class;
		if (type == byte.class) return Byte.class;
		if (type == double.class) return Double.class;
		if (type == float.class) return Float.class;
		if (type == boolean.class) return Boolean.class;
		return type;
	}

	/** The macro key and dialog label: the {@code @Parameter} field name. */
	public String key() {
		return key;
	}

	public Kind kind() {
		return kind;
	}

	/** The declared Java type of the parameter. */
	public Class<?> type() {
		return type;
	}

	/** The field's initial value, or null. */
	public Object defaultValue() {
		return defaultValue;
	}

	/** Allowed values of a {@link Kind#CHOICE}; empty otherwise. */
	public List<String> choices() {
		return choices;
	}

	/** Declared minimum ({@code @Parameter(min = ...)}), or null. */
	public Number minimum() {
		return minimum;
	}

	/** Declared maximum, or null. */
	public Number maximum() {
		return maximum;
	}

	public boolean isRequired() {
		return required;
	}

	/** The parameter's description, or null. */
	public String description() {
		return description;
	}

	/**
	 * An image input that takes any pixel type as a view: the bridge wraps the
	 * ImagePlus instead of copying it to float.
	 */
	public boolean takesView() {
		return takesView;
	}

	/**
	 * Whether the command has the (hidden) input {@code <key>_axes} that
	 * describes this image's axes.
	 */
	public boolean describedByAxes() {
		return describedByAxes;
	}

	/**
	 * Whether the command has the (hidden) input {@code <key>_title} that names
	 * this image.
	 */
	public boolean namedByTitle() {
		return namedByTitle;
	}

	/**
	 * True for a file the command writes ({@code @Parameter(style = "save")}):
	 * the dialog offers a save chooser instead of an open one.
	 */
	public boolean isSaveStyle() {
		return saveStyle;
	}

	public boolean isImage() {
		return kind == Kind.IMAGE_PLUS || kind == Kind.IMG;
	}

	@Override
	public String toString() {
		return key + " (" + kind + ")";
	}
}
