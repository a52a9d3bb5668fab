
package sc.fiji.cenet.predict;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static sc.fiji.cenet.predict.FakeModels.get;
import static sc.fiji.cenet.predict.FakeModels.mirror;
import static sc.fiji.cenet.predict.FakeModels.pixels;
import static sc.fiji.cenet.predict.FakeModels.randomImage;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.junit.Test;

import sc.fiji.cenet.progress.ProgressListener;

public class TiledPredictionTest {

	private static PredictionSettings tiled(int tile, int overlap, int batch) {
		return PredictionSettings.builder().mode(PredictionMode.TILED).tileSize(
			tile).overlap(overlap).tilesPerBatch(batch).build();
	}

	@Test
	public void tiledEqualsPixelwiseModelEverywhere() {
		Img<FloatType> image = randomImage(1, 700, 500);
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(2, 0.5);
		Img<FloatType> p = new Predictor(model, tiled(192, 48, 3)).probabilities(
			image, ProgressListener.NONE);
		assertPixelwise(model, image, p);
		// 5 x 4 tiles of stride 144: two batches (3 + 2) per tile row.
		assertEquals(4 * 2, model.calls.size());
		for (int[] call : model.calls)
			assertArrayEquals(new int[] { 192, 192 }, new int[] { call[1], call[2] });
	}

	/**
	 * The 3x3 filter is wrong in the outermost ring of each tile, where the
	 * network pads; elsewhere tiled prediction equals the filter on the mirrored
	 * whole image. The wrong ring has so little blending weight that it shows
	 * nowhere beyond 1e-4.
	 */
	@Test
	public void tiledEqualsLocalFilterOnWholeImage() {
		int width = 500, height = 400, tile = 192, overlap = 48;
		Img<FloatType> image = randomImage(2, width, height);
		Img<FloatType> p = new Predictor(new FakeModels.BoxFilter(), tiled(tile,
			overlap, 1)).probabilities(image, ProgressListener.NONE);
		boolean[] columnEdge = tileEdges(width, tile, overlap), rowEdge = tileEdges(
			height, tile, overlap);
		float[] in = pixels(image), out = pixels(p);
		int awayFromEdges = 0;
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				float expected = boxFilter(in, x, y, width, height), actual = out[y *
					width + x];
				assertEquals("at " + x + ", " + y, expected, actual, 1e-4);
				if (!columnEdge[x] && !rowEdge[y]) {
					assertEquals("at " + x + ", " + y, expected, actual, 1e-6);
					awayFromEdges++;
				}
			}
		assertTrue(awayFromEdges > width * height * 9 / 10);
	}

	/** Image coordinates on the first or last row/column of some tile. */
	private static boolean[] tileEdges(int length, int tile, int overlap) {
		AxisTiling tiling = AxisTiling.of(length, tile, overlap);
		boolean[] edge = new boolean[length];
		for (int i = 0; i < tiling.count(); i++)
			for (int e : new int[] { tiling.start(i), tiling.start(i) + tile - 1 })
				if (e >= 0 && e < length) edge[e] = true;
		return edge;
	}

	private static float boxFilter(float[] image, int x, int y, int width,
		int height)
	{
		float sum = 0;
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++)
				sum += image[mirror(y + dy, height) * width + mirror(x + dx, width)];
		return sum / 9;
	}

	/**
	 * A model giving each tile one constant (its mean) is the worst case for
	 * seams: cut-and-paste stitching would jump by the difference of neighbouring
	 * tiles' means. Blending must spread that jump over the overlap.
	 */
	@Test
	public void blendingLeavesNoSeams() {
		int width = 800, height = 600, tile = 192, overlap = 64;
		RandomAccessibleInterval<FloatType> ramp = Views.interval(
			new FunctionRandomAccessible<FloatType>(2, (pos, v) -> v.setReal(
				(double) pos.getDoublePosition(0) / width + 0.5 * pos.getDoublePosition(
					1) / height), FloatType::new), new FinalInterval(width, height));
		Img<FloatType> p = new Predictor(new FakeModels.TileMean(), tiled(tile,
			overlap, 1)).probabilities(ramp, ProgressListener.NONE);
		// Neighbouring tile means differ by stride / width along x.
		double jump = (double) (tile - overlap) / width;
		float[] v = pixels(p);
		double maxStep = 0;
		for (int y = 0; y < height - 1; y++)
			for (int x = 0, i = y * width; x < width - 1; x++, i++)
				maxStep = Math.max(maxStep, Math.max(Math.abs(v[i + 1] - v[i]), Math
					.abs(v[i + width] - v[i])));
		assertTrue("largest step " + maxStep + " vs tile jump " + jump,
			maxStep < jump / 10);
	}

	/**
	 * The working memory (strip accumulator and one batch) is the same for an
	 * image four times as tall; the input is a lazy view, so only the output is
	 * allocated.
	 */
	@Test
	public void workingMemoryDoesNotGrowWithHeight() {
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(1, 0);
		Predictor predictor = new Predictor(model, tiled(448, 112, 2));
		PredictionStatistics square = predictLazy(predictor, 1024, 1024);
		PredictionStatistics tall = predictLazy(predictor, 1024, 4096);
		assertEquals(square.workingBytes(), tall.workingBytes());
		assertEquals(2, tall.largestBatch());
		// 4 tile columns (stride 336), 4 and 13 tile rows, 2 batches per row.
		assertEquals(16, square.tiles());
		assertEquals(52, tall.tiles());
		assertEquals(26, tall.batches());
		// One strip (448 rows, sums and weights) plus one batch of 2 tiles in and
		// out.
		long strip = 4L * 448 * 1024 * 2, batch = 4L * 2 * 448 * 448 * 2;
		assertEquals(strip + batch, tall.workingBytes());
	}

	private static PredictionStatistics predictLazy(Predictor predictor,
		int width, int height)
	{
		RandomAccessibleInterval<FloatType> image = Views.interval(
			new FunctionRandomAccessible<FloatType>(2, (pos, v) -> v.setReal(
				lazyValue(pos.getLongPosition(0), pos.getLongPosition(1))),
				FloatType::new), new FinalInterval(width, height));
		Img<FloatType> out = ArrayImgs.floats(width, height);
		PredictionStatistics stats = predictor.probabilities(image, out,
			ProgressListener.NONE);
		for (long[] pos : new long[][] { { 0, 0 }, { 517, 3 }, { width - 1, height -
			1 }, { 300, height / 2 } })
		{
			assertEquals(FakeModels.sigmoid(lazyValue(pos[0], pos[1])), get(out, pos),
				1e-6);
		}
		return stats;
	}

	private static float lazyValue(long x, long y) {
		return (x * 31 + y * 17) % 101 / 50f - 1;
	}

	/**
	 * AUTO pads a small image to the smallest accepted size only, and crops back.
	 */
	@Test
	public void smallImageIsPaddedToSmallestAcceptedSizeAndCropped() {
		Img<FloatType> image = randomImage(3, 100, 230);
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(3, -1);
		Img<FloatType> p = new Predictor(model, PredictionSettings.defaults())
			.probabilities(image, ProgressListener.NONE);
		assertArrayEquals(new long[] { 100, 230 }, Intervals.dimensionsAsLongArray(
			p));
		assertEquals(1, model.calls.size());
		assertArrayEquals(new int[] { 1, 256, 192 }, model.calls.get(0));
		assertPixelwise(model, image, p);
	}

	/**
	 * TILED keeps the tile size even for a small image, mirroring it to fill the
	 * tile.
	 */
	@Test
	public void tiledModeUsesFullTilesForSmallImage() {
		Img<FloatType> image = randomImage(4, 100, 230);
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(3, -1);
		Img<FloatType> p = new Predictor(model, tiled(448, 112, 1)).probabilities(
			image, ProgressListener.NONE);
		assertArrayEquals(new int[] { 1, 448, 448 }, model.calls.get(0));
		assertEquals(1, model.calls.size());
		assertPixelwise(model, image, p);
	}

	/**
	 * imglib2's single mirror fails on one-pixel axes; the prediction must not.
	 */
	@Test
	public void onePixelHighImage() {
		Img<FloatType> image = randomImage(5, 1000, 1);
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(1, 0);
		Img<FloatType> p = new Predictor(model, tiled(192, 48, 2)).probabilities(
			image, ProgressListener.NONE);
		assertPixelwise(model, image, p);
	}

	@Test
	public void autoModeTilesLargeAxisAndPadsSmallOne() {
		Img<FloatType> image = randomImage(6, 1000, 100);
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(1, 0);
		Img<FloatType> p = new Predictor(model, PredictionSettings.builder()
			.tileSize(256).build()).probabilities(image, ProgressListener.NONE);
		// One row of 192-high tiles; 256-wide tiles with stride 192 across 1000
		// columns.
		assertEquals(6, model.calls.size());
		for (int[] call : model.calls)
			assertArrayEquals(new int[] { 1, 192, 256 }, call);
		assertPixelwise(model, image, p);
	}

	@Test
	public void multiClassTiledIntoCellImg() {
		Img<FloatType> image = randomImage(7, 300, 250, 3);
		FakeModels.ThreeChannelsTwoClasses model =
			new FakeModels.ThreeChannelsTwoClasses();
		Img<FloatType> out = new CellImgFactory<>(new FloatType(), 64).create(300,
			250, 2);
		new Predictor(model, tiled(192, 64, 2)).probabilities(image, out,
			ProgressListener.NONE);
		for (int y = 0; y < 250; y += 7)
			for (int x = 0; x < 300; x += 5) {
				float fg = FakeModels.ThreeChannelsTwoClasses.foreground(get(image, x,
					y, 0), get(image, x, y, 1), get(image, x, y, 2));
				assertEquals(1 - fg, get(out, x, y, 0), 1e-6);
				assertEquals(fg, get(out, x, y, 1), 1e-6);
			}
	}

	/** An input with a non-zero origin is predicted as if it started at zero. */
	@Test
	public void translatedInput() {
		Img<FloatType> image = randomImage(8, 250, 210);
		FakeModels.Pixelwise model = new FakeModels.Pixelwise(1, 0);
		Img<FloatType> p = new Predictor(model, tiled(192, 48, 1)).probabilities(
			Views.translate(image, 40, -17), ProgressListener.NONE);
		assertPixelwise(model, image, p);
	}

	static void assertPixelwise(FakeModels.Pixelwise model, Img<FloatType> image,
		Img<FloatType> p)
	{
		assertArrayEquals(Intervals.dimensionsAsLongArray(image), Intervals
			.dimensionsAsLongArray(p));
		float[] in = pixels(image), out = pixels(p);
		for (int i = 0; i < in.length; i++)
			assertEquals(model.expected(in[i]), out[i], 1e-6);
	}
}
