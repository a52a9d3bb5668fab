
package sc.fiji.cenet.model;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * CE-Net's parameters as TF variables named exactly as the state_dict entries,
 * for training.
 */
public final class VariableParameters implements ParameterSource {

	private final CENetArchitecture arch;
	private final VariableSet set;

	public VariableParameters(Ops tf, CENetArchitecture arch) {
		this.arch = arch;
		this.set = new VariableSet(tf);
		for (CENetArchitecture.Param p : arch.params())
			set.add(p.name, p.shape);
	}

	@Override
	public Operand<TFloat32> get(String name) {
		return set.get(name);
	}

	@Override
	public boolean has(String name) {
		return set.has(name);
	}

	public Variable<TFloat32> variable(String name) {
		return set.get(name);
	}

	public VariableSet set() {
		return set;
	}

	/**
	 * The variables that gradients update: everything but batch-norm running
	 * statistics.
	 */
	public List<String> trainableNames() {
		List<String> names = new ArrayList<>();
		for (CENetArchitecture.Param p : arch.params())
			if (!p.kind.isBatchNormStatistic()) names.add(p.name);
		return names;
	}

	/** Assigns the given weights (a subset is fine, e.g. the encoder only). */
	public void load(Session session, StateDict weights) {
		set.load(session, weights);
	}

	/** All weights in state_dict order. */
	public StateDict read(Session session) {
		return set.read(session, null);
	}
}
