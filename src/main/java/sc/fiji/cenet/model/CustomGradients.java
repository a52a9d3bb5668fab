
package sc.fiji.cenet.model;

import java.util.function.BooleanSupplier;

import org.tensorflow.OperationAttributeInspector;

/**
 * Where gradients of CE-Net's own making are registered with TF Java: only on
 * Linux, and never at the cost of the process.
 */
final class CustomGradients {

	private CustomGradients() {}

	/**
	 * Runs a registration ({@code TensorFlow.registerCustomGradient}); false
	 * where TF Java cannot register gradients (it took the JVM down on Windows,
	 * tensorflow/java#486; untried on macOS), where the registration failed, or
	 * where the op type already had a gradient.
	 */
	static boolean register(BooleanSupplier registration) {
		if (!Platform.linux()) return false;
		try {
			return registration.getAsBoolean();
		}
		catch (RuntimeException | LinkageError e) {
			return false;
		}
	}

	/**
	 * Whether an op carries a boolean mark (an attribute TF leaves to its users,
	 * its name beginning with an underscore) that is true: the ops CE-Net built
	 * for its gradient, not others of their type.
	 */
	static boolean marked(OperationAttributeInspector op, String mark) {
		try {
			return op.getAttrBool(mark);
		}
		catch (RuntimeException e) {
			return false; // another op of the type: no such attribute
		}
	}

	/** An op's integer-list mark, null where it has none. */
	static long[] markedLongs(OperationAttributeInspector op, String mark) {
		try {
			return op.getAttrIntList(mark);
		}
		catch (RuntimeException e) {
			return null; // not marked
		}
	}
}
