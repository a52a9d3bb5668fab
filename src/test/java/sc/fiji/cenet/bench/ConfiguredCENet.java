
package sc.fiji.cenet.bench;

import java.util.Map;
import java.util.TreeMap;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.model.BatchNormFolding;
import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.CENetGraph;
import sc.fiji.cenet.model.ConstantParameters;
import sc.fiji.cenet.model.ParameterSource;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TfRuntime;

/**
 * The CE-Net inference graph as {@code CENetInference} builds it, but in a
 * session with any {@link ConfigProto}, so session options can be compared
 * without changing the product code, and with access to the graph for per-op
 * profiles.
 */
final class ConfiguredCENet implements AutoCloseable {

	private final CENetConfig config;
	private final Graph graph = TfRuntime.newGraph();
	private final Session session;
	private final Placeholder<TFloat32> input;
	private final Operand<TFloat32> probabilities;

	/**
	 * @param variables weights in variables fed after the session starts
	 *          ({@link VariableWeights}), else constants in the graph as in the
	 *          product
	 */
	ConfiguredCENet(CENetConfig config, StateDict weights, CENetGraph.Mode mode,
		boolean variables, ConfigProto session)
	{
		this.config = config;
		StateDict w = mode == CENetGraph.Mode.FOLDED_INFERENCE ? BatchNormFolding
			.fold(weights, new CENetArchitecture(config)) : weights;
		Session s = null;
		try {
			Ops tf = Ops.create(graph);
			input = tf.withName("input").placeholder(TFloat32.class, Placeholder
				.shape(Shape.of(-1, -1, -1, config.inputChannels())));
			VariableWeights vars = variables ? new VariableWeights(tf, w) : null;
			ParameterSource params = variables ? vars : new ConstantParameters(tf, w);
			CENetGraph net = new CENetGraph(tf, config, params, mode);
			probabilities = net.probabilities(net.logits(input));
			s = new Session(graph, session);
			if (variables) vars.load(s);
		}
		catch (RuntimeException e) {
			if (s != null) s.close();
			graph.close();
			throw e;
		}
		this.session = s;
	}

	/**
	 * One batch through the network; the tensors are created and copied as
	 * {@code CENetInference} does.
	 */
	float[] predict(float[] in, int n, int h, int w) {
		try (TFloat32 x = inputTensor(in, n, h, w)) {
			return predict(x);
		}
	}

	/**
	 * One batch from an already filled input tensor (what reusing the input
	 * buffer would save).
	 */
	float[] predict(TFloat32 x) {
		try (Result r = session.runner().feed(input, x).fetch(probabilities)
			.run())
		{
			return copyOut((TFloat32) r.get(0));
		}
	}

	TFloat32 inputTensor(float[] in, int n, int h, int w) {
		return TFloat32.tensorOf(Shape.of(n, h, w, config.inputChannels()),
			DataBuffers.of(in, true, false));
	}

	static float[] copyOut(TFloat32 y) {
		float[] out = new float[(int) y.size()];
		y.copyTo(DataBuffers.of(out, false, false));
		return out;
	}

	/**
	 * Runs one traced batch and adds each executed node's time (from scheduling
	 * to the end of its outputs, in microseconds) to its op type in
	 * {@code microsByOpType} and to its node name in {@code microsByNode}.
	 */
	void profile(TFloat32 x, Map<String, Long> microsByOpType,
		Map<String, Long> microsByNode)
	{
		RunOptions trace = RunOptions.newBuilder().setTraceLevel(
			RunOptions.TraceLevel.FULL_TRACE).build();
		try (Result r = session.runner().feed(input, x).fetch(probabilities)
			.setOptions(trace).runAndFetchMetadata())
		{
			RunMetadata meta = r.getMetadata().orElseThrow(
				() -> new IllegalStateException("TF returned no run metadata"));
			for (DeviceStepStats device : meta.getStepStats().getDevStatsList())
				for (NodeExecStats node : device.getNodeStatsList()) {
					microsByOpType.merge(opType(node), node.getAllEndRelMicros(),
						Long::sum);
					microsByNode.merge(layerOf(node.getNodeName()) + ":" + opType(node),
						node.getAllEndRelMicros(), Long::sum);
				}
		}
	}

	/**
	 * The op that ran, from the trace label {@code "name = OpType(inputs)"}:
	 * grappler fuses ops (e.g. Conv2D + BiasAdd + Relu into _FusedConv2D) under
	 * the name of one of our nodes, so looking the name up in our graph would
	 * name the wrong op.
	 */
	private String opType(NodeExecStats node) {
		String label = node.getTimelineLabel();
		int eq = label.indexOf(" = "), paren = label.indexOf('(', eq + 3);
		if (eq >= 0 && paren > eq) return label.substring(eq + 3, paren);
		GraphOperation op = graph.operation(node.getNodeName());
		return op != null ? op.type() : node.getNodeName();
	}

	/**
	 * The CE-Net layer a node belongs to: the nearest weight constant upstream
	 * (our constants carry state_dict names), found breadth-first, so a fused
	 * Relu names its conv, not the previous layer's.
	 */
	private String layerOf(String nodeName) {
		GraphOperation start = graph.operation(nodeName);
		if (start == null) return nodeName;
		java.util.ArrayDeque<GraphOperation> queue = new java.util.ArrayDeque<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		queue.add(start);
		while (!queue.isEmpty() && seen.size() < 64) {
			GraphOperation op = queue.poll();
			if (!seen.add(op.name())) continue;
			int w = op.name().lastIndexOf(".weight"); // a parameter used twice gets a
																								// suffix: .weight_1
			if (op.type().equals("Const") && w > 0 && op.name().matches(
				".*\\.weight(_[0-9]+)?")) return op.name().substring(0, w) + "/" +
					nodeName;
			for (int i = 0; i < op.numInputs(); i++)
				queue.add((GraphOperation) op.input(i).op());
		}
		return nodeName;
	}

	static Map<String, Long> newProfile() {
		return new TreeMap<>();
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
