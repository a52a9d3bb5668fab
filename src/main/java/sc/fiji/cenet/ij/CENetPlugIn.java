
package sc.fiji.cenet.ij;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

/**
 * ImageJ 1.x entry point for the CE-Net SciJava commands, so that one line of
 * {@code plugins.config} per command, e.g.
 * {@code Plugins>Segmentation>CE-Net, "CE-Net Predict...", sc.fiji.cenet.ij.CENetPlugIn("predict")},
 * gives a menu entry and a macro command in both Fiji and plain ImageJ.
 * <p>
 * From a macro the inputs come from the option string (keys = parameter names);
 * from the menu, from a {@code GenericDialog} whose fields the Macro Recorder
 * records with the same keys. Failures are one-line messages (the stack trace
 * goes to the log in ImageJ's debug mode); in a macro they also abort the
 * macro.
 * </p>
 * <p>
 * This class refers to no SciJava, ImgLib2 or TensorFlow class: it loads in an
 * ImageJ that lacks them (plain ImageJ with only the plugin jar), and says
 * which jars are missing ({@link RequiredJars}) instead of failing with a
 * {@code NoClassDefFoundError} that ImageJ does not show. The command itself
 * runs in {@link PlugInCommand}.
 * </p>
 *
 * @see CommandRegistry for the argument
 */
public class CENetPlugIn implements PlugIn {

	/**
	 * Error dialogs break lines at about this many characters, so that they fit a
	 * screen.
	 */
	static final int DIALOG_LINE_LENGTH = 100;

	@Override
	public void run(final String arg) {
		final boolean fromMacro = Macro.getOptions() != null;
		// The running macro, if any: Esc may abort it while the command runs (see
		// fail).
		final Interpreter macro = fromMacro ? Interpreter.getInstance() : null;
		try {
			final String missing = RequiredJars.problem(CENetPlugIn.class
				.getClassLoader(), arg);
			if (missing != null) {
				fail(missing, fromMacro, macro);
				return;
			}
			try {
				PlugInCommand.run(arg, macro);
			}
			catch (final LinkageError e) {
				if (IJ.debugMode) IJ.log(PlugInCommand.stackTrace(e));
				fail(RequiredJars.problem(e), fromMacro, macro);
			}
		}
		catch (final ThreadDeath stopped) {
			// ImageJ stops a macro's threads 2 s after Esc aborted it, wherever they
			// are. This ends
			// the command as ImageJ ends an aborted macro's command: quietly, where a
			// ThreadDeath
			// would open ImageJ's Exception window.
			throw new RuntimeException(Macro.MACRO_CANCELED);
		}
	}

	/**
	 * A dialog when someone can click it away; otherwise the log. Either way, a
	 * running macro stops here: ImageJ would print and ignore an exception. A
	 * macro that Esc aborted while the command ran has stopped already: the
	 * message goes to the log, and the command ends as ImageJ ends an aborted
	 * macro's command, without an Exception window.
	 *
	 * @param macro the interpreter of the macro that ran the command, as the
	 *          command started; null outside macros
	 */
	static void fail(final String message, final boolean fromMacro,
		final Interpreter macro)
	{
		// Esc: ImageJ marks the macro done at once, and drops it 2 s later
		final boolean aborted = macro != null && (macro.done() || Interpreter
			.getInstance() != macro);
		if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode() ||
			aborted) IJ.log("CE-Net: " + message);
		else IJ.error("CE-Net", wrap(message, DIALOG_LINE_LENGTH));
		if (aborted) throw new RuntimeException(Macro.MACRO_CANCELED);
		if (fromMacro && Interpreter.getInstance() != null) Interpreter.abort();
		else if (fromMacro) throw new CommandFailedException(message, null);
	}

	/**
	 * The text with line breaks at spaces, so that no line is longer than
	 * {@code length} characters unless one word is: ImageJ's message dialogs are
	 * as wide as their longest line, and a long message was wider than the
	 * screen, cutting off its end (what to do).
	 */
	static String wrap(final String text, final int length) {
		final StringBuilder sb = new StringBuilder();
		for (final String paragraph : text.split("\n", -1)) {
			if (sb.length() > 0) sb.append('\n');
			int lineLength = 0;
			for (final String word : paragraph.trim().split(" +")) {
				if (lineLength > 0 && lineLength + 1 + word.length() > length) {
					sb.append('\n');
					lineLength = 0;
				}
				else if (lineLength > 0) {
					sb.append(' ');
					lineLength++;
				}
				sb.append(word);
				lineLength += word.length();
			}
		}
		return sb.toString();
	}
}
