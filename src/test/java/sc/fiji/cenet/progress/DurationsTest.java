
package sc.fiji.cenet.progress;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class DurationsTest {

	/** Train's epoch lines and the progress lines write times left alike. */
	@Test
	public void durationsAreShort() {
		assertEquals("0s", Durations.text(0));
		assertEquals("11s", Durations.text(11.2));
		assertEquals("1m", Durations.text(59.6));
		assertEquals("28m", Durations.text(28 * 60));
		assertEquals("1h 05m", Durations.text(65 * 60));
	}
}
