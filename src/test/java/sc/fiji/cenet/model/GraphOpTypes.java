
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

/** The op types a graph holds: which form a test's graph was built in. */
public final class GraphOpTypes {

	private GraphOpTypes() {}

	/** Every op's type, in the graph's order. */
	public static List<String> of(Graph graph) {
		List<String> types = new ArrayList<>();
		for (Iterator<GraphOperation> it = graph.operations(); it.hasNext();)
			types.add(it.next().type());
		return types;
	}

	/** How many ops of a type the graph holds. */
	public static int count(Graph graph, String type) {
		return Collections.frequency(of(graph), type);
	}

	/**
	 * How many ops of a type the graph holds that wait for another op (a control
	 * input).
	 */
	public static int countWaiting(Graph graph, String type) {
		int n = 0;
		for (Iterator<GraphOperation> it = graph.operations(); it.hasNext();) {
			GraphOperation op = it.next();
			if (op.type().equals(type) && op.numControlInputs() > 0) n++;
		}
		return n;
	}
}
