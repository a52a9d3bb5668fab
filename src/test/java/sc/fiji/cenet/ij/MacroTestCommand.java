
package sc.fiji.cenet.ij;

import java.awt.GraphicsEnvironment;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import sc.fiji.cenet.imagej.ImagePlusConverter;

/**
 * Test-only command "CE-Net Test": multiplies the mean of an image by a number,
 * reports it in the "CE-Net Metrics" table, and returns a scaled copy of the
 * image. Fails on request, to test error reporting.
 */
@Plugin(type = Command.class, label = "CE-Net Test")
public class MacroTestCommand implements Command {

	static final String TABLE = "CE-Net Metrics";

	@Parameter
	private double number;

	@Parameter
	private ImagePlus image;

	@Parameter
	private boolean fail;

	@Parameter(type = ItemIO.OUTPUT)
	private double result;

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> scaled;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable metrics;

	@Override
	public void run() {
		if (fail) throw new IllegalStateException("requested failure for image '" +
			image.getTitle() + "'");
		scaled = ImagePlusConverter.toFloatImg(image);
		double sum = 0;
		for (final FloatType t : scaled) {
			sum += t.get();
			t.mul(number);
		}
		result = number * sum / scaled.size();
		metrics = new ResultsTable();
		metrics.incrementCounter();
		metrics.addValue("Value", result);
		metrics.addValue("Image", image.getTitle());
		if (!GraphicsEnvironment.isHeadless()) metrics.show(TABLE);
	}
}
