
package sc.fiji.cenet.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Where the graph builder gets a parameter by its state_dict name: baked-in
 * constants for inference, variables for training.
 */
public interface ParameterSource {

	/** The parameter in TF layout. */
	Operand<TFloat32> get(String name);

	boolean has(String name);
}
