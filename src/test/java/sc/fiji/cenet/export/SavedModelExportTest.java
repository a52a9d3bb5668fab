
package sc.fiji.cenet.export;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * The graph clean-up on hand-made SavedModels: pruning, default attributes, the
 * op check.
 */
public class SavedModelExportTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static NodeDef.Builder node(String name, String op,
		String... inputs)
	{
		NodeDef.Builder n = NodeDef.newBuilder().setName(name).setOp(op)
			.addAllInput(Arrays.asList(inputs));
		return n.putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT)
			.build());
	}

	private static NodeDef.Builder placeholder() {
		return NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr(
			"dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build());
	}

	private Path savedModel(NodeDef.Builder... nodes) throws IOException {
		GraphDef.Builder g = GraphDef.newBuilder();
		for (NodeDef.Builder n : nodes)
			g.addNode(n);
		SignatureDef sig = SignatureDef.newBuilder().putInputs("in", TensorInfo
			.newBuilder().setName("x:0").build()).putOutputs("out", TensorInfo
				.newBuilder().setName("y:0").build()).build();
		MetaGraphDef meta = MetaGraphDef.newBuilder().setGraphDef(g)
			.putSignatureDef("serving_default", sig).build();
		Path pb = tmp.newFile("saved_model.pb").toPath();
		Files.write(pb, SavedModel.newBuilder().addMetaGraphs(meta).build()
			.toByteArray());
		return pb;
	}

	@Test
	public void prunesUnusedNodesAndStripsDefaults() throws IOException {
		// MatMul's transpose_a = false is its default; "unused" feeds nothing the
		// signature needs
		NodeDef.Builder matMul = node("y", "MatMul", "x", "x").putAttr(
			"transpose_a", AttrValue.newBuilder().setB(false).build());
		Path pb = savedModel(placeholder(), matMul, node("unused", "Relu", "x"));
		SavedModelExport.Written w = SavedModelExport.compact(pb);
		assertEquals(new TreeSet<>(Arrays.asList("MatMul", "Placeholder")), w
			.ops());
		assertEquals(1, w.prunedNodes());
		assertTrue(w.strippedAttributes() >= 1);
		MetaGraphDef meta = SavedModel.parseFrom(Files.readAllBytes(pb))
			.getMetaGraphs(0);
		assertTrue(meta.getMetaInfoDef().getStrippedDefaultAttrs());
		NodeDef y = meta.getGraphDef().getNode(1);
		assertEquals("MatMul", y.getOp());
		assertEquals(new TreeSet<>(Arrays.asList("T")), new TreeSet<>(y.getAttrMap()
			.keySet()));
	}

	@Test
	public void refusesOpsAndAttributesNotChecked() throws IOException {
		Path pb = savedModel(placeholder().putAttr("new_attr", AttrValue
			.newBuilder().setI(3).build()), node("y", "Erf", "x"));
		try {
			SavedModelExport.compact(pb);
			fail("expected the check to refuse Erf and Placeholder.new_attr");
		}
		catch (IllegalStateException e) {
			assertTrue(e.getMessage(), e.getMessage().endsWith(
				"[Erf, Placeholder.new_attr]"));
		}
	}
}
