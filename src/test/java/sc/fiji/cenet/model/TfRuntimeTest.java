
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.After;
import org.junit.Test;

/**
 * {@code -Dcenet.threads=N} (README "CPU and GPU") reaches every session's
 * configuration.
 */
public class TfRuntimeTest {

	private final String before = System.getProperty("cenet.threads");

	@After
	public void restoreProperty() {
		if (before == null) System.clearProperty("cenet.threads");
		else System.setProperty("cenet.threads", before);
	}

	@Test
	public void propertySetsTheIntraOpThreads() {
		System.setProperty("cenet.threads", "3");
		assertEquals(3, TfRuntime.config(false, false)
			.getIntraOpParallelismThreads());
		assertEquals(3, TfRuntime.config(true, false)
			.getIntraOpParallelismThreads());
		assertEquals(2, TfRuntime.config(false, false)
			.getInterOpParallelismThreads());
		System.setProperty("cenet.threads", " 1 ");
		assertEquals(1, TfRuntime.config(false, false)
			.getIntraOpParallelismThreads());
		assertEquals(1, TfRuntime.config(false, false)
			.getInterOpParallelismThreads());
	}

	@Test
	public void withoutThePropertyEveryCore() {
		System.clearProperty("cenet.threads");
		assertEquals(Runtime.getRuntime().availableProcessors(), TfRuntime.config(
			false, false).getIntraOpParallelismThreads());
		System.setProperty("cenet.threads", "");
		assertEquals(Runtime.getRuntime().availableProcessors(), TfRuntime
			.threads());
	}

	@Test
	public void aBadValueNamesTheProperty() {
		for (String bad : new String[] { "four", "2.5", "0", "-1" }) {
			System.setProperty("cenet.threads", bad);
			try {
				TfRuntime.config(false, false);
				fail(bad);
			}
			catch (IllegalArgumentException e) {
				assertEquals(
					"-Dcenet.threads must be a whole number of threads, at least 1, not '" +
						bad + "'", e.getMessage());
			}
		}
	}
}
