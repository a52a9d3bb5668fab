
package sc.fiji.cenet.ij;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Label;
import java.awt.TextComponent;
import java.awt.Window;
import java.lang.reflect.Field;

/**
 * Launches {@code ij.ImageJ.main} for {@link MacroHarness}, and ends the JVM as
 * soon as a modal dialog appears: in a batch run nobody can click it away, so a
 * macro error or an {@code IJ.error} would otherwise hang until the timeout.
 * The dialog's title and text go to stderr first.
 * <p>
 * Self-contained (JDK and ImageJ only): the harness copies this class file
 * alone onto the child JVM's class path.
 * </p>
 */
public final class MacroWatchdog {

	static final String PREFIX = "CENET-MACRO-DIALOG: ";
	static final int DIALOG_EXIT_CODE = 3;

	private MacroWatchdog() {}

	public static void main(final String[] args) throws Exception {
		final Thread watcher = new Thread(MacroWatchdog::watch,
			"CE-Net macro watchdog");
		watcher.setDaemon(true);
		watcher.start();
		Class.forName("ij.ImageJ").getMethod("main", String[].class).invoke(null,
			(Object) args);
	}

	private static void watch() {
		while (true) {
			for (final Window w : Window.getWindows()) {
				if (w instanceof Dialog && w.isShowing()) {
					System.err.println(PREFIX + ((Dialog) w).getTitle() + ": " + text(w)
						.trim());
					System.err.flush();
					Runtime.getRuntime().halt(DIALOG_EXIT_CODE);
				}
			}
			try {
				Thread.sleep(100);
			}
			catch (final InterruptedException e) {
				return;
			}
		}
	}

	private static String text(final Component c) {
		final StringBuilder sb = new StringBuilder();
		if (c instanceof Label) sb.append(((Label) c).getText()).append(' ');
		else if (c instanceof TextComponent) sb.append(((TextComponent) c)
			.getText()).append(' ');
		else if (c.getClass().getName().equals("ij.gui.MultiLineLabel")) sb.append(
			lines(c)).append(' ');
		if (c instanceof Container) for (final Component child : ((Container) c)
			.getComponents())
			sb.append(text(child));
		return sb.toString().replaceAll("\\s+", " ");
	}

	/** ImageJ's MultiLineLabel has no getter for its text. */
	private static String lines(final Component label) {
		try {
			final Field f = label.getClass().getDeclaredField("lines");
			f.setAccessible(true);
			return String.join(" ", (String[]) f.get(label));
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return "";
		}
	}
}
