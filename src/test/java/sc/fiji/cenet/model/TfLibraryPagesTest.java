
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@link TfLibraryPages}: which mappings it advises, and, in child JVMs, that
 * the pages go and TF computes the same afterwards.
 */
public class TfLibraryPagesTest {

	private static final String TF_CC =
		"/root/.javacpp/cache/x.jar/org/tensorflow/internal/c_api/linux-x86_64/libtensorflow_cc.so.2";

	@Test
	public void onlyTfsReadOnlyMappingsWithoutPrivatePagesAreAdvised() {
		List<String> smaps = Arrays.asList( //
			"7f0000000000-7f0000400000 r--p 00000000 08:01 42 " + TF_CC, //
			"Size:               4096 kB", "Rss:                 800 kB",
			"Anonymous:             0 kB", "Swap:                  0 kB",
			"VmFlags: rd mr mw me", //
			"7f0000400000-7f0001000000 r-xp 00400000 08:01 42 " + TF_CC, //
			"Size:              12288 kB", "Rss:                2000 kB",
			"Anonymous:             0 kB", "Swap:                  0 kB", //
			// the relocated part: private copies, must not be advised
			"7f0001000000-7f0001100000 r--p 01000000 08:01 42 " + TF_CC, //
			"Rss:                 512 kB", "Anonymous:           512 kB",
			"Swap:                  0 kB", //
			"7f0001100000-7f0001200000 rw-p 01100000 08:01 42 " + TF_CC, //
			"Rss:                 100 kB", "Anonymous:             0 kB", //
			// nothing resident: nothing to advise
			"7f0002000000-7f0002100000 r-xp 00000000 08:01 43 " +
				"/x/libtensorflow_framework.so.2", //
			"Rss:                   0 kB", "Anonymous:             0 kB", //
			"7f0003000000-7f0003100000 r-xp 00000000 08:01 44 /usr/lib/jvm/libjvm.so", //
			"Rss:                 300 kB", "Anonymous:             0 kB", //
			"7f0004000000-7f0004100000 rw-p 00000000 00:00 0 ", //
			"THPeligible:    0", "ProtectionKey:         0", //
			"7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                  [vdso]", //
			"Rss:                   8 kB", "Anonymous:             0 kB",
			"Swap:                  0 kB", //
			"7f0004200000-7f0004300000 r--p 00000000 00:00 0    [anon:x y]", //
			"Rss:                   8 kB", "Anonymous:             0 kB",
			"Swap:                  0 kB", "VmFlags: rd mr mw me ac sd", //
			"Rss:                 300 kB", "Anonymous:           300 kB", //
			"7f0005000000-7f0005100000 r--p 00000000 08:01 43                   " +
				"/home/J Smith/.javacpp/libtensorflow_framework.so.2 (deleted)", //
			"Rss:                  64 kB", "Anonymous:             0 kB",
			"Swap:                  0 kB", //
			// private copies in swap, none in memory: must not be advised
			"7f0006000000-7f0006100000 r--p 00000000 08:01 42 " + TF_CC, //
			"Rss:                  64 kB", "Anonymous:             0 kB",
			"Swap:                 16 kB", //
			// no Anonymous line: not known to be the file's
			"7f0007000000-7f0007100000 r--p 00000000 08:01 42 " + TF_CC, //
			"Rss:                  64 kB", "Swap:                  0 kB");
		List<TfLibraryPages.Mapping> m = TfLibraryPages.advisable(smaps);
		assertEquals(3, m.size());
		assertEquals(0x7f0000000000L, m.get(0).start);
		assertEquals(0x7f0000400000L, m.get(0).end);
		assertEquals(800 * 1024, m.get(0).residentBytes);
		assertEquals(0x7f0000400000L, m.get(1).start);
		assertEquals(2000 * 1024, m.get(1).residentBytes);
		assertEquals(0x7f0005000000L, m.get(2).start);
		assertEquals(64 * 1024, m.get(2).residentBytes);
	}

	@Test
	public void thePropertyIsTrueOrFalse() {
		assertTrue(TfLibraryPages.enabled(null));
		assertTrue(TfLibraryPages.enabled(" TRUE"));
		assertFalse(TfLibraryPages.enabled("false"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> TfLibraryPages.enabled("keep"));
		assertEquals(
			"-Dcenet.releaseLibraryPages must be true or false, not 'keep'", e
				.getMessage());
	}

	/**
	 * In earnest: a child JVM loads TF as CE-Net does, with and without the
	 * release; with it, TF's library holds far fewer resident pages, and a
	 * convolution run afterwards gives what it gives without.
	 */
	@Test
	public void theLoadingPagesGoAndTfComputesTheSame() throws Exception {
		assumeTrue("released on Linux x86-64 and AArch64 only", TfLibraryPages
			.supported());
		String cp = System.getProperty("java.class.path");
		Map<String, String> kept = child("false", cp), released = child("true", cp);
		assertEquals("kept (-D" + TfLibraryPages.PROPERTY + "=false)", kept.get(
			"outcome"));
		assertTrue(released.get("outcome"), released.get("outcome").startsWith(
			"released "));
		long keptBytes = Long.parseLong(kept.get("tf_rss_after_load"));
		long releasedBytes = Long.parseLong(released.get("tf_rss_after_load"));
		// about 0.2 GiB resident after TF 2.18's load, 0.01 after the release
		assertTrue(keptBytes + " kept against " + releasedBytes,
			releasedBytes < keptBytes / 2);
		assertTrue(released.get("released"), Long.parseLong(released.get(
			"released")) > keptBytes / 2);
		assertEquals("the same convolution, bit for bit", kept.get("conv_sum"),
			released.get("conv_sum"));
	}

	/** Without JNA the pages stay, TF runs, and the outcome says why. */
	@Test
	public void withoutJnaThePagesStay() throws Exception {
		assumeTrue("released on Linux x86-64 and AArch64 only", TfLibraryPages
			.supported());
		Map<String, String> r = child("true", ChildMain.classPathWithoutJna());
		assertTrue(r.get("outcome"), r.get("outcome").startsWith(
			"kept (JNA is not available"));
		assertEquals("0", r.get("released"));
	}

	private static Map<String, String> child(String property, String classPath)
		throws Exception
	{
		Map<String, String> values = new HashMap<>();
		for (String line : ChildMain.results(classPath, Child.class, Arrays.asList(
			"-D" + TfLibraryPages.PROPERTY + "=" + property)))
		{
			int eq = line.indexOf('=');
			values.put(line.substring(0, eq), line.substring(eq + 1));
		}
		assertTrue(values.toString(), values.containsKey("conv_sum"));
		return values;
	}

	/**
	 * Loads TF through {@link TfRuntime#loadNatives()}, prints what the release
	 * did and the resident bytes of TF's libraries, then the sum of a 3x3
	 * convolution of seeded values.
	 */
	public static final class Child {

		public static void main(String[] args) throws Exception {
			TfRuntime.loadNatives();
			TfLibraryPages.Outcome o = TfLibraryPages.outcome();
			System.out.println("RESULT outcome=" + o);
			System.out.println("RESULT released=" + o.releasedBytes);
			System.out.println("RESULT tf_rss_after_load=" + tfResidentBytes());
			Random r = new Random(7);
			float[] x = new float[16 * 16 * 8], w = new float[3 * 3 * 8 * 8];
			for (int i = 0; i < x.length; i++)
				x[i] = (float) r.nextGaussian();
			for (int i = 0; i < w.length; i++)
				w[i] = (float) r.nextGaussian();
			try (Graph g = TfRuntime.newGraph();
					Session s = new Session(g, TfRuntime.config(false, false));
					TFloat32 xt = TFloat32.tensorOf(Shape.of(1, 16, 16, 8), DataBuffers
						.of(x));
					TFloat32 wt = TFloat32.tensorOf(Shape.of(3, 3, 8, 8), DataBuffers.of(
						w)))
			{
				Ops tf = Ops.create(g);
				Operand<TFloat32> y = tf.nn.relu(tf.nn.conv2d(tf.constant(xt), tf
					.constant(wt), Arrays.asList(1L, 1L, 1L, 1L), "SAME"));
				try (Result res = s.runner().fetch(tf.reduceSum(y, tf.constant(
					new int[] { 0, 1, 2, 3 }))).run())
				{
					System.out.println("RESULT conv_sum=" + Float.floatToIntBits(
						((TFloat32) res.get(0)).getFloat()));
				}
			}
		}

		private static long tfResidentBytes() throws Exception {
			long kb = 0;
			boolean tf = false;
			for (String line : Files.readAllLines(Paths.get("/proc/self/smaps"),
				java.nio.charset.StandardCharsets.ISO_8859_1))
			{
				if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) tf = line.contains(
					"/libtensorflow_");
				else if (tf && line.startsWith("Rss:")) kb += Long.parseLong(line
					.replaceAll("[^0-9]", ""));
			}
			return kb * 1024;
		}
	}
}
