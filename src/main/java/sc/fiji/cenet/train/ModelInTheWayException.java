
package sc.fiji.cenet.train;

/**
 * A training refused before any training step: the model file or checkpoint
 * already there may not be replaced or continued under the run's
 * {@link ExistingModel} choice. Its message names the file and the choice to
 * make; the commands report it as wrong input, not as a failed run.
 */
public class ModelInTheWayException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public ModelInTheWayException(String message) {
		super(message);
	}
}
