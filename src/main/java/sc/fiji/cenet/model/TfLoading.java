
package sc.fiji.cenet.model;

/**
 * What must happen before TF's native library loads, in one place for both ways
 * CE-Net loads it: {@link TfRuntime#loadNatives()} and the commands' TensorFlow
 * check, which loads TF by reflection (so that an old TF on the class path is a
 * message, not a LinkageError) and so must not touch a class that names TF's,
 * as TfRuntime does.
 */
public final class TfLoading {

	private TfLoading() {}

	/**
	 * Applies {@link OneDnnSwitch} (TF reads it as it loads) and checks
	 * {@code -Dcenet.releaseLibraryPages}, so that a wrong value of either is a
	 * message of its own, before TF loads.
	 *
	 * @throws IllegalArgumentException naming the property whose value is wrong
	 */
	public static void prepare() {
		OneDnnSwitch.apply();
		TfLibraryPages.checkProperty();
	}
}
