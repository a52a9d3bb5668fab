
package sc.fiji.cenet.ij;

import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.scijava.Context;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.frame.Recorder;
import sc.fiji.cenet.metrics.MetricsTable;

/**
 * What {@link CENetPlugIn} runs once it knows the libraries are there: the
 * command named by the plugins.config argument, its inputs from the macro
 * options or a dialog, its outputs shown.
 */
final class PlugInCommand {

	private PlugInCommand() {}

	/**
	 * @param macro the running macro's interpreter as the command started, or
	 *          null (see {@link CENetPlugIn#fail})
	 */
	static void run(final String arg, final Interpreter macro) {
		final String options = Macro.getOptions();
		final Thread thread = Thread.currentThread();
		final ClassLoader previous = thread.getContextClassLoader();
		// Commands and their plugin index live in jars under plugins/, seen by
		// ImageJ's class loader.
		thread.setContextClassLoader(IJ.getClassLoader());
		try {
			final CommandRegistry.Entry entry = CommandRegistry.shared().resolve(arg);
			final Context context = SciJavaContexts.forImageJ();
			if (options != null) execute(context, PreparedCommand.create(context,
				entry), MacroOptions.parse(options));
			else runFromDialog(context, entry);
		}
		catch (final ThreadDeath stopped) {
			throw stopped; // Esc aborted the macro: CENetPlugIn ends the command
											// quietly
		}
		catch (final RuntimeException | Error e) {
			// Errors too (out of memory, a broken image reader): one line, never an
			// exception window
			if (IJ.debugMode) IJ.log(stackTrace(e));
			// Only a run that ended is recorded: a failed or cancelled run's line
			// would not replay it.
			if (options == null) Recorder.setCommand(null);
			CENetPlugIn.fail(CommandFailedException.messageOf(e), options != null,
				macro);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * Asks for the inputs and runs the command. Values rejected before any work
	 * (mistyped, out of range, a folder that does not exist) are all named in one
	 * message, and the dialog comes back with them as typed, to be corrected,
	 * until the command runs or the dialog is cancelled; only the accepted
	 * dialog's values are recorded.
	 */
	private static void runFromDialog(final Context context,
		final CommandRegistry.Entry entry)
	{
		Map<String, String> typed = null;
		while (true) {
			final PreparedCommand command = PreparedCommand.create(context, entry); // a
																																							// module
																																							// runs
																																							// once
			final MacroOptions values = InputDialog.show(command.title(), entry
				.name(), command.inputs(), typed);
			if (values == null) return; // dialog cancelled
			try {
				execute(context, command, values);
				return;
			}
			catch (final UsageException e) {
				if (IJ.debugMode) IJ.log(stackTrace(e));
				CENetPlugIn.fail(e.getMessage(), false, null);
				// The Recorder holds the rejected dialog's values; the next dialog
				// records its own.
				if (IJ.recording()) Recorder.resetCommandOptions();
				typed = values.asMap();
			}
		}
	}

	/** Runs the command with the given values and shows its outputs. */
	private static void execute(final Context context,
		final PreparedCommand command, final MacroOptions values)
	{
		final InputValues converter = new InputValues(ImageSource.OPEN_IMAGES);
		final Map<String, Object> inputs = converter.convert(command.title(),
			command.inputs(), values);
		final Map<String, Object> outputs;
		try (ImageJFeedback feedback = ImageJFeedback.start(context,
			!SciJavaContexts.isFiji(context));
				EscapeWatcher esc = EscapeWatcher.start(() -> command.cancel(
					"Esc pressed")))
		{
			outputs = ImageOutputs.toImageJ(command.run(inputs), converter.source());
		}
		final Map<String, String> text = MacroOutputs.textOf(outputs);
		MacroOutputs.remember(text);
		for (final Map.Entry<String, String> output : text.entrySet())
			IJ.log(command.title() + ": " + output.getKey() + "=" + output
				.getValue());
		showOutputs(command, outputs);
	}

	/**
	 * Image outputs are shown; in a batch-mode macro show() only makes them the
	 * macro's current image. Metrics tables are shown as results tables titled
	 * with the output's label, the first declared last: a macro's
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
			if (output.getValue() instanceof ImagePlus) ((ImagePlus) output
				.getValue()).show();
		}
		for (final Map.Entry<String, Object> table : tables)
			MetricsResults.toResultsTable((MetricsTable) table.getValue()).show(
				command.outputLabel(table.getKey()));
	}

	static String stackTrace(final Throwable t) {
		final StringWriter sw = new StringWriter();
		t.printStackTrace(new PrintWriter(sw));
		return sw.toString();
	}
}
