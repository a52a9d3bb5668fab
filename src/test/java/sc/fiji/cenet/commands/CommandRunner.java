
package sc.fiji.cenet.commands;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.junit.rules.ExternalResource;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.thread.ThreadService;

import sc.fiji.cenet.service.CENetModelService;

/**
 * Runs commands through SciJava's {@link CommandService} in a small context
 * without a UI, as a script would. Inputs persist nowhere ({@code persist =
 * false}), so no saved preferences leak between tests. As a JUnit
 * {@code @ClassRule}, one context serves a test class and is closed after it.
 */
final class CommandRunner extends ExternalResource implements AutoCloseable {

	private final Context context = new Context(CommandService.class,
		StatusService.class, LogService.class, ThreadService.class,
		CENetModelService.class);

	Context context() {
		return context;
	}

	/**
	 * @param keysAndValues key1, value1, key2, value2, ...
	 * @return the finished module, whose outputs the test reads
	 * @throws Exception the command's own exception, unwrapped
	 */
	CommandModule run(final Class<? extends Command> command,
		final Object... keysAndValues) throws Exception
	{
		final Map<String, Object> inputs = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2)
			inputs.put((String) keysAndValues[i], keysAndValues[i + 1]);
		final CommandModule module;
		try {
			module = context.service(CommandService.class).run(command, true, inputs)
				.get();
		}
		catch (final ExecutionException e) {
			Throwable cause = e.getCause();
			// the module runner wraps the command's exception
			while (cause.getCause() != null && cause
				.getClass() == RuntimeException.class)
				cause = cause.getCause();
			if (cause instanceof Exception) throw (Exception) cause;
			throw e;
		}
		// SciJava's preprocessors cancel a module whose required inputs are missing
		if (module.isCanceled()) throw new IllegalStateException("cancelled: " +
			module.getCancelReason());
		return module;
	}

	/**
	 * The message of the command's exception; fails the test when the command
	 * succeeds.
	 */
	String failure(final Class<? extends Command> command,
		final Object... keysAndValues)
	{
		try {
			run(command, keysAndValues);
		}
		catch (final Exception e) {
			return e.getMessage();
		}
		throw new AssertionError(command.getSimpleName() + " should have failed");
	}

	@Override
	protected void after() {
		close();
	}

	@Override
	public void close() {
		context.dispose();
	}
}
