
package sc.fiji.cenet.bench;

/**
 * The authors' PyTorch 1.13 {@code CE_Net_} on CPU, 2 threads, 1 x 3 x 448 x
 * 448, recorded once on another machine (2 vCPUs, AMD EPYC Zen 5). A ratio
 * against these stored numbers is not a measurement (other processor, other
 * load, other day); {@link SameRunBenchmark} runs PyTorch in the same run on
 * the same machine instead. {@link InferenceBenchmark} still prints
 * {@code ratio_vs_reference} against them.
 */
final class ReferenceFigures {

	private ReferenceFigures() {}

	/**
	 * Forward GFLOP with the DAC branches recomputed as the reference code does.
	 */
	static final double FORWARD_GFLOP = 43.8;
	/**
	 * The same with the repeated DAC branches computed once (as our graph does).
	 */
	static final double FORWARD_GFLOP_SHARED_DAC = 41.0;
	static final double INFERENCE_SECONDS = 0.26;
	static final double INFERENCE_PEAK_GIB = 0.58;

	/** Our inference target: at most this fraction of the reference time. */
	static final double INFERENCE_TIME_TARGET = 0.6;
}
