
package sc.fiji.cenet.ij;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Test-only command asking for byte pixels, which the bridge (float copies)
 * cannot supply.
 */
@Plugin(type = Command.class, label = "CE-Net Bytes")
public class ByteImageCommand implements Command {

	@Parameter
	private RandomAccessibleInterval<UnsignedByteType> image;

	@Override
	public void run() {}
}
