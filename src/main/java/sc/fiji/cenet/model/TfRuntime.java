
package sc.fiji.cenet.model;

import org.tensorflow.Graph;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Session settings shared by every CE-Net session in the process.
 * <p>
 * TF creates its CPU thread pools with the first Session and reuses them for
 * all later ones, so the thread count is fixed once per process: set it before
 * the first session (system property {@code cenet.threads}, default all cores).
 */
public final class TfRuntime {

	private TfRuntime() {}

	/**
	 * Loads TF's native library, after {@link TfLoading#prepare()} (what TF reads
	 * as it loads). CE-Net's paths into TF come here (or through
	 * {@link #newGraph()}) first; the commands' TensorFlow check prepares the
	 * same way before it loads TF by reflection. Then gives back the library
	 * pages that only TF's loading touched ({@link TfLibraryPages}) and registers
	 * the Conv3D and ReluGrad gradients ({@link ConvAsConv3d},
	 * {@link OutputGradientRelu}).
	 */
	public static void loadNatives() {
		TfLoading.prepare();
		TensorFlow.version();
		TfLibraryPages.release();
		// before any graph builds gradients: TF's gradient table has no lock
		ConvAsConv3d.gradientRegistered();
		OutputGradientRelu.gradientRegistered();
	}

	/** A new graph, TF's natives loaded by {@link #loadNatives()}. */
	public static Graph newGraph() {
		loadNatives();
		return new Graph();
	}

	/**
	 * Intra-op threads: {@code -Dcenet.threads=N}, else every available core.
	 *
	 * @throws IllegalArgumentException naming the property when it is not a whole
	 *           number of at least 1
	 */
	public static int threads() {
		String p = System.getProperty("cenet.threads");
		if (p == null || p.trim().isEmpty()) return Runtime.getRuntime()
			.availableProcessors();
		int n;
		try {
			n = Integer.parseInt(p.trim());
		}
		catch (NumberFormatException e) {
			n = 0;
		}
		if (n < 1) throw new IllegalArgumentException(
			"-Dcenet.threads must be a whole number of threads, at least 1, not '" +
				p + "'");
		return n;
	}

	/**
	 * @param useGpu false hides every GPU from TF; true lets TF place ops on a
	 *          GPU when one is visible, with soft placement (CPU fallback) and
	 *          memory growth on
	 * @param logPlacement logs each op's device (what the GPU check reads)
	 */
	public static ConfigProto config(boolean useGpu, boolean logPlacement) {
		return config(useGpu, logPlacement, Precision.FP32);
	}

	/**
	 * The settings of an inference session: {@link #config} in the precision of
	 * {@link Precision#current()} (bf16: TF's oneDNN bfloat16 rewrite).
	 */
	public static ConfigProto inferenceConfig(boolean useGpu) {
		return config(useGpu, false, Precision.current());
	}

	static ConfigProto config(boolean useGpu, boolean logPlacement,
		Precision precision)
	{
		int n = threads();
		ConfigProto.Builder b = ConfigProto.newBuilder()
			.setIntraOpParallelismThreads(n)
			// Independent branches (DAC, RMP) may run side by side; more pools only
			// oversubscribe.
			.setInterOpParallelismThreads(Math.min(2, n)).setAllowSoftPlacement(true)
			.setLogDevicePlacement(logPlacement);
		if (useGpu) b.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
		else b.putDeviceCount("GPU", 0);
		if (precision == Precision.BF16) b.setGraphOptions(
			org.tensorflow.proto.GraphOptions.newBuilder().setRewriteOptions(
				org.tensorflow.proto.RewriterConfig.newBuilder()
					.setAutoMixedPrecisionOnednnBfloat16(
						org.tensorflow.proto.RewriterConfig.Toggle.ON)));
		return b.build();
	}
}
