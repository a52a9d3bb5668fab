
package sc.fiji.cenet.model;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetRegisteredKernelsForOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.google.protobuf.InvalidProtocolBufferException;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.KernelDef;
import org.tensorflow.proto.KernelList;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

/**
 * Which device runs CE-Net, for the log and for tests: the devices TF creates
 * for a session with {@link TfRuntime#config}, whether the loaded natives can
 * use a GPU at all, and the devices the nodes of a traced run executed on.
 * <p>
 * TF Java 1.1.0 has no public device listing, so this lists the devices of an
 * empty session through TF's C API (as {@code Session} itself uses it).
 */
public final class DevicePlacement {

	private DevicePlacement() {}

	/**
	 * The devices of a session with {@code TfRuntime.config(useGpu, false)}, as
	 * full TF names (e.g. {@code /job:localhost/replica:0/task:0/device:CPU:0}).
	 * With useGpu false TF hides every GPU. Creating the session initialises a
	 * visible GPU, as the model's session would.
	 */
	public static List<String> visibleDevices(boolean useGpu) {
		TfRuntime.loadNatives();
		List<String> names = new ArrayList<>();
		try (PointerScope scope = new PointerScope()) {
			TF_Status status = TF_Status.newStatus();
			TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
			BytePointer config = new BytePointer(TfRuntime.config(useGpu, false)
				.toByteArray());
			TF_SetConfig(options, config, config.capacity(), status);
			status.throwExceptionIfNotOK();
			TF_Graph graph = TF_Graph.newGraph();
			TF_Session session = TF_Session.newSession(graph, options, status);
			status.throwExceptionIfNotOK();
			TF_DeviceList devices = TF_SessionListDevices(session, status);
			status.throwExceptionIfNotOK();
			try {
				for (int i = 0, n = TF_DeviceListCount(devices); i < n; i++) {
					BytePointer name = TF_DeviceListName(devices, i, status);
					status.throwExceptionIfNotOK();
					names.add(name.getString());
				}
			}
			finally {
				TF_DeleteDeviceList(devices);
			}
		}
		return Collections.unmodifiableList(names);
	}

	/**
	 * Whether the loaded TF natives have GPU kernels, i.e. are a CUDA build (the
	 * {@code linux-x86_64-gpu} classifier); the default natives are CPU-only.
	 */
	public static boolean nativesSupportGpu() {
		TfRuntime.loadNatives();
		try (PointerScope scope = new PointerScope()) {
			TF_Status status = TF_Status.newStatus();
			TF_Buffer buffer = TF_GetRegisteredKernelsForOp("Conv2D", status);
			status.throwExceptionIfNotOK();
			try {
				for (KernelDef k : KernelList.parseFrom(buffer.copyData())
					.getKernelList())
					if (isGpu(k.getDeviceType())) return true;
				return false;
			}
			catch (InvalidProtocolBufferException e) {
				throw new IllegalStateException("TF returned an unreadable kernel list",
					e);
			}
			finally {
				TF_DeleteBuffer(buffer); // TF allocated it: no deallocator registered
			}
		}
	}

	/**
	 * One log line saying where CE-Net runs and why, e.g. "CE-Net runs on
	 * /device:GPU:0" or "CE-Net runs on CPU: use_gpu=true but TensorFlow sees no
	 * GPU (...); oneDNN on (...)".
	 */
	public static String describe(boolean useGpu) {
		if (!useGpu) return describe(false, Collections.emptyList());
		if (!nativesSupportGpu()) return onCpu(
			"CE-Net runs on CPU: use_gpu=true but the TensorFlow natives are CPU-only" +
				" (GPU needs the linux-x86_64-gpu natives, an NVIDIA driver for CUDA 12 and cuDNN 9)");
		return describe(true, visibleDevices(true));
	}

	/**
	 * A CPU line with whether TF runs its oneDNN kernels, and why
	 * ({@link OneDnnSwitch}): a CPU's speed depends on it.
	 */
	private static String onCpu(String line) {
		return line + "; oneDNN " + OneDnnSwitch.apply();
	}

	/**
	 * {@link #describe(boolean)} for natives with GPU support and the given
	 * visible devices.
	 */
	static String describe(boolean useGpu, List<String> devices) {
		if (!useGpu) return onCpu("CE-Net runs on CPU (use_gpu=false)");
		for (String d : devices)
			if (isGpu(d)) return "CE-Net runs on " + shortName(d);
		return onCpu("CE-Net runs on CPU: use_gpu=true but TensorFlow sees no GPU" +
			" (no NVIDIA GPU, or no driver for CUDA 12 / cuDNN 9 found)");
	}

	/**
	 * The devices the nodes of a traced run (RunOptions FULL_TRACE) executed on,
	 * short names.
	 */
	public static Set<String> executedDevices(StepStats stats) {
		Set<String> devices = new TreeSet<>();
		for (DeviceStepStats d : stats.getDevStatsList())
			if (d.getNodeStatsCount() > 0) devices.add(shortName(d.getDevice()));
		return devices;
	}

	/**
	 * Nodes of a traced run that executed anywhere but on a CPU, as "node on
	 * device".
	 */
	public static List<String> nodesOffCpu(StepStats stats) {
		List<String> off = new ArrayList<>();
		for (DeviceStepStats d : stats.getDevStatsList())
			if (!isCpu(d.getDevice())) for (NodeExecStats n : d.getNodeStatsList())
				off.add(n.getNodeName() + " on " + d.getDevice());
		return off;
	}

	/**
	 * "/job:localhost/replica:0/task:0/device:GPU:0/stream:all" to
	 * "/device:GPU:0".
	 */
	static String shortName(String device) {
		int at = device.indexOf("/device:");
		if (at < 0) return device;
		int end = device.indexOf('/', at + "/device:".length());
		return end < 0 ? device.substring(at) : device.substring(at, end);
	}

	static boolean isGpu(String device) {
		return device.toUpperCase().contains("GPU");
	}

	static boolean isCpu(String device) {
		return device.toUpperCase().contains("CPU");
	}
}
