
package sc.fiji.cenet.bench;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Paths;

import javax.imageio.ImageIO;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import sc.fiji.cenet.data.ImageFileReader;
import sc.fiji.cenet.data.LoadedImage;
import sc.fiji.cenet.predict.CENetModel;
import sc.fiji.cenet.predict.ImageAxes;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * The README's picture, made by the plugin: an RGB image beside the mask CE-Net
 * Predict makes of it with a model (its default settings and calibrated
 * threshold), the mask drawn in white on black.
 *
 * <pre>
 * bash sample-data/demo.sh   # trains target/demo/vessels.cenet
 * java -cp target/classes:target/test-classes:$(cat target/classpath.txt) sc.fiji.cenet.bench.ReadmeFigure \
 *   target/demo/vessels.cenet sample-data/test/images/01.tif docs/images/segmentation.png
 * </pre>
 */
public final class ReadmeFigure {

	private ReadmeFigure() {}

	public static void main(String[] args) throws Exception {
		LoadedImage image = ImageFileReader.readStack(new File(args[1]));
		try (CENetModel model = CENetModel.open(Paths.get(args[0]), false)) {
			PredictionSettings settings = PredictionSettings.forModel(model
				.trainedModel()).build();
			Img<FloatType> p = model.probabilities(image.image(), image.channels() > 1
				? ImageAxes.of("XYC") : ImageAxes.XY, image.bitDepth(), settings,
				ProgressListener.NONE);
			int w = (int) image.width(), h = (int) image.height(), gap = 8;
			BufferedImage out = new BufferedImage(2 * w + gap, h,
				BufferedImage.TYPE_INT_RGB);
			RandomAccess<FloatType> in = image.image().randomAccess(), prob = p
				.randomAccess();
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int rgb = 0;
					for (int c = 0; c < 3; c++) {
						in.setPosition(image.channels() > 1 ? new long[] { x, y, c }
							: new long[] { x, y });
						rgb = rgb << 8 | Math.max(0, Math.min(255, Math.round(in.get()
							.get())));
					}
					out.setRGB(x, y, rgb);
					prob.setPosition(new long[] { x, y });
					out.setRGB(w + gap + x, y, prob.get().get() >= settings.threshold()
						? 0xffffff : 0);
				}
			for (int y = 0; y < h; y++)
				for (int x = w; x < w + gap; x++)
					out.setRGB(x, y, 0xffffff);
			ImageIO.write(out, "png", new File(args[2]));
			System.out.println("wrote " + args[2] + " (threshold " + settings
				.threshold() + ")");
		}
	}
}
