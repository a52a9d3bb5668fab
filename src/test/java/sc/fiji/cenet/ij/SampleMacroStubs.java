package sc.fiji.cenet.ij;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Test-only stand-ins with the intended keys of the real commands, so the
 * example macros in sample-data/macros can be run before the real commands
 * exist. They check their inputs and leave traces, but compute nothing.
 */
public final class SampleMacroStubs {

	private SampleMacroStubs() {}

	private static int countFiles(final File folder) {
		final String[] names = folder.list();
		if (names == null) throw new IllegalArgumentException("Not a folder: " + folder);
		return names.length;
	}

	@Plugin(type = Command.class, label = "CE-Net Train (stub)")
	public static class Train implements Command {

		@Parameter(style = "directory")
		private File image_folder;

		@Parameter(style = "directory")
		private File mask_folder;

		@Parameter(style = "save")
		private File model_file;

		@Parameter(min = "1")
		private int epochs = 50;

		@Parameter(min = "1")
		private int batch_size = 4;

		@Parameter(min = "192")
		private int training_size = 448;

		@Override
		public void run() {
			final int images = countFiles(image_folder), masks = countFiles(mask_folder);
			if (images != masks) throw new IllegalArgumentException(images + " images but " + masks + " masks");
			try {
				Files.write(model_file.toPath(), ("epochs=" + epochs + " batch_size=" + batch_size +
					" training_size=" + training_size + " images=" + images).getBytes());
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}

	@Plugin(type = Command.class, label = "CE-Net Predict (stub)")
	public static class Predict implements Command {

		@Parameter(style = "open")
		private File model_file;

		@Parameter
		private ImagePlus image;

		@Parameter(choices = { "probabilities", "mask" })
		private String output = "mask";

		@Parameter(type = ItemIO.OUTPUT)
		private Img<FloatType> probabilities;

		@Override
		public void run() {
			if (!model_file.isFile()) throw new IllegalArgumentException("Model file not found: " + model_file);
			probabilities = ImagePlusConverter.toFloatImg(image);
		}
	}

	@Plugin(type = Command.class, label = "CE-Net Evaluate (stub)")
	public static class Evaluate implements Command {

		@Parameter(style = "directory")
		private File prediction_folder;

		@Parameter(style = "directory")
		private File truth_folder;

		@Override
		public void run() {
			final int predictions = countFiles(prediction_folder);
			if (predictions != countFiles(truth_folder)) throw new IllegalArgumentException(
				"Prediction and truth folders differ in size");
			final ResultsTable table = new ResultsTable();
			table.incrementCounter();
			// Not a Dice: the number of pairs, so the test sees the folders arrived.
			table.addValue("Dice", predictions);
			table.show("CE-Net Metrics");
			IJ.log("evaluated " + predictions + " pairs");
		}
	}
}
