
package sc.fiji.cenet.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.data.ChannelOrder;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.BatchNormFolding;
import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.CENetGraph;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TfRuntime;
import sc.fiji.cenet.model.VariableSet;

/**
 * Writes a CE-Net as a TensorFlow SavedModel (tag {@code serve}, signature
 * {@code serving_default}) for the BioImage Model Zoo.
 * <p>
 * The graph takes {@code (batch, channel, y, x)} float32 already normalised
 * (the rdf's preprocessing), in R, G, B order; it reverses the channels itself
 * when the model was trained on B, G, R, runs the network exactly as the
 * plugin's own inference ({@link CENetGraph} with folded batch norm), and gives
 * sigmoid or softmax probabilities as {@code (batch, channel, y, x)}.
 * <p>
 * For older TensorFlow runtimes (JDLL's newest TF 2 engine is 2.10.1) the
 * written graph is pruned to what the signature and the variable saver need,
 * every attribute that holds its op's default value is removed (and
 * {@code stripped_default_attrs} set, so loaders add the defaults back), and
 * every op and remaining attribute must be in {@link #KNOWN_OPS}, long-standing
 * ones that TensorFlow 2.10 has.
 */
public final class SavedModelExport {

	public static final String TAG = SavedModelBundle.DEFAULT_TAG;
	public static final String SIGNATURE_KEY = Signature.DEFAULT_KEY;
	public static final String METHOD_NAME = "tensorflow/serving/predict";

	/**
	 * The ops the exported graph may hold, each with the attributes it may keep
	 * once default values are stripped. All of them, ops and attributes, have
	 * been in TensorFlow since 1.x (so in 2.10); a graph with any other op or
	 * attribute is refused, so that a change of the network code or of TensorFlow
	 * cannot silently bring in something newer. Attributes added later (e.g.
	 * MatMul's grad_a) are fine while they hold their default, which is stripped.
	 */
	public static final Map<String, Set<String>> KNOWN_OPS = knownOps(
		// network
		"Placeholder: dtype shape", "Const: dtype value", "Identity: T",
		"Transpose: T Tperm", "ReverseV2: T Tidx",
		"VariableV2: dtype shape container shared_name",
		"Conv2D: T strides padding use_cudnn_on_gpu explicit_paddings data_format dilations",
		"Conv2DBackpropInput: T strides padding use_cudnn_on_gpu explicit_paddings data_format dilations",
		"BiasAdd: T data_format", "Relu: T",
		"MaxPool: T ksize strides padding data_format", "Pad: T Tpaddings",
		"PadV2: T Tpaddings", "ZerosLike: T", "Add: T", "AddV2: T", "AddN: N T",
		"Mul: T", "Sub: T", "FloorMod: T", "MatMul: T transpose_a transpose_b",
		"Reshape: T Tshape", "Shape: T out_type", "Slice: T Index",
		"ConcatV2: N T Tidx", "Pack: N T axis",
		"ExtractImagePatches: T ksizes strides rates padding",
		"ResizeBilinear: T align_corners half_pixel_centers", "Sigmoid: T",
		"Softmax: T", "SpaceToBatchND: T Tblock_shape Tpaddings",
		"BatchToSpaceND: T Tblock_shape Tcrops",
		// variable saver
		"Assign: T validate_shape use_locking", "SaveV2: dtypes",
		"RestoreV2: dtypes", "NoOp:", "StringJoin: N separator", "ShardedFilename:",
		"MergeV2Checkpoints: delete_old_dirs");

	private static Map<String, Set<String>> knownOps(String... specs) {
		Map<String, Set<String>> ops = new java.util.TreeMap<>();
		for (String spec : specs) {
			String[] parts = spec.split(":", 2);
			Set<String> attrs = new TreeSet<>();
			for (String a : parts[1].trim().split("\\s+"))
				if (!a.isEmpty()) attrs.add(a);
			ops.put(parts[0].trim(), Collections.unmodifiableSet(attrs));
		}
		return Collections.unmodifiableMap(ops);
	}

	private SavedModelExport() {}

	/**
	 * What {@link #write} produced: the ops of the graph and how many attributes
	 * were stripped.
	 */
	public static final class Written {

		private final Set<String> ops;
		private final int strippedAttributes;
		private final int prunedNodes;

		Written(Set<String> ops, int strippedAttributes, int prunedNodes) {
			this.ops = Collections.unmodifiableSet(new TreeSet<>(ops));
			this.strippedAttributes = strippedAttributes;
			this.prunedNodes = prunedNodes;
		}

		/** The op types of the written graph, sorted. */
		public Set<String> ops() {
			return ops;
		}

		public int strippedAttributes() {
			return strippedAttributes;
		}

		public int prunedNodes() {
			return prunedNodes;
		}
	}

	/**
	 * Writes the SavedModel into {@code dir} (created; must not hold one yet).
	 *
	 * @param inputId signature input key = rdf input tensor id
	 * @param outputId signature output key = rdf output tensor id
	 */
	public static Written write(TrainedModel model, String inputId,
		String outputId, Path dir) throws IOException
	{
		if (!model.hasWeights()) throw new IllegalArgumentException(
			"cannot export a model description without " +
				"weights (an open model keeps them in TensorFlow only): read the model file");
		CENetConfig config = model.config();
		ChannelOrder order = channelOrder(model);
		StateDict folded = BatchNormFolding.fold(model.weights(),
			new CENetArchitecture(config));
		Files.createDirectories(dir);
		try (Graph graph = TfRuntime.newGraph()) {
			Ops tf = Ops.create(graph);
			Placeholder<TFloat32> input = tf.withName(inputId).placeholder(
				TFloat32.class, Placeholder.shape(Shape.of(-1, config.inputChannels(),
					-1, -1)));
			Operand<TFloat32> nhwc = tf.withName("to_nhwc").linalg.transpose(input, tf
				.constant(new int[] { 0, 2, 3, 1 }));
			if (order == ChannelOrder.BGR && config.inputChannels() == 3) nhwc = tf
				.withName("rgb_to_bgr").reverse(nhwc, tf.constant(new int[] { 3 }));
			VariableSet vars = new VariableSet(tf);
			for (String name : folded.names())
				vars.add(name, folded.get(name).shape());
			CENetGraph net = new CENetGraph(tf, config, vars.asParameters(),
				CENetGraph.Mode.FOLDED_INFERENCE);
			Operand<TFloat32> probabilities = net.probabilities(net.logits(nhwc));
			Operand<TFloat32> output = tf.withName(outputId).linalg.transpose(
				probabilities, tf.constant(new int[] { 0, 3, 1, 2 }));
			try (Session session = new Session(graph)) {
				vars.load(session, folded);
				Signature signature = Signature.builder().key(SIGNATURE_KEY).methodName(
					METHOD_NAME).input(inputId, input).output(outputId, output).build();
				SavedModelBundle.exporter(dir.toString()).withTags(TAG).withFunction(
					SessionFunction.create(signature, session)).export();
			}
		}
		return compact(dir.resolve("saved_model.pb"));
	}

	/**
	 * The model's channel order; unknown values are refused rather than guessed.
	 */
	static ChannelOrder channelOrder(TrainedModel model) {
		return sc.fiji.cenet.predict.NetworkInput.channelOrderOf(model);
	}

	/**
	 * Prunes, strips default attributes and checks the ops of
	 * {@code saved_model.pb}, in place.
	 */
	static Written compact(Path pb) throws IOException {
		SavedModel saved;
		try (InputStream in = Files.newInputStream(pb)) {
			saved = SavedModel.parseFrom(in);
		}
		if (saved.getMetaGraphsCount() != 1) throw new IOException(
			"expected one meta graph in " + pb);
		MetaGraphDef meta = saved.getMetaGraphs(0);
		GraphDef graph = meta.getGraphDef();
		Set<String> keep = reachable(graph, roots(meta));
		Map<String, OpDef> opDefs = new HashMap<>();
		for (OpDef op : TensorFlow.registeredOpList().getOpList())
			opDefs.put(op.getName(), op);
		GraphDef.Builder pruned = graph.toBuilder().clearNode();
		Set<String> ops = new TreeSet<>(), unknown = new TreeSet<>();
		int stripped = 0;
		for (NodeDef node : graph.getNodeList()) {
			if (!keep.contains(node.getName())) continue;
			OpDef def = opDefs.get(node.getOp());
			if (def == null) throw new IOException("op " + node.getOp() +
				" of node " + node.getName() + " is not registered");
			NodeDef.Builder b = node.toBuilder();
			for (OpDef.AttrDef attr : def.getAttrList()) {
				AttrValue v = node.getAttrMap().get(attr.getName());
				if (v != null && attr.hasDefaultValue() && v.equals(attr
					.getDefaultValue()))
				{
					b.removeAttr(attr.getName());
					stripped++;
				}
			}
			ops.add(node.getOp());
			Set<String> allowed = KNOWN_OPS.get(node.getOp());
			if (allowed == null) unknown.add(node.getOp());
			else for (String attr : b.getAttrMap().keySet())
				if (!allowed.contains(attr)) unknown.add(node.getOp() + "." + attr);
			pruned.addNode(b);
		}
		if (!unknown.isEmpty()) throw new IllegalStateException(
			"the exported graph uses ops or attributes not " +
				"checked for older TensorFlow runtimes: " + unknown);
		MetaGraphDef.MetaInfoDef info = meta.getMetaInfoDef().toBuilder()
			.setStrippedDefaultAttrs(true).setTensorflowVersion(TensorFlow.version())
			.build();
		MetaGraphDef compacted = meta.toBuilder().setGraphDef(pruned)
			.setMetaInfoDef(info).build();
		try (OutputStream out = Files.newOutputStream(pb)) {
			saved.toBuilder().setMetaGraphs(0, compacted).build().writeTo(out);
		}
		return new Written(ops, stripped, graph.getNodeCount() - pruned
			.getNodeCount());
	}

	/** Nodes the signatures and the saver start from. */
	private static List<String> roots(MetaGraphDef meta) {
		Set<String> roots = new LinkedHashSet<>();
		for (SignatureDef s : meta.getSignatureDefMap().values()) {
			for (TensorInfo t : s.getInputsMap().values())
				roots.add(nodeName(t.getName()));
			for (TensorInfo t : s.getOutputsMap().values())
				roots.add(nodeName(t.getName()));
		}
		SaverDef saver = meta.getSaverDef();
		for (String name : new String[] { saver.getFilenameTensorName(), saver
			.getSaveTensorName(), saver.getRestoreOpName() })
			if (!name.isEmpty()) roots.add(nodeName(name));
		return new java.util.ArrayList<>(roots);
	}

	private static Set<String> reachable(GraphDef graph, List<String> roots) {
		Map<String, NodeDef> byName = new HashMap<>();
		for (NodeDef n : graph.getNodeList())
			byName.put(n.getName(), n);
		Set<String> seen = new LinkedHashSet<>();
		Deque<String> todo = new ArrayDeque<>(roots);
		while (!todo.isEmpty()) {
			String name = todo.pop();
			if (!seen.add(name)) continue;
			NodeDef n = byName.get(name);
			if (n == null) throw new IllegalStateException("the graph has no node " +
				name);
			for (String in : n.getInputList())
				todo.push(nodeName(in));
		}
		return seen;
	}

	/** "^a/b:1" to "a/b". */
	static String nodeName(String tensorOrControl) {
		String s = tensorOrControl.startsWith("^") ? tensorOrControl.substring(1)
			: tensorOrControl;
		int colon = s.indexOf(':');
		return colon < 0 ? s : s.substring(0, colon);
	}
}
