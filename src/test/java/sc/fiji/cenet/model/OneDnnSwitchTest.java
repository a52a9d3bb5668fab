
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * {@link OneDnnSwitch}: its decision for each processor, property and
 * environment, and, in child JVMs, that TF really runs (or does not run) its
 * oneDNN kernels as decided.
 */
public class OneDnnSwitchTest {

	private static final List<String> ZEN2 = Arrays.asList("fpu", "avx", "avx2",
		"fma"), ZEN4 = Arrays.asList("avx2", "avx512f", "avx512_vnni",
			"avx512_bf16"), SKYLAKE = Arrays.asList("avx2", "avx512f");

	@Test
	public void autoTurnsOneDnnOnWhereItWasMeasuredAndLeavesTfsChoiceElsewhere() {
		OneDnnSwitch.Decision zen2 = OneDnnSwitch.decide(null, null,
			ProcessorFamily.AMD_AVX2, ZEN2, true);
		assertTrue(zen2.on);
		assertEquals("1", zen2.value);
		assertFalse("TF's own choice there", zen2.unset);
		OneDnnSwitch.Decision zen4 = OneDnnSwitch.decide("auto", null,
			ProcessorFamily.AMD, ZEN4, true);
		assertTrue("TF turns it on for AVX512_VNNI", zen4.on);
		assertNull("nothing to set", zen4.value);
		OneDnnSwitch.Decision skylake = OneDnnSwitch.decide(" ", null,
			ProcessorFamily.INTEL, SKYLAKE, true);
		assertFalse("unmeasured: TF's choice, off without VNNI", skylake.on);
		assertNull(skylake.value);
		assertEquals("TF's default for this processor", skylake.reason);
	}

	@Test
	public void theEnvironmentWinsOverAutoAndThePropertyOverTheEnvironment() {
		OneDnnSwitch.Decision env = OneDnnSwitch.decide(null, "0",
			ProcessorFamily.AMD_AVX2, ZEN2, true);
		assertFalse(env.on);
		assertNull("the user's variable is left as it is", env.value);
		assertEquals("TF_ENABLE_ONEDNN_OPTS=0 in the environment", env.reason);
		OneDnnSwitch.Decision unreadable = OneDnnSwitch.decide("auto", " 1",
			ProcessorFamily.AMD_AVX2, ZEN2, true);
		assertFalse("TF does not trim: unset, its default off", unreadable.on);
		assertNull("left as the user set it", unreadable.value);
		assertEquals(
			"TF_ENABLE_ONEDNN_OPTS= 1 in the environment, which TF reads as unset",
			unreadable.reason);
		OneDnnSwitch.Decision on = OneDnnSwitch.decide("TRUE", "0",
			ProcessorFamily.AMD, ZEN4, true);
		assertTrue(on.on);
		assertEquals("1", on.value);
		OneDnnSwitch.Decision off = OneDnnSwitch.decide("false", null,
			ProcessorFamily.AMD, ZEN4, true);
		assertFalse(off.on);
		assertEquals("0", off.value);
		assertTrue("what TF would do without it", off.unset);
		OneDnnSwitch.Decision windows = OneDnnSwitch.decide("true", null,
			ProcessorFamily.AMD_AVX2, ZEN2, false);
		assertFalse("TF's default off Linux", windows.on);
		assertNull(windows.value);
	}

	@Test
	public void aWrongValueNamesTheProperty() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> OneDnnSwitch.decide("yes", null, ProcessorFamily.AMD, ZEN4, true));
		assertEquals("-Dcenet.onednn must be true, false or auto, not 'yes'", e
			.getMessage());
	}

	/**
	 * The switch in earnest: a child JVM per setting runs a convolution through
	 * {@link TfRuntime#newGraph()} and reports whether the graph TF ran holds
	 * oneDNN ops. On any Linux processor, whatever TF's default there.
	 */
	@Test
	public void tfRunsOneDnnAsTheSwitchSays() throws Exception {
		assumeTrue("CE-Net chooses on x86-64 Linux only", OneDnnSwitch.x86Linux());
		assertEquals("on (-Dcenet.onednn=true) oneDNN ops: true", child("true",
			System.getProperty("java.class.path")));
		assertEquals("off (-Dcenet.onednn=false) oneDNN ops: false", child("false",
			System.getProperty("java.class.path")));
	}

	/** Without JNA nothing is set, TF's own choice stands, and says why. */
	@Test
	public void withoutJnaTfsChoiceStands() throws Exception {
		assumeTrue("CE-Net chooses on x86-64 Linux only", OneDnnSwitch.x86Linux());
		String withoutJna = ChildMain.classPathWithoutJna();
		boolean tfDefault = OneDnnSwitch.decide(null, null, ProcessorFamily.OTHER,
			CpuInfo.flags(), true).on;
		String line = child(Boolean.toString(!tfDefault), withoutJna);
		assertTrue(line, line.startsWith((tfDefault ? "on" : "off") +
			" (TF's choice stands: JNA is not available"));
		assertTrue(line, line.endsWith("oneDNN ops: " + tfDefault));
	}

	private static String child(String property, String classPath)
		throws Exception
	{
		List<String> results = ChildMain.results(classPath, Child.class, Arrays
			.asList("-D" + OneDnnSwitch.PROPERTY + "=" + property),
			OneDnnSwitch.VARIABLE);
		assertEquals(results.toString(), 1, results.size());
		return results.get(0);
	}

	/**
	 * Runs a 3x3 convolution in a graph from {@link TfRuntime#newGraph()} and
	 * prints the switch's decision and whether the partition graph TF ran holds
	 * ops of oneDNN's ({@code _Mkl*}).
	 */
	public static final class Child {

		public static void main(String[] args) {
			try (Graph g = TfRuntime.newGraph();
					Session s = new Session(g, TfRuntime.config(false, false)))
			{
				// decided by newGraph before TF loaded, else "TF was loaded before"
				OneDnnSwitch.Decision d = OneDnnSwitch.apply();
				Ops tf = Ops.create(g);
				Operand<TFloat32> x = tf.random.randomStandardNormal(tf.constant(
					new long[] { 1, 16, 16, 8 }), TFloat32.class);
				Operand<TFloat32> w = tf.random.randomStandardNormal(tf.constant(
					new long[] { 3, 3, 8, 8 }), TFloat32.class);
				Operand<TFloat32> y = tf.nn.relu(tf.nn.conv2d(x, w, Arrays.asList(1L,
					1L, 1L, 1L), "SAME"));
				try (Result r = s.runner().fetch(y).setOptions(RunOptions.newBuilder()
					.setOutputPartitionGraphs(true).build()).runAndFetchMetadata())
				{
					RunMetadata m = r.getMetadata().orElseThrow(
						IllegalStateException::new);
					boolean oneDnn = m.getPartitionGraphsList().stream().flatMap(gd -> gd
						.getNodeList().stream()).anyMatch(n -> n.getOp().startsWith(
							"_Mkl"));
					System.out.println("RESULT " + d + " oneDNN ops: " + oneDnn);
				}
			}
		}
	}
}
