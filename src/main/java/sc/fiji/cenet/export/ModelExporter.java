
package sc.fiji.cenet.export;

import java.io.IOException;
import java.nio.file.Path;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import sc.fiji.cenet.io.TrainedModel;

/**
 * A format that trained CE-Net models are exported to, as one file. The
 * BioImage Model Zoo's package ({@link BioImageIoExport}) is the one today;
 * another format implements this, writes its file with
 * {@link sc.fiji.cenet.io.AtomicFiles} (nothing replaced unasked, nothing
 * half-written) and builds its archive with {@link sc.fiji.cenet.io.ZipEntries}
 * and {@link sc.fiji.cenet.io.Sha256}.
 *
 * @param <D> what the user says about the model (name, authors, licence ...),
 *          checked against the format's own rules
 * @param <R> what was written, for the command's report
 */
public interface ModelExporter<D, R> {

	/**
	 * The format as users know it, with its version, e.g.
	 * {@code BioImage.IO 0.5.7}.
	 */
	String format();

	/**
	 * Writes {@code model} to {@code file}.
	 *
	 * @param testImage raw intensities, (X, Y) or (X, Y, C), for the test input
	 *          and output the format carries; null: a synthetic image
	 * @param overwrite whether an existing file may be replaced
	 * @throws java.nio.file.FileAlreadyExistsException when {@code file} exists
	 *           and overwrite is off
	 */
	R export(TrainedModel model, D description,
		RandomAccessibleInterval<? extends RealType<?>> testImage, Path file,
		boolean overwrite) throws IOException;
}
