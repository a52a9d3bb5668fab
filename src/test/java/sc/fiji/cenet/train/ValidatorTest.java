
package sc.fiji.cenet.train;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** What the validator takes on, checked before any training. */
public class ValidatorTest {

	/**
	 * More validation pixels than one array holds are refused naming the keys
	 * that choose them (the count overflowed an int, failing at the first
	 * validation).
	 */
	@Test
	public void tooManyValidationPixelsAreRefusedNamingTheKeys() {
		Validator.requireScorable(Validator.MAX_PIXELS);
		try {
			Validator.requireScorable(3L * 30_000 * 30_000);
			fail("accepted 2.7 billion pixels");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(
				"the validation images hold 2700000000 pixels"));
			assertTrue(e.getMessage(), e.getMessage().contains(
				"validation_fraction or validation_image_folder"));
		}
	}
}
