
package sc.fiji.cenet.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.junit.Assume;
import org.junit.Test;

import sc.fiji.cenet.progress.ProgressListener;

/** The whole data path on real DRIVE files, when the shared data is there. */
public class DriveDataTest {

	@Test
	public void pairsLoadsAndBatchesDrive() throws IOException {
		File drive = SharedData.driveTraining();
		Assume.assumeTrue("DRIVE not found under " + SharedData.searched() +
			": skipped", drive != null);
		PairingResult pairing = ImagePairing.pair(new File(drive, "images"),
			new File(drive, "1st_manual"));
		assertEquals(20, pairing.pairs().size());
		assertTrue(pairing.summary(), pairing.isComplete());
		assertEquals("21_manual1.gif", pairing.pairs().get(0).mask().getName());

		TrainingSet set = TrainingSet.load(pairing.pairs().subList(0, 2), 1,
			ProgressListener.NONE);
		assertTrue(set.warnings().toString(), set.warnings().isEmpty());
		List<TrainingSample> samples = set.samples();
		TrainingBatch batch = BatchAssembler.builder().size(448).channelOrder(
			ChannelOrder.BGR).build().assemble(samples, new int[] { 0, 1 }, 2019, 0);
		assertArrayEquals(new long[] { 2, 448, 448, 3 }, batch.imageShape());
		double foreground = 0;
		for (float t : batch.targets())
			foreground += t;
		double fraction = foreground / batch.targets().length;
		assertTrue("vessel fraction " + fraction, fraction > 0.03 &&
			fraction < 0.2);
		for (float v : batch.images())
			assertTrue(v >= -1.6f && v <= 1.6f);
	}
}
