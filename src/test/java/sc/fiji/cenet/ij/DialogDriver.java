
package sc.fiji.cenet.ij;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Label;
import java.awt.TextComponent;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.KeyEvent;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.swing.JFileChooser;

import ij.IJ;
import ij.ImageJ;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.macro.MacroRunner;
import ij.plugin.frame.Recorder;
import ij.text.TextWindow;

/**
 * Drives the plugin's dialogs in a real ImageJ (under xvfb, in a child JVM)
 * with the Macro Recorder on, the way a user would: opens a menu command, finds
 * its dialog, prints and fills its fields, clicks OK or Cancel, presses Esc
 * through ImageJ's own key handler, and prints what the Recorder recorded and
 * any error dialog or Exception window. The script is a file of tab-separated
 * lines:
 * <ul>
 * <li>{@code image TITLE}: opens a small image</li>
 * <li>{@code dialog COMMAND ok|cancel|okesc KEY=VALUE...}: fills and closes a
 * dialog; {@code okesc} clicks OK, then presses Esc once the command has
 * started (a {@link CancellingCommand})</li>
 * <li>{@code again COMMAND ok|cancel KEY=VALUE...}: as {@code dialog}, for the
 * dialog the command showed again after rejecting its values</li>
 * <li>{@code browse COMMAND KEY PATH}: clicks the Browse button of KEY, picks
 * PATH in the chooser, prints the field, and cancels the dialog</li>
 * <li>{@code macro CODE}: runs macro code; it may set the system property
 * {@code cenet.out}, which is printed</li>
 * <li>{@code escmacro CODE}: runs macro code as ImageJ runs a macro (its own
 * thread), presses Esc once a {@link CancellingCommand} it runs has started,
 * waits until the macro is over, and prints the lines it added to the Log</li>
 * </ul>
 * Output lines: {@code STEP n}, {@code FIELD key value} (as shown when the
 * dialog opened), {@code SHOWN text} (labels and headings, top to bottom),
 * {@code ENTERED key value}, {@code SIBLING key label}, {@code HELP html},
 * {@code RECORDED line}, {@code ERROR text} (with {@code ERRORWIDTH pixels} for
 * a dialog), {@code REOPENED} (the command showed its dialog again),
 * {@code CHOOSER save|open}, {@code AFTER key value}, {@code OUT value},
 * {@code LOG line}; then {@link #SENTINEL}. Self-contained (JDK and ImageJ
 * only): the harness copies this class file alone onto the child's class path.
 */
public final class DialogDriver {

	static final String SENTINEL = "CENET-DRIVER-DONE";

	private static final long WAIT_MS = 90_000;

	/**
	 * How long {@code again} waits for a dialog that, shown again, is there
	 * already.
	 */
	private static final long AGAIN_MS = 5_000;

	/**
	 * The system property a {@link CancellingCommand} sets when it starts (its
	 * class is not visible here).
	 */
	private static final String STARTED = "cenet.cancel.started";

	private DialogDriver() {}

	public static void main(final String[] args) throws Exception {
		new ImageJ(ImageJ.NO_SHOW);
		Prefs.useJFileChooser = true; // after ImageJ read its options: a Swing
																	// chooser can be driven
		new Recorder(false);
		try {
			run(args);
		}
		catch (final Throwable t) {
			System.out.println("ERROR driver: " + t);
			System.out.flush();
			t.printStackTrace();
			Runtime.getRuntime().halt(1);
		}
	}

	private static void run(final String[] args) throws Exception {
		final List<String> lines = Files.readAllLines(Paths.get(args[0]),
			StandardCharsets.UTF_8);
		int step = 0;
		for (final String line : lines) {
			if (line.trim().isEmpty()) continue;
			final String[] f = line.split("\t");
			System.out.println("STEP " + step++ + " " + f[0] + " " + (f.length > 1
				? f[1] : ""));
			switch (f[0]) {
				case "image":
					IJ.createImage(f[1], "8-bit ramp", 64, 32, 1).show();
					IJ.wait(300);
					break;
				case "dialog":
					dialog(f, true);
					break;
				case "again":
					dialog(f, false);
					break;
				case "escmacro":
					escMacro(f[1]);
					break;
				case "browse":
					browse(f);
					break;
				case "macro":
					System.clearProperty("cenet.out");
					IJ.runMacro(f[1]);
					System.out.println("OUT " + System.getProperty("cenet.out"));
					break;
				default:
					throw new IllegalArgumentException(line);
			}
			System.out.flush();
		}
		System.out.println(SENTINEL);
		System.out.flush();
		Runtime.getRuntime().halt(0);
	}

	/**
	 * @param open whether to open the dialog (else it is showing again, see
	 *          {@link #finish})
	 */
	private static void dialog(final String[] f, final boolean open)
		throws Exception
	{
		final String command = f[1];
		final String before = recorded();
		System.clearProperty(STARTED);
		if (open) IJ.doCommand(command);
		final GenericDialog gd = waitForDialog(open ? WAIT_MS : AGAIN_MS);
		if (gd == null) {
			System.out.println("ERROR no dialog was shown again");
			return;
		}
		final Thread runner = thread(command);
		final Map<String, Component> fields = fields(gd);
		print("FIELD", fields);
		for (final String shown : shown(gd, new ArrayList<>()))
			System.out.println("SHOWN " + shown);
		final Button[] buttons = gd.getButtons();
		if (buttons[3] != null) System.out.println("HELP " + privateField(gd,
			"helpURL"));
		for (int i = 3; i < f.length; i++) {
			final int eq = f[i].indexOf('=');
			set(fields.get(f[i].substring(0, eq)), f[i].substring(eq + 1), f[i]);
		}
		print("ENTERED", fields);
		click(f[2].equals("cancel") ? buttons[1] : buttons[0]);
		if (f[2].equals("okesc")) {
			waitForStart();
			pressEscape();
		}
		finish(runner, gd);
		final String after = recorded();
		final String added = after.startsWith(before) ? after.substring(before
			.length()) : after;
		for (final String line : added.split("\n"))
			if (!line.trim().isEmpty()) System.out.println("RECORDED " + line);
	}

	/**
	 * Runs a macro as ImageJ does (MacroRunner: a thread whose name ends in
	 * "Macro$", which ImageJ stops 2 s after Esc), presses Esc once the command
	 * it runs has started, and waits for the macro to end.
	 */
	private static void escMacro(final String code) throws Exception {
		System.clearProperty(STARTED);
		final String logBefore = log();
		final Thread macro = new MacroRunner(code).getThread();
		waitForStart();
		pressEscape();
		final long end = System.currentTimeMillis() + WAIT_MS;
		while (macro.isAlive() && System.currentTimeMillis() < end) {
			reportErrors(null);
			Thread.sleep(100);
		}
		Thread.sleep(3000); // past ImageJ's 2 s before it stops the macro's threads
		reportErrors(null);
		if (macro.isAlive()) System.out.println("ERROR still running");
		final String logAfter = log();
		final String added = logAfter.startsWith(logBefore) ? logAfter.substring(
			logBefore.length()) : logAfter;
		for (final String line : added.split("\n"))
			if (!line.trim().isEmpty()) System.out.println("LOG " + line);
	}

	private static String log() {
		final String log = IJ.getLog();
		return log == null ? "" : log;
	}

	private static void waitForStart() throws InterruptedException {
		final long end = System.currentTimeMillis() + WAIT_MS;
		while (System.getProperty(STARTED) == null && System
			.currentTimeMillis() < end)
		{
			reportErrors(null);
			Thread.sleep(50);
		}
		if (System.getProperty(STARTED) == null) throw new IllegalStateException(
			"the command did not start");
	}

	/**
	 * Esc as a user presses it: through ImageJ's own key handler, on the event
	 * thread.
	 */
	private static void pressEscape() {
		final ImageJ ij = IJ.getInstance();
		EventQueue.invokeLater(() -> ij.keyPressed(new KeyEvent(ij,
			KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0, KeyEvent.VK_ESCAPE,
			(char) 27)));
	}

	/** The labels, checkbox labels and headings of a dialog, top to bottom. */
	private static List<String> shown(final Container container,
		final List<String> shown)
	{
		for (final Component c : container.getComponents()) {
			if (c instanceof Label) shown.add(((Label) c).getText());
			else if (c instanceof Checkbox) shown.add(((Checkbox) c).getLabel());
			else if (c instanceof Container && !(c instanceof Button)) shown(
				((Container) c), shown);
		}
		return shown;
	}

	private static void browse(final String[] f) throws Exception {
		IJ.doCommand(f[1]);
		final GenericDialog gd = waitForDialog();
		final Thread runner = thread(f[1]);
		final TextField field = (TextField) fields(gd).get(f[2]);
		final Button browse = sibling(field);
		click(browse);
		final JFileChooser chooser = waitForChooser();
		System.out.println("CHOOSER " + (chooser
			.getDialogType() == JFileChooser.SAVE_DIALOG ? "save" : "open") + " " +
			chooser.getDialogTitle());
		EventQueue.invokeLater(() -> {
			chooser.setSelectedFile(new File(f[3]));
			chooser.approveSelection();
		});
		final long end = System.currentTimeMillis() + WAIT_MS;
		while (chooser.isShowing() && System.currentTimeMillis() < end)
			Thread.sleep(100);
		Thread.sleep(500);
		System.out.println("AFTER " + f[2] + " " + field.getText());
		click(gd.getButtons()[1]);
		finish(runner, gd);
	}

	private static String recorded() {
		final Recorder r = Recorder.getInstance();
		return r == null ? "" : r.getText();
	}

	private static GenericDialog waitForDialog() throws InterruptedException {
		final GenericDialog gd = waitForDialog(WAIT_MS);
		if (gd == null) throw new IllegalStateException("no dialog appeared");
		return gd;
	}

	/** @return the dialog, or null when none appeared within {@code millis} */
	private static GenericDialog waitForDialog(final long millis)
		throws InterruptedException
	{
		final long end = System.currentTimeMillis() + millis;
		while (System.currentTimeMillis() < end) {
			for (final Window w : Window.getWindows())
				if (w instanceof GenericDialog && w.isShowing()) {
					Thread.sleep(300); // let it finish laying out
					return (GenericDialog) w;
				}
			reportErrors(null);
			Thread.sleep(100);
		}
		return null;
	}

	private static JFileChooser waitForChooser() throws InterruptedException {
		final long end = System.currentTimeMillis() + WAIT_MS;
		while (System.currentTimeMillis() < end) {
			for (final Window w : Window.getWindows())
				if (w instanceof Dialog && w.isShowing()) {
					final JFileChooser c = find(w, JFileChooser.class);
					if (c != null) return c;
				}
			Thread.sleep(100);
		}
		throw new IllegalStateException("no file chooser appeared");
	}

	private static <T> T find(final Component c, final Class<T> type) {
		if (type.isInstance(c)) return type.cast(c);
		if (c instanceof Container) for (final Component child : ((Container) c)
			.getComponents())
		{
			final T found = find(child, type);
			if (found != null) return found;
		}
		return null;
	}

	/** The Executer thread, named after the command. */
	private static Thread thread(final String command) {
		for (final Thread t : Thread.getAllStackTraces().keySet())
			if (t.getName().equals(command)) return t;
		return null;
	}

	/**
	 * Waits for the command to end, closing (and printing) error dialogs on the
	 * way; or, when it shows its dialog again, prints {@code REOPENED} and leaves
	 * that dialog to the next step.
	 */
	private static void finish(final Thread runner, final GenericDialog gd)
		throws Exception
	{
		final long end = System.currentTimeMillis() + WAIT_MS;
		while (System.currentTimeMillis() < end && (runner != null && runner
			.isAlive() || gd.isShowing()))
		{
			reportErrors(gd);
			if (!gd.isShowing() && otherDialog(gd) != null) {
				Thread.sleep(300); // let it finish laying out
				System.out.println("REOPENED");
				return;
			}
			Thread.sleep(100);
		}
		Thread.sleep(200);
		reportErrors(gd);
		if (runner != null && runner.isAlive()) System.out.println(
			"ERROR still running");
	}

	private static GenericDialog otherDialog(final GenericDialog gd) {
		for (final Window w : Window.getWindows())
			if (w != gd && w instanceof GenericDialog && w.isShowing())
				return (GenericDialog) w;
		return null;
	}

	/**
	 * Prints and closes error dialogs (and ImageJ's Macro Error dialog, a
	 * GenericDialog) and Exception windows (a TextWindow, where ImageJ shows an
	 * exception a command threw).
	 */
	private static void reportErrors(final GenericDialog gd) {
		for (final Window w : Window.getWindows()) {
			if (w == gd || !w.isShowing()) continue;
			if (w instanceof TextWindow && "Exception".equals(((TextWindow) w)
				.getTitle()))
			{
				System.out.println("ERROR Exception: " + ((TextWindow) w).getTextPanel()
					.getText().replaceAll("\\s+", " "));
				EventQueue.invokeLater(w::dispose);
				continue;
			}
			if (!(w instanceof Dialog) || w instanceof GenericDialog && !"Macro Error"
				.equals(((Dialog) w).getTitle())) continue;
			if (find(w, JFileChooser.class) != null) continue;
			System.out.println("ERROR " + ((Dialog) w).getTitle() + ": " + text(w)
				.trim());
			System.out.println("ERRORWIDTH " + w.getWidth());
			EventQueue.invokeLater(w::dispose);
		}
	}

	/**
	 * Input fields by macro key, from GenericDialog's own key table (filled when
	 * recording).
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Component> fields(final GenericDialog gd)
		throws Exception
	{
		final Hashtable<Object, String> labels =
			(Hashtable<Object, String>) privateField(gd, "labels");
		final Map<String, Component> fields = new TreeMap<>();
		for (final Map.Entry<Object, String> e : labels.entrySet())
			if (e.getKey() instanceof TextField || e.getKey() instanceof Checkbox || e
				.getKey() instanceof Choice) fields.put(e.getValue(), (Component) e
					.getKey());
		return fields;
	}

	private static void print(final String what,
		final Map<String, Component> fields)
	{
		for (final Map.Entry<String, Component> e : fields.entrySet()) {
			System.out.println(what + " " + e.getKey() + " " + value(e.getValue()));
			if (what.equals("FIELD")) {
				final Button b = sibling(e.getValue());
				if (b != null) System.out.println("SIBLING " + e.getKey() + " " + b
					.getLabel());
			}
		}
	}

	private static String value(final Component c) {
		if (c instanceof TextField) return ((TextField) c).getText();
		if (c instanceof Checkbox) return Boolean.toString(((Checkbox) c)
			.getState());
		return ((Choice) c).getSelectedItem();
	}

	private static void set(final Component c, final String value,
		final String what)
	{
		if (c == null) throw new IllegalArgumentException("no field for " + what);
		if (c instanceof TextField) ((TextField) c).setText(value);
		else if (c instanceof Checkbox) ((Checkbox) c).setState(Boolean
			.parseBoolean(value));
		else((Choice) c).select(value);
	}

	/** The button next to a field in the same panel (file fields), or null. */
	private static Button sibling(final Component field) {
		final Container parent = field.getParent();
		if (parent == null || parent instanceof Dialog) return null;
		for (final Component c : parent.getComponents())
			if (c instanceof Button) return (Button) c;
		return null;
	}

	private static void click(final Button b) {
		EventQueue.invokeLater(() -> {
			for (final ActionListener l : b.getActionListeners())
				l.actionPerformed(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, b
					.getLabel()));
		});
	}

	private static Object privateField(final Object o, final String name)
		throws Exception
	{
		final Field f = GenericDialog.class.getDeclaredField(name);
		f.setAccessible(true);
		return f.get(o);
	}

	private static String text(final Component c) {
		final StringBuilder sb = new StringBuilder();
		if (c instanceof Label) sb.append(((Label) c).getText()).append(' ');
		else if (c instanceof TextComponent) sb.append(((TextComponent) c)
			.getText()).append(' ');
		else if (c.getClass().getName().equals("ij.gui.MultiLineLabel")) {
			try {
				final Field f = c.getClass().getDeclaredField("lines");
				f.setAccessible(true);
				sb.append(String.join(" ", (String[]) f.get(c))).append(' ');
			}
			catch (final ReflectiveOperationException e) {
				// no text
			}
		}
		if (c instanceof Container) for (final Component child : ((Container) c)
			.getComponents())
			sb.append(text(child));
		return sb.toString().replaceAll("\\s+", " ");
	}

	static List<String> lines(final String stdout, final String prefix) {
		final List<String> found = new ArrayList<>();
		for (final String line : stdout.split("\\R"))
			if (line.startsWith(prefix + " ")) found.add(line.substring(prefix
				.length() + 1));
		return found;
	}
}
