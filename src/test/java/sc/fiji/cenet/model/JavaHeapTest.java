
package sc.fiji.cenet.model;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;
import static org.junit.Assume.assumeTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class JavaHeapTest {

	/**
	 * What the loaders rely on: with G1, the garbage of loading leaves the heap's
	 * committed memory (what the process keeps resident) once released.
	 */
	@Test
	public void releasingTheGarbageOfLoadingShrinksTheHeap() {
		assumeTrue("the default collector, G1", ManagementFactory
			.getGarbageCollectorMXBeans().stream().map(
				GarbageCollectorMXBean::getName).anyMatch(n -> n.startsWith("G1")));
		assumeFalse("explicit collections are off", ManagementFactory
			.getRuntimeMXBean().getInputArguments().contains(
				"-XX:+DisableExplicitGC"));
		List<float[]> loading = new ArrayList<>();
		// 512 MB: well above what the other tests in this JVM keep live, so that
		// G1's free ratio lets the heap shrink whatever they hold
		for (int i = 0; i < 128; i++)
			loading.add(new float[1 << 20]);
		long before = committedHeap();
		loading = null;
		JavaHeap.releaseLoadingGarbage();
		long after = committedHeap();
		assertTrue("committed heap " + (before >> 20) + " MB before, " +
			(after >> 20) + " MB after", after < before);
	}

	private static long committedHeap() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
			.getCommitted();
	}
}
