
package sc.fiji.cenet.ij;

import java.io.PrintStream;
import java.util.Map;

import org.scijava.Context;

/**
 * Runs a CE-Net command from the command line, without ImageJ windows:
 *
 * <pre>
 * java -cp &lt;classpath&gt; sc.fiji.cenet.ij.HeadlessRunner "CE-Net Predict" "model_file=[/my models/m.zip] image=/data/a.tif"
 * </pre>
 *
 * The options follow ImageJ macro rules ({@link MacroOptions}); image inputs
 * are file paths; {@code result_file=[result.tif]} saves the image a command
 * outputs ({@link OutputFile}). Outputs go to stdout ({@code name=value}, one
 * table at most, as CSV), log lines and progress lines ({@link ProgressLines})
 * to stderr. Exit status: 0 on success, 2 when the command line cannot be
 * understood ({@link UsageException}: unknown command or key, bad option
 * syntax, a missing or malformed value), 1 when the command cannot run or
 * fails; every failure, an {@link Error} too, is one line
 * {@code CE-Net: <message>} on stderr, followed by the stack trace with
 * {@code -Dcenet.debug=true}.
 */
public final class HeadlessRunner {

	public static final int OK = 0;
	public static final int FAILED = 1;
	public static final int USAGE = 2;

	/**
	 * {@code -Dcenet.debug=true} adds the stack trace to the one-line failure
	 * message.
	 */
	public static final String DEBUG_PROPERTY = "cenet.debug";

	private HeadlessRunner() {}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		// stdout carries the results only: whatever else prints to System.out
		// (a library's log, IJ.log without a log window) goes to stderr instead.
		final PrintStream results = System.out;
		System.setOut(System.err);
		// Exit explicitly: SciJava leaves non-daemon threads behind.
		System.exit(run(args, results, System.err));
	}

	/**
	 * Runs with the shared registry and reports instead of exiting; returns the
	 * exit status.
	 */
	public static int run(final String[] args, final PrintStream out,
		final PrintStream err)
	{
		return run(args, out, err, CommandRegistry.shared(), ImageSource.FILES);
	}

	static int run(final String[] args, final PrintStream out,
		final PrintStream err, final CommandRegistry registry,
		final ImageSource images)
	{
		if (args.length < 1 || args.length > 2) {
			err.println(
				"CE-Net: usage: HeadlessRunner <command> [\"key=value key2=[value with spaces] ...\"]" +
					"; commands: " + String.join(", ", registry.titles()));
			return USAGE;
		}
		try {
			final CommandRegistry.Entry entry = registry.resolve(args[0]);
			final MacroOptions given = MacroOptions.parse(args.length > 1 ? args[1]
				: "");
			try (Context context = SciJavaContexts.createConsole(err)) {
				final PreparedCommand command = PreparedCommand.create(context, entry);
				final OutputFile outputFile = OutputFile.of(command, given);
				final MacroOptions options = outputFile == null ? given : OutputFile
					.withoutKey(given);
				final InputValues converter = new InputValues(images);
				final Map<String, Object> inputs = converter.convert(command.title(),
					command.inputs(), options);
				final ProgressLines progress = new ProgressLines(command.title(), err,
					System::currentTimeMillis);
				context.service(ConsoleStatusService.class).setProgressLines(progress);
				final Map<String, Object> outputs = ImageOutputs.toImageJ(command.run(
					inputs), converter.source());
				progress.finish();
				if (outputFile != null) outputFile.save(outputs);
				OutputPrinter.print(command.title(), outputs, out, err);
			}
			return OK;
		}
		catch (final UsageException e) {
			return report(e, err, USAGE);
		}
		catch (final Throwable t) {
			// Errors too (out of memory, a missing class, an image reader's own
			// Error): a batch job needs the one line and the exit status, and main
			// must still reach System.exit.
			return report(t, err, FAILED);
		}
	}

	private static int report(final Throwable t, final PrintStream err,
		final int status)
	{
		err.println("CE-Net: " + describe(t));
		if (Boolean.getBoolean(DEBUG_PROPERTY)) t.printStackTrace(err);
		return status;
	}

	/** The one-line message; see {@link CommandFailedException#describe}. */
	static String describe(final Throwable t) {
		return CommandFailedException.describe(t);
	}
}
