
package sc.fiji.cenet.ij;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import net.imglib2.RandomAccessibleInterval;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.module.process.LoadInputsPreprocessor;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.module.process.SaveInputsPreprocessor;
import org.scijava.plugin.PluginService;

import ij.ImagePlus;
import sc.fiji.cenet.commands.InvalidInputException;
import sc.fiji.cenet.progress.CancelledException;

/**
 * A fresh module of one SciJava command, ready to run once: its user inputs
 * (with the field initial values as defaults) and a title for messages.
 */
public final class PreparedCommand {

	private final Context context;
	private final Module module;
	private final String title;
	private final List<CommandInput> inputs;

	private PreparedCommand(final Context context, final Module module,
		final String title)
	{
		this.context = context;
		this.module = module;
		this.title = title;
		this.inputs = CommandInput.of(module);
	}

	/**
	 * Looks the command class up in the context's plugin index, or loads it with
	 * the thread context class loader when it is not indexed.
	 *
	 * @throws CommandFailedException when the class is missing or not a command
	 * @throws IllegalArgumentException when one of its inputs cannot be set from
	 *           a macro
	 */
	public static PreparedCommand create(final Context context,
		final CommandRegistry.Entry entry)
	{
		final CommandInfo info = commandInfo(context, entry);
		final Module module;
		try {
			module = context.service(ModuleService.class).createModule(info);
		}
		catch (final RuntimeException e) {
			throw new CommandFailedException("Cannot create " + entry.title() + ": " +
				CommandFailedException.messageOf(e), e);
		}
		final String title = entry.title().equals(entry.className()) ? info
			.getTitle() : entry.title();
		return new PreparedCommand(context, module, title);
	}

	private static CommandInfo commandInfo(final Context context,
		final CommandRegistry.Entry entry)
	{
		final CommandInfo indexed = context.service(CommandService.class)
			.getCommand(entry.className());
		if (indexed != null) return indexed;
		final Class<?> c;
		try {
			c = Class.forName(entry.className(), false, Thread.currentThread()
				.getContextClassLoader());
		}
		catch (final ClassNotFoundException | LinkageError e) {
			throw new CommandFailedException(entry.title() +
				" is not installed (class " + entry.className() + " not found)", e);
		}
		if (!Command.class.isAssignableFrom(c)) throw new CommandFailedException(
			entry.className() + " is not a SciJava command", null);
		return new CommandInfo(c.asSubclass(Command.class));
	}

	/** The command's title, e.g. {@code CE-Net Predict}. */
	public String title() {
		return title;
	}

	/** The inputs a user sets, in declaration order. */
	public List<CommandInput> inputs() {
		return inputs;
	}

	/**
	 * The names of the outputs that are images (an {@link ImagePlus} or an
	 * ImgLib2 image), in declaration order.
	 */
	public List<String> imageOutputs() {
		final List<String> names = new ArrayList<>();
		for (final ModuleItem<?> item : module.getInfo().outputs())
			if (ImagePlus.class.isAssignableFrom(item.getType()) ||
				RandomAccessibleInterval.class.isAssignableFrom(item.getType())) names
					.add(item.getName());
		return names;
	}

	/**
	 * The label of an output ({@code @Parameter(label = ...)}), e.g. the title
	 * under which a table is shown; SciJava derives one from the name when none
	 * is declared.
	 *
	 * @throws IllegalArgumentException when the command has no such output
	 */
	public String outputLabel(final String name) {
		final ModuleItem<?> item = module.getInfo().getOutput(name);
		if (item == null) throw new IllegalArgumentException(title +
			" has no output '" + name + "'");
		return item.getLabel();
	}

	/**
	 * Runs the command and waits for it. Preprocessors run (they inject services
	 * and initialise the module) except those that load and save inputs in the
	 * user's preferences: every input is given, and a batch run should leave no
	 * trace. Postprocessors do not run: callers present outputs themselves, so
	 * Fiji does not display them a second time.
	 *
	 * @param values a value for every input, by key
	 * @return the output values by name, in declaration order
	 * @throws CommandFailedException with the command's own message when it
	 *           throws or is canceled
	 */
	public Map<String, Object> run(final Map<String, Object> values) {
		final List<PreprocessorPlugin> pre = context.service(PluginService.class)
			.createInstancesOfType(PreprocessorPlugin.class);
		pre.removeIf(p -> p instanceof LoadInputsPreprocessor ||
			p instanceof SaveInputsPreprocessor);
		final EventService events = context.getService(EventService.class);
		// We report the error ourselves; a consumed event keeps SciJava from
		// logging a stack trace too.
		// The event service holds subscribers weakly: keep this one reachable until
		// the run ends.
		final ErrorConsumer consumer = new ErrorConsumer(module);
		final List<EventSubscriber<?>> subscribers = events == null ? null : events
			.subscribe(consumer);
		try {
			final Future<Module> future = context.service(ModuleService.class).run(
				module, pre, Collections.emptyList(), values);
			try {
				future.get();
			}
			catch (final ThreadDeath stopped) {
				// ImageJ stops a macro's threads 2 s after Esc. The command runs on
				// another thread: let it
				// end cleanly (a training saves its state) and report, instead of an
				// exception window.
				if (!(module instanceof Cancelable && ((Cancelable) module)
					.isCanceled())) cancel("the macro was aborted");
				awaitQuietly(future);
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CommandFailedException(title + " was interrupted", e);
		}
		catch (final ExecutionException e) {
			final Throwable cause = rootOf(e);
			if (cause instanceof CancelledException) throw new CommandFailedException(
				title + " was cancelled", cause);
			// inputs found wrong before any work: a usage error, as a bad key is
			if (InvalidInputException.isCauseOf(cause)) throw new UsageException(
				title + ": " + CommandFailedException.messageOf(cause));
			throw new CommandFailedException(title + " failed: " +
				CommandFailedException.messageOf(cause), cause);
		}
		finally {
			if (subscribers != null) events.unsubscribe(subscribers);
			Reference.reachabilityFence(consumer);
		}
		final Map<String, Object> outputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : module.getInfo().outputs())
			outputs.put(item.getName(), item.getValue(module));
		if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
			final String reason = ((Cancelable) module).getCancelReason();
			// What a cancelled command still produced (a training's saved model) is
			// said, not lost.
			final List<String> kept = new ArrayList<>();
			MacroOutputs.textOf(outputs).forEach((k, v) -> kept.add(k + "=" + v));
			throw new CommandFailedException(title + " was cancelled" +
				(reason == null ? "" : ": " + reason) + (kept.isEmpty() ? ""
					: "; kept: " + String.join(", ", kept)), null);
		}
		return outputs;
	}

	/**
	 * Waits for the command after this thread was told to stop; a second stop
	 * ends the wait.
	 */
	private static void awaitQuietly(final Future<Module> future) {
		while (true) {
			try {
				future.get();
				return;
			}
			catch (final InterruptedException e) {
				continue; // the command is cancelled; it ends soon
			}
			catch (final ExecutionException e) {
				return;
			}
		}
	}

	/**
	 * Asks a running command to stop; commands that check
	 * {@link Cancelable#isCanceled()} stop at their next check, and {@link #run}
	 * then fails with "... was cancelled".
	 */
	public void cancel(final String reason) {
		if (module instanceof Cancelable) ((Cancelable) module).cancel(reason);
	}

	/** Marks this module's error events as handled. */
	public static final class ErrorConsumer {

		private final Module module;

		ErrorConsumer(final Module module) {
			this.module = module;
		}

		@EventHandler
		public void onError(final ModuleErroredEvent event) {
			if (event.getModule() == module) event.consume();
		}
	}

	/**
	 * Strips the wrappers the future and the module runner put around the
	 * command's exception.
	 */
	private static Throwable rootOf(final ExecutionException e) {
		Throwable t = e.getCause() == null ? e : e.getCause();
		while (t.getCause() != null && t.getClass() == RuntimeException.class && t
			.getMessage() != null && t.getMessage().startsWith("Module threw"))
			t = t.getCause();
		return t;
	}
}
