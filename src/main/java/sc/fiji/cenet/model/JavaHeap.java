
package sc.fiji.cenet.model;

/**
 * The Java heap once a network is loaded. Building a TF graph and moving the
 * weights into TF leave garbage on the heap (graph-building objects, weight
 * arrays, a resumed run's checkpoint) that the collector would otherwise keep
 * resident as free heap for the whole run, next to TF's own memory.
 */
public final class JavaHeap {

	private JavaHeap() {}

	/**
	 * A full collection, after which G1 (the JVM's default collector) shrinks the
	 * heap to its free ratio and returns the rest to the system. Measured in
	 * fresh JVMs on an AMD EPYC (Zen 4), docs/benchmarks.md: the peak RSS of a
	 * training step at batch 1 fell from 1.35-1.39 to 1.27-1.30 GiB, that of
	 * inference from 0.62 to 0.55 GiB (batch 1) and from 0.82-0.84 to 0.73-0.74
	 * GiB (batch 4), at the same speed. Costs one full collection per network
	 * loaded (tens of milliseconds on a small heap); nothing under
	 * {@code -XX:+DisableExplicitGC}.
	 */
	public static void releaseLoadingGarbage() {
		System.gc();
	}
}
