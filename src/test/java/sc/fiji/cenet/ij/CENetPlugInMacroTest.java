
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The bridge in a real ImageJ 1.x, driven by macros: the test command is
 * installed from a jar in plugins/ through plugins.config, as the real commands
 * will be.
 */
public class CENetPlugInMacroTest {

	private static final int TIMEOUT_SECONDS = 120;

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static MacroHarness harness;

	@BeforeClass
	public static void installPlugin() throws Exception {
		MacroHarness.assumeXvfb();
		harness = MacroHarness.create(TMP.getRoot().toPath(),
			"Plugins>CE-Net Tests, \"CE-Net Test...\", sc.fiji.cenet.ij.CENetPlugIn(\"" +
				MacroTestCommand.class.getName() + "\")\n");
	}

	@Test
	public void macroRunsTheCommandAndReadsItsResults() throws Exception {
		final MacroHarness.Result r = harness.run(MacroHarness.macro(
			"run-test-command.ijm"), TIMEOUT_SECONDS);
		assertTrue(r.toString(), r.succeeded());
		final Matcher m = Pattern.compile(
			"value=(\\S+) expected=(\\S+) current=\\[(.*)\\] images=(\\d+)").matcher(r
				.sentinel());
		assertTrue(r.sentinel(), m.matches());
		final double value = Double.parseDouble(m.group(1));
		assertTrue(r.toString(), value > 100);
		assertEquals(Double.parseDouble(m.group(2)), value, 1e-4);
		// the Img output was converted and shown, so it became the macro's current
		// image
		assertEquals("scaled", m.group(3));
		assertEquals("2", m.group(4));
	}

	@Test
	public void outputsReachTheMacroAndTheLogWindow() throws Exception {
		final MacroHarness.Result r = harness.run(MacroHarness.macro(
			"outputs-and-log.ijm"), TIMEOUT_SECONDS);
		assertTrue(r.toString(), r.succeeded());
		final Matcher m = Pattern.compile("result=(\\S+) missing=\\[\\]").matcher(r
			.sentinel());
		assertTrue(r.sentinel(), m.matches());
		assertTrue(r.toString(), Double.parseDouble(m.group(1)) > 100);
		assertTrue(r.toString(), r.stdout.contains("CE-Net Test: result=" + m.group(
			1) + "\n"));
	}

	@Test
	public void failingCommandStopsTheMacroWithOneLine() throws Exception {
		final MacroHarness.Result r = harness.run(MacroHarness.macro(
			"failing-command.ijm"), TIMEOUT_SECONDS);
		assertFalse(r.toString(), r.succeeded());
		assertFalse(r.toString(), r.timedOut);
		assertTrue(r.toString(), r.millis < 60_000);
		assertTrue(r.toString(), r.stdout.contains(
			"CE-Net: CE-Net Test failed: requested failure for image 'my input'"));
		assertFalse("no stack trace expected:\n" + r, (r.stdout + r.stderr)
			.contains("\tat "));
	}

	@Test
	public void badKeyStopsTheMacroNamingTheValidKeys() throws Exception {
		final MacroHarness.Result r = harness.run(MacroHarness.macro("bad-key.ijm"),
			TIMEOUT_SECONDS);
		assertFalse(r.toString(), r.succeeded());
		assertTrue(r.toString(), r.stdout.contains(
			"CE-Net: Unknown key 'numbr' for CE-Net Test; valid keys: number, image, fail"));
	}

	@Test
	public void macroErrorFailsFastInsteadOfWaitingForTheDialog()
		throws Exception
	{
		final MacroHarness.Result r = harness.run(MacroHarness.macro(
			"macro-error.ijm"), TIMEOUT_SECONDS);
		assertFalse(r.toString(), r.succeeded());
		assertFalse(r.toString(), r.timedOut);
		assertEquals(r.toString(), MacroWatchdog.DIALOG_EXIT_CODE, r.exitCode);
		assertTrue(r.toString(), r.stderr.contains(MacroWatchdog.PREFIX +
			"Macro Error"));
	}

	@Test
	public void hangingMacroIsKilledAtTheTimeout() throws Exception {
		final MacroHarness.Result r = harness.run(MacroHarness.macro("hangs.ijm"),
			8);
		assertTrue(r.toString(), r.timedOut);
		assertFalse(r.succeeded());
		assertNotNull(r.toString());
		assertTrue(r.toString(), r.millis < 30_000);
	}
}
