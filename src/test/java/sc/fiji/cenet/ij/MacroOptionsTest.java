
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;

import org.junit.Test;

import ij.Macro;

public class MacroOptionsTest {

	@Test
	public void splitsKeysValuesBracketsQuotesAndFlags() {
		final MacroOptions o = MacroOptions.parse(
			"model_file=[/my models/a b.zip] epochs=20 augment name='it is' output=probabilities");
		assertEquals(Arrays.asList("model_file", "epochs", "augment", "name",
			"output"), Arrays.asList(o.asMap().keySet().toArray()));
		assertEquals("/my models/a b.zip", o.get("model_file"));
		assertEquals("20", o.get("epochs"));
		assertTrue(o.isFlag("augment"));
		assertNull(o.get("augment"));
		assertEquals("it is", o.get("name"));
		assertEquals("probabilities", o.get("output"));
		assertFalse(o.contains("batch_size"));
	}

	@Test
	public void nestedBracketsAndEmptyValues() {
		final MacroOptions o = MacroOptions.parse(
			"title=[a [b] c] empty=[] last=x=y");
		assertEquals("a [b] c", o.get("title"));
		assertEquals("", o.get("empty"));
		assertEquals("x=y", o.get("last"));
	}

	@Test
	public void nullOrBlankHasNoKeys() {
		assertFalse(MacroOptions.parse(null).keys().iterator().hasNext());
		assertFalse(MacroOptions.parse("   ").keys().iterator().hasNext());
	}

	/**
	 * Same values as ImageJ's own key-by-key lookup (which needs the trailing
	 * space getOptions adds).
	 */
	@Test
	public void agreesWithMacroGetValue() {
		final String options =
			"image_folder=[/data/my images] mask_folder=/data/masks epochs=5 " +
				"title=[a [b] c] quoted='x y' training_size=256";
		final MacroOptions o = MacroOptions.parse(options);
		for (final String key : o.keys())
			assertEquals(key, Macro.getValue(options + " ", key, null), o.get(key));
	}

	@Test
	public void quoteBracketsValuesWithSpaces() {
		assertEquals("[/my models/a.zip]", MacroOptions.quote("/my models/a.zip"));
		assertEquals("plain", MacroOptions.quote("plain"));
		assertEquals("[]", MacroOptions.quote(""));
		final String recorded = "model_file=" + MacroOptions.quote(
			"/my models/a.zip");
		assertEquals("/my models/a.zip", MacroOptions.parse(recorded).get(
			"model_file"));
	}

	@Test
	public void unclosedBracketIsReported() {
		expectMessage("model_file=[/a b epochs=3",
			"Unclosed [ in the value of 'model_file'");
	}

	@Test
	public void unclosedQuoteIsReported() {
		expectMessage("name='abc", "Unclosed ' in the value of 'name'");
	}

	@Test
	public void duplicateKeyIsReported() {
		expectMessage("epochs=3 epochs=4", "Key 'epochs' is given twice");
	}

	@Test
	public void missingKeyIsReported() {
		expectMessage("=3", "Missing key before '='");
	}

	private static void expectMessage(final String options,
		final String message)
	{
		try {
			MacroOptions.parse(options);
			fail("parsed: " + options);
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(message));
		}
	}
}
