
package sc.fiji.cenet.ij;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Test-only command taking an ImgLib2 image: sums it and reports its
 * dimensions.
 */
@Plugin(type = Command.class, label = "CE-Net Img Sum")
public class ImgSumCommand implements Command {

	@Parameter
	private RandomAccessibleInterval<FloatType> image;

	@Parameter(type = ItemIO.OUTPUT)
	private double sum;

	@Parameter(type = ItemIO.OUTPUT)
	private String dimensions;

	@Override
	public void run() {
		for (final FloatType t : Views.iterable(image))
			sum += t.get();
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < image.numDimensions(); d++)
			sb.append(d == 0 ? "" : "x").append(image.dimension(d));
		dimensions = sb.toString();
	}
}
