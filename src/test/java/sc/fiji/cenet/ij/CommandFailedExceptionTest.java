
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class CommandFailedExceptionTest {

	@Test
	public void messagesAreOneLineOrTheClassName() {
		assertEquals("first second", CommandFailedException.messageOf(
			new IllegalStateException(" first\n  second ")));
		assertEquals("IllegalStateException", CommandFailedException.messageOf(
			new IllegalStateException()));
	}

	@Test
	public void outOfMemorySaysWhichSettingsToChange() {
		String expected =
			"out of memory: give Java more memory (-Xmx, or Edit > Options > Memory & Threads in Fiji), " +
				"or lower tile_size / batch_size";
		assertEquals(expected, CommandFailedException.messageOf(
			new OutOfMemoryError("Java heap space")));
		assertEquals(expected, CommandFailedException.messageOf(
			new RuntimeException("wrapped", new OutOfMemoryError(
				"Java heap space"))));
	}
}
