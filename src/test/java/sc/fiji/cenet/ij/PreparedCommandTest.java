
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Assume;
import org.junit.ClassRule;
import org.junit.Test;

public class PreparedCommandTest {

	@ClassRule
	public static final StandaloneContext context = new StandaloneContext();

	/** A cancelled command says what it kept (a training: its saved model). */
	@Test
	public void aCancelSaysWhatWasKept() {
		try {
			TestContexts.prepare(context.get(), CancellingCommand.class).run(
				Collections.singletonMap("wait", false));
			fail();
		}
		catch (final CommandFailedException e) {
			assertEquals(
				"CE-Net Cancel Test was cancelled: cancelled by itself; kept: kept=best model",
				e.getMessage());
		}
	}

	/**
	 * ImageJ stops a macro's threads ({@code Thread.stop}) 2 s after Esc: the
	 * command is cancelled and ends cleanly, and the waiting thread reports it
	 * instead of dying with a stack trace in an exception window.
	 */
	@Test
	@SuppressWarnings("deprecation")
	public void aStoppedMacroThreadCancelsTheCommandAndReports()
		throws Exception
	{
		final PreparedCommand command = TestContexts.prepare(context.get(),
			CancellingCommand.class);
		final AtomicReference<Throwable> ended = new AtomicReference<>();
		CancellingCommand.started = false;
		final Thread macro = new Thread(() -> {
			try {
				command.run(Collections.singletonMap("wait", true));
			}
			catch (final Throwable t) {
				ended.set(t);
			}
		}, "test Macro$");
		macro.start();
		while (!CancellingCommand.started)
			Thread.sleep(10);
		Thread.sleep(100); // waiting in future.get()
		try {
			macro.stop();
		}
		catch (final UnsupportedOperationException e) {
			Assume.assumeNoException("this Java cannot stop threads, nor can ImageJ",
				e);
		}
		macro.join(10_000);
		assertTrue(String.valueOf(ended.get()), ended
			.get() instanceof CommandFailedException);
		assertEquals(
			"CE-Net Cancel Test was cancelled: the macro was aborted; kept: kept=best model",
			ended.get().getMessage());
	}
}
