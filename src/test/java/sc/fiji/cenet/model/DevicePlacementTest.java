
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TFloat32;

public class DevicePlacementTest {

	private static final String CPU =
		"/job:localhost/replica:0/task:0/device:CPU:0";
	private static final String GPU =
		"/job:localhost/replica:0/task:0/device:GPU:0";

	/**
	 * A conv + bias + ReLU graph in a CPU session: every traced node ran on the
	 * CPU.
	 */
	@Test
	public void cpuSessionRunsEveryNodeOnCpu() {
		try (Graph g = TfRuntime.newGraph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder
				.shape(Shape.of(1, 32, 32, 3)));
			Operand<TFloat32> w = tf.fill(tf.constant(new int[] { 3, 3, 3, 8 }), tf
				.constant(0.1f));
			Operand<TFloat32> y = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, w, Arrays
				.asList(1L, 1L, 1L, 1L), "SAME"), tf.fill(tf.constant(new int[] { 8 }),
					tf.constant(0.5f))));
			RunOptions trace = RunOptions.newBuilder().setTraceLevel(
				RunOptions.TraceLevel.FULL_TRACE).build();
			try (Session s = new Session(g, TfRuntime.config(false, false));
					TFloat32 in = TFloat32.tensorOf(Shape.of(1, 32, 32, 3),
						org.tensorflow.ndarray.buffer.DataBuffers.of(new float[32 * 32 *
							3])); // zeros: tensorOf(shape) alone is uninitialised
					Result r = s.runner().feed(x, in).fetch(y).setOptions(trace)
						.runAndFetchMetadata())
			{
				RunMetadata meta = r.getMetadata().orElseThrow(AssertionError::new);
				StepStats stats = meta.getStepStats();
				assertTrue("the trace records the conv", stats.toString().contains(
					"Conv2D"));
				assertEquals(Collections.emptyList(), DevicePlacement.nodesOffCpu(
					stats));
				assertFalse(DevicePlacement.executedDevices(stats).isEmpty());
				for (String d : DevicePlacement.executedDevices(stats))
					assertTrue(d, d.contains("CPU"));
				assertEquals(0.5f, ((TFloat32) r.get(0)).getFloat(0, 0, 0, 0), 0f);
			}
		}
	}

	/**
	 * The check reads the device of each node, so a node on a GPU is reported.
	 */
	@Test
	public void detectsNodesOnGpuInStepStats() {
		StepStats stats = StepStats.newBuilder().addDevStats(device(CPU, "input",
			"Shape")).addDevStats(device(GPU, "encoder1.0.conv1")).addDevStats(device(
				GPU + "/stream:all", "encoder1.0.conv1")).build();
		assertEquals(Arrays.asList("encoder1.0.conv1 on " + GPU,
			"encoder1.0.conv1 on " + GPU + "/stream:all"), DevicePlacement
				.nodesOffCpu(stats));
		assertEquals(Arrays.asList("/device:CPU:0", "/device:GPU:0"), Arrays.asList(
			DevicePlacement.executedDevices(stats).toArray()));
	}

	@Test
	public void cpuSessionSeesOnlyCpus() {
		List<String> devices = DevicePlacement.visibleDevices(false);
		assertTrue(devices.toString(), devices.stream().anyMatch(d -> d.endsWith(
			"device:CPU:0")));
		assertTrue(devices.toString(), devices.stream().noneMatch(
			DevicePlacement::isGpu));
	}

	@Test
	public void describesWhereTheModelRuns() {
		String oneDnn = "; oneDNN " + OneDnnSwitch.apply();
		assertEquals("CE-Net runs on CPU (use_gpu=false)" + oneDnn, DevicePlacement
			.describe(false));
		assertEquals("CE-Net runs on /device:GPU:0", DevicePlacement.describe(true,
			Arrays.asList(CPU, GPU)));
		String noGpu = DevicePlacement.describe(true, Collections.singletonList(
			CPU));
		assertTrue(noGpu, noGpu.startsWith(
			"CE-Net runs on CPU: use_gpu=true but TensorFlow sees no GPU") && noGpu
				.endsWith(oneDnn));
	}

	/**
	 * The default build has the CPU-only natives, and says so when a GPU is asked
	 * for.
	 */
	@Test
	public void describesCpuOnlyNatives() {
		String line = DevicePlacement.describe(true);
		if (DevicePlacement.nativesSupportGpu()) assertTrue(line, line.equals(
			"CE-Net runs on /device:GPU:0") || line.contains("sees no GPU"));
		else assertTrue(line, line.startsWith(
			"CE-Net runs on CPU: use_gpu=true but the TensorFlow natives are CPU-only"));
	}

	private static DeviceStepStats device(String name, String... nodes) {
		DeviceStepStats.Builder d = DeviceStepStats.newBuilder().setDevice(name);
		for (String n : nodes)
			d.addNodeStats(NodeExecStats.newBuilder().setNodeName(n));
		return d.build();
	}
}
