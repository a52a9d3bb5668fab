
package sc.fiji.cenet.ij;

import org.scijava.Context;

/** Builds a fresh module of a test command, the way the bridge does. */
final class TestContexts {

	private TestContexts() {}

	static PreparedCommand prepare(final Context context,
		final Class<?> command)
	{
		return PreparedCommand.create(context, CommandRegistry.withDefaults()
			.resolve(command.getName()));
	}
}
