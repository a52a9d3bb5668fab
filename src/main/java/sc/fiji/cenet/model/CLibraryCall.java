
package sc.fiji.cenet.model;

import java.util.function.Supplier;

/**
 * Calls into {@link CLibrary}, turning a missing or unusable JNA into one
 * checked exception. A class without JNA in its signatures: a missing JNA is a
 * LinkageError inside the call, where it is caught, not where this class loads.
 */
final class CLibraryCall {

	private CLibraryCall() {}

	/** JNA is missing or its native library cannot load. */
	static final class Unavailable extends Exception {

		private static final long serialVersionUID = 1L;

		Unavailable(Throwable cause) {
			super("JNA is not available (" + cause + ")", cause);
		}
	}

	/**
	 * @param call what to do with {@link CLibrary#INSTANCE}
	 * @throws Unavailable when JNA is missing or older than this code
	 *           (LinkageError) or an incompatible JNA native library is installed
	 *           (a plain Error from Native's initializer); a RuntimeException is
	 *           a bug of the call and passes
	 */
	static <T> T call(Supplier<T> call) throws Unavailable {
		try {
			return call.get();
		}
		catch (VirtualMachineError e) {
			throw e;
		}
		catch (Error e) {
			throw new Unavailable(e);
		}
	}
}
