
package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Locale;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.cenet.data.ImageFileReader;
import sc.fiji.cenet.data.LoadedImage;
import sc.fiji.cenet.export.BioImageIoExport;
import sc.fiji.cenet.export.ModelExporter;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.OutputCheck;
import sc.fiji.cenet.io.TrainedModel;

/**
 * Writes a CE-Net model file as a BioImage Model Zoo package (a zip with
 * rdf.yaml, a TensorFlow SavedModel, test tensors, a cover and documentation)
 * for deepImageJ, JDLL and bioimage.io; see {@link BioImageIoExport}.
 */
@Plugin(type = Command.class, name = "CE-Net Export BioImage.IO Model",
	label = "CE-Net Export BioImage.IO Model")
public class ExportBioImageIoCommand extends ContextCommand {

	static final String TITLE = "CE-Net Export BioImage.IO Model";

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(style = "open", persist = false,
		description = "The CE-Net model file (.cenet)")
	private File model_file;

	@Parameter(style = "save", persist = false,
		description = "The package to write (.zip)")
	private File output_file;

	@Parameter(persist = false,
		description = "Name of the model on bioimage.io (5 to 128 characters)")
	private String name;

	@Parameter(persist = false,
		description = "What the model segments, in what images")
	private String description;

	@Parameter(persist = false,
		description = "Comma-separated names of the authors")
	private String authors;

	@Parameter(persist = false,
		description = "SPDX licence id of the package, e.g. MIT, CC-BY-4.0")
	private String license = "MIT";

	@Parameter(required = false, persist = false,
		description = "Optional extra citation: text with a DOI (10.xxxx/...) or a URL")
	private String cite;

	@Parameter(style = "open", required = false, persist = false,
		description = "Optional test image (at least 192 x 192); empty = a synthetic image of the training size")
	private File test_image;

	@Parameter(persist = false,
		description = "Replace output_file when it exists")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "package_files")
	private String package_files;

	@Parameter(type = ItemIO.OUTPUT, label = "package_bytes")
	private long package_bytes;

	@Override
	public void run() {
		BioImageIoExport.Description d = null;
		String refused = null; // a value the model zoo refuses
		try {
			d = new BioImageIoExport.Description(name, description,
				BioImageIoExport.Description.authors(authors), license, cite,
				InputProblems.isSet(model_file) ? model_file.getName() : null);
		}
		catch (final IllegalArgumentException e) {
			refused = e.getMessage();
		}
		new InputProblems().existingFile(model_file, "model_file") //
			.writableFile(output_file, "output_file") //
			.require(!InputProblems.isSet(output_file) || output_file.getName()
				.toLowerCase(Locale.ROOT).endsWith(".zip"),
				"output_file must end with .zip: " + output_file) //
			.optionalFile(test_image, "test_image") //
			.outputs(new OutputCheck().reads("model_file", model_file).reads(
				"test_image", test_image).writes("output_file", output_file, overwrite,
					"tick overwrite")) //
			.require(refused) //
			.throwIfAny();
		final CommandProgress progress = new CommandProgress(status, log, this,
			TITLE + ": ");
		try {
			TensorFlowVersionCheck.require(progress);
		}
		finally {
			progress.done(); // clears the status bar; the last log line comes at the
												// end
		}

		final TrainedModel model;
		try {
			model = ModelFile.load(model_file.toPath());
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("cannot read model_file: " + e
				.getMessage(), e);
		}
		RandomAccessibleInterval<FloatType> image = null;
		if (InputProblems.isSet(test_image)) {
			try {
				final LoadedImage loaded = ImageFileReader.read(test_image);
				image = loaded.image();
				// e.g. a 16-bit image with values above 255 for a model trained on
				// 8-bit images
				BioImageIoExport.normalization(model).requireSuited(image, loaded
					.bitDepth());
			}
			catch (final IOException e) {
				throw new IllegalArgumentException("cannot read test_image: " + e
					.getMessage(), e);
			}
		}
		final ModelExporter<BioImageIoExport.Description, BioImageIoExport.Result> exporter =
			new BioImageIoExport();
		final BioImageIoExport.Result result;
		try {
			result = exporter.export(model, d, image, output_file.toPath(),
				overwrite);
		}
		catch (final FileAlreadyExistsException e) {
			throw new IllegalArgumentException("output_file already exists: " +
				output_file + "; tick overwrite to replace it", e);
		}
		catch (final IOException e) {
			throw new IllegalStateException("cannot write output_file (" + exporter
				.format() + "): " + e.getMessage(), e);
		}
		final StringBuilder files = new StringBuilder();
		for (final Map.Entry<String, Long> e : result.entries().entrySet())
			files.append(files.length() == 0 ? "" : ", ").append(e.getKey());
		package_files = files.toString();
		package_bytes = result.zipSize();
		progress.log("written to " + output_file + " (" + package_bytes +
			" bytes)");
	}
}
