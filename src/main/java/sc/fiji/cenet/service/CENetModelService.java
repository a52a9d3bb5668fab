
package sc.fiji.cenet.service;

import java.io.File;
import java.io.IOException;

import org.scijava.service.SciJavaService;

import sc.fiji.cenet.predict.CENetModel;

/**
 * Owns the CE-Net models open in TensorFlow for as long as its SciJava context
 * lives: a macro or script predicting image after image reads the model file
 * and builds its session once (both take seconds, a prediction of a small image
 * far less). A model file that changed on disk is read again; models are closed
 * when replaced (once no caller uses them) and when the context is disposed.
 */
public interface CENetModelService extends SciJavaService {

	/**
	 * The model of a file, open in TensorFlow; close the lease when done (the
	 * model itself stays open for the next call).
	 *
	 * @param useGpu run on an NVIDIA GPU when one is usable
	 * @throws IOException when the file is not a readable model
	 */
	Lease open(File modelFile, boolean useGpu) throws IOException;

	/**
	 * Closes every open model once unused; the next {@link #open} reads the file
	 * again.
	 */
	void clear();

	/** One caller's use of an open model. */
	interface Lease extends AutoCloseable {

		CENetModel model();

		@Override
		void close();
	}
}
