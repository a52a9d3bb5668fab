
package sc.fiji.cenet.ij;

import java.awt.GraphicsEnvironment;

import ij.IJ;

/**
 * Lets ImageJ users cancel a running command the ImageJ way, with the Esc key:
 * polls {@link IJ#escapePressed()} on a daemon thread until closed.
 */
final class EscapeWatcher implements AutoCloseable {

	private static final long POLL_MILLIS = 200;

	private final Thread thread;

	private EscapeWatcher(final Runnable onEscape) {
		IJ.resetEscape(); // a stale press from before the command must not cancel
											// it
		thread = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				if (IJ.escapePressed()) {
					IJ.resetEscape();
					onEscape.run();
				}
				try {
					Thread.sleep(POLL_MILLIS);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		}, "CE-Net Esc watcher");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Watches for Esc when there is a keyboard; without a display it does
	 * nothing.
	 */
	static EscapeWatcher start(final Runnable onEscape) {
		return GraphicsEnvironment.isHeadless() ? null : new EscapeWatcher(
			onEscape);
	}

	@Override
	public void close() {
		thread.interrupt();
	}
}
