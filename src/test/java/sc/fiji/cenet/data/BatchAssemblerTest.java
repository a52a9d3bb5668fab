
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static sc.fiji.cenet.data.ImagePairingTest.assertMessage;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

public class BatchAssemblerTest {

	private static final int S = 192;

	@Test
	public void shapesAreNhwc() {
		List<TrainingSample> samples = Arrays.asList(AugmentationTest.rgbSample(200,
			180, true), AugmentationTest.rgbSample(300, 260, false), AugmentationTest
				.blobSample(250, 250));
		BatchAssembler assembler = BatchAssembler.builder().size(S).build();
		TrainingBatch batch = assembler.assemble(samples, new int[] { 2, 0 }, 1, 0);
		assertEquals(2, batch.size());
		assertArrayEquals(new long[] { 2, S, S, 3 }, batch.imageShape());
		assertArrayEquals(new long[] { 2, S, S, 1 }, batch.targetShape());
		assertEquals(2 * S * S * 3, batch.images().length);
		assertEquals(2 * S * S, batch.targets().length);
		assertEquals(2 * S * S, batch.weights().length);
		for (float t : batch.targets())
			assertEquals(true, t == 0 || t == 1);
	}

	@Test
	public void imagesAreNormalisedInTheReferenceWayAndChannelOrder() {
		TrainingSample s = AugmentationTest.rgbSample(S, S, false);
		float[] p = s.pixelArray();
		int plane = S * S;
		for (ChannelOrder order : ChannelOrder.values()) {
			TrainingBatch batch = BatchAssembler.builder().size(S).augmentation(
				AugmentationSettings.none()).channelOrder(order).build().assemble(
					new TrainingSample[] { s }, new long[] { 0 });
			for (int i : new int[] { 0, 1, 777, plane - 1 })
				for (int c = 0; c < 3; c++) {
					int source = order == ChannelOrder.BGR ? 2 - c : c;
					float expected = p[source * plane + i] / 255f * 3.2f - 1.6f;
					assertEquals(order + " pixel " + i + " channel " + c, expected, batch
						.images()[i * 3 + c], 0);
				}
		}
	}

	@Test
	public void fovBecomesWeightsAndNoFovMeansAllOnes() {
		TrainingSample withFov = AugmentationTest.blobSample(S, S);
		TrainingSample without = AugmentationTest.constantSample(S, S, 10);
		BatchAssembler assembler = BatchAssembler.builder().size(S).inputChannels(1)
			.augmentation(AugmentationSettings.none()).build();
		TrainingBatch batch = assembler.assemble(new TrainingSample[] { withFov,
			without }, new long[] { 1, 2 });
		float[] w = batch.weights();
		for (int i = 0; i < S * S; i++) {
			assertEquals(withFov.fovArray()[i], w[i], 0);
			assertEquals(withFov.labelArray()[i], batch.targets()[i], 0);
			assertEquals(1, w[S * S + i], 0);
		}
		assertFalse(allEqual(Arrays.copyOf(w, S * S)));
	}

	@Test
	public void channelsAreMatchedToTheModel() {
		TrainingSample gray = AugmentationTest.constantSample(S, S, 51);
		TrainingBatch rgbModel = BatchAssembler.builder().size(S).inputChannels(3)
			.augmentation(AugmentationSettings.none()).build().assemble(
				new TrainingSample[] { gray }, new long[] { 0 });
		float expected = 51 / 255f * 3.2f - 1.6f;
		assertArrayEquals(new float[] { expected, expected, expected }, Arrays
			.copyOf(rgbModel.images(), 3), 0);
		TrainingSample rgb = AugmentationTest.rgbSample(S, S, false);
		TrainingBatch grayModel = BatchAssembler.builder().size(S).inputChannels(1)
			.augmentation(AugmentationSettings.none()).build().assemble(
				new TrainingSample[] { rgb }, new long[] { 0 });
		float[] p = rgb.pixelArray();
		float mean = (p[5] + p[S * S + 5] + p[2 * S * S + 5]) / 3;
		assertEquals(mean / 255f * 3.2f - 1.6f, grayModel.images()[5], 1e-6f);
	}

	@Test
	public void percentileRangesAreFittedOnTheWholeSourceImage() {
		TrainingSample big = AugmentationTest.rgbSample(400, 400, false);
		BatchAssembler assembler = BatchAssembler.builder().size(S).sampling(
			SamplingMode.CROP).normalization(Normalization.percentile()).augmentation(
				AugmentationSettings.none()).build();
		ChannelRanges ranges = assembler.rangesOf(big);
		ChannelRanges direct = Normalization.percentile().fit(big.image());
		for (int c = 0; c < 3; c++) {
			assertEquals(direct.low(c), ranges.low(c), 0);
			assertEquals(direct.high(c), ranges.high(c), 0);
		}
		TrainingBatch batch = assembler.assemble(new TrainingSample[] { big },
			new long[] { 9 });
		TrainingSample crop = SamplingMode.CROP.toSize(big, S, Batches.random(9));
		assertEquals(ranges.map(1, crop.pixelArray()[S * S + 17]), batch
			.images()[17 * 3 + 1], 0);
	}

	@Test
	public void classLabelsBecomeFloatTargets() {
		byte[] labels = new byte[S * S];
		for (int i = 0; i < labels.length; i++)
			labels[i] = (byte) (i % 3);
		TrainingSample s = new TrainingSample("labels", S, S, 1, 8, new float[S *
			S], labels, null);
		TrainingBatch batch = BatchAssembler.builder().size(S).inputChannels(1)
			.augmentation(AugmentationSettings.none()).build().assemble(
				new TrainingSample[] { s }, new long[] { 0 });
		assertArrayEquals(new float[] { 0, 1, 2, 0 }, Arrays.copyOf(batch.targets(),
			4), 0);
	}

	@Test
	public void sameSeedAndEpochGiveTheSameBatch() {
		List<TrainingSample> samples = Arrays.asList(AugmentationTest.rgbSample(250,
			230, true), AugmentationTest.rgbSample(260, 200, true));
		BatchAssembler assembler = BatchAssembler.builder().size(S).sampling(
			SamplingMode.CROP).build();
		TrainingBatch a = assembler.assemble(samples, new int[] { 0, 1 }, 5, 3);
		TrainingBatch b = assembler.assemble(samples, new int[] { 0, 1 }, 5, 3);
		TrainingBatch other = assembler.assemble(samples, new int[] { 0, 1 }, 5, 4);
		assertArrayEquals(a.images(), b.images(), 0);
		assertArrayEquals(a.targets(), b.targets(), 0);
		assertArrayEquals(a.weights(), b.weights(), 0);
		assertFalse(Arrays.equals(a.images(), other.images()));
	}

	@Test
	public void badSettingsAreRefused() {
		assertMessage(() -> BatchAssembler.builder().size(100).build(),
			"training size must be a multiple of 32 of at least 192, not 100");
		assertMessage(() -> BatchAssembler.builder().inputChannels(2).build(),
			"1 or 3 input channels, not 2");
		TrainingSample twoChannels = new TrainingSample("two", S, S, 2, 16,
			new float[2 * S * S], new byte[S * S], null);
		assertMessage(() -> BatchAssembler.builder().size(S).build().assemble(
			new TrainingSample[] { twoChannels }, new long[] { 0 }),
			"2 channels into 3");
	}

	private static boolean allEqual(float[] a) {
		for (float v : a)
			if (v != a[0]) return false;
		return true;
	}
}
