package sc.fiji.cenet.ij;

import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import sc.fiji.cenet.metrics.MetricsTable;

/**
 * ImageJ 1.x entry point for the CE-Net SciJava commands, so that one line of
 * {@code plugins.config} per command, e.g.
 * {@code Plugins>Segmentation>CE-Net, "CE-Net Predict...", sc.fiji.cenet.ij.CENetPlugIn("predict")},
 * gives a menu entry and a macro command in both Fiji and plain ImageJ.
 * <p>
 * From a macro the inputs come from the option string (keys = parameter
 * names); from the menu, from a {@code GenericDialog} whose fields the Macro
 * Recorder records with the same keys. Failures are one-line messages (the
 * stack trace goes to the log in ImageJ's debug mode); in a macro they also
 * abort the macro.
 * </p>
 *
 * @see CommandRegistry for the argument
 */
public class CENetPlugIn implements PlugIn {

	@Override
	public void run(final String arg) {
		final String options = Macro.getOptions();
		final Thread thread = Thread.currentThread();
		final ClassLoader previous = thread.getContextClassLoader();
		// Commands and their plugin index live in jars under plugins/, seen by ImageJ's class loader.
		thread.setContextClassLoader(IJ.getClassLoader());
		try {
			final CommandRegistry.Entry entry = CommandRegistry.shared().resolve(arg);
			final PreparedCommand command = PreparedCommand.create(SciJavaContexts.forImageJ(), entry);
			final MacroOptions values = options != null ? MacroOptions.parse(options) : InputDialog.show(
				command.title(), entry.name(), command.inputs());
			if (values == null) return; // dialog cancelled
			final Map<String, Object> inputs = new InputValues(ImageSource.OPEN_IMAGES).convert(command
				.title(), command.inputs(), values);
			final Map<String, Object> outputs;
			try (EscapeWatcher esc = EscapeWatcher.start(() -> command.cancel("Esc pressed"))) {
				outputs = command.run(inputs);
			}
			showOutputs(command, outputs);
		}
		catch (final RuntimeException e) {
			if (IJ.debugMode) IJ.log(stackTrace(e));
			fail(CommandFailedException.messageOf(e), options != null);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * Image outputs are shown; in a batch-mode macro show() only makes them
	 * the macro's current image. Metrics tables are shown as results tables
	 * titled with the output's label, the first declared last: a macro's
	 * {@code getResult()} reads the front table (unless the system "Results"
	 * table has rows).
	 */
	private static void showOutputs(final PreparedCommand command,
		final Map<String, Object> outputs)
	{
		if (GraphicsEnvironment.isHeadless()) return;
		final List<Map.Entry<String, Object>> tables = new ArrayList<>();
		for (final Map.Entry<String, Object> output : outputs.entrySet()) {
			if (output.getValue() instanceof MetricsTable) tables.add(0, output);
			final ImagePlus imp = asImagePlus(output.getKey(), output.getValue());
			if (imp != null) imp.show();
		}
		for (final Map.Entry<String, Object> table : tables)
			MetricsResults.toResultsTable((MetricsTable) table.getValue()).show(command.outputLabel(table
				.getKey()));
	}

	@SuppressWarnings("unchecked")
	static ImagePlus asImagePlus(final String name, final Object value) {
		if (value instanceof ImagePlus) return (ImagePlus) value;
		if (value instanceof RandomAccessibleInterval &&
			((RandomAccessibleInterval<?>) value).getType() instanceof RealType) return ImagePlusConverter.toImagePlus(
				(RandomAccessibleInterval<? extends RealType<?>>) value, name);
		return null;
	}

	private static String stackTrace(final Throwable t) {
		final StringWriter sw = new StringWriter();
		t.printStackTrace(new PrintWriter(sw));
		return sw.toString();
	}

	/**
	 * A dialog when someone can click it away; otherwise the log. Either way,
	 * a running macro stops here: ImageJ would print and ignore an exception.
	 */
	private static void fail(final String message, final boolean fromMacro) {
		if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) IJ.log("CE-Net: " + message);
		else IJ.error("CE-Net", message);
		if (fromMacro && Interpreter.getInstance() != null) Interpreter.abort();
		else if (fromMacro) throw new CommandFailedException(message, null);
	}
}
