
package sc.fiji.cenet.model;

import java.util.function.BooleanSupplier;

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
}
