
package sc.fiji.cenet.ij;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class ProgressLinesTest {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
	private final PrintStream out = new PrintStream(bytes, true,
		StandardCharsets.UTF_8);
	private long now = 1_000_000;
	private final ProgressLines lines = new ProgressLines("CE-Net Predict Folder",
		out, () -> now);

	private String[] printed() {
		final String s = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
		return s.isEmpty() ? new String[0] : s.split("\\R");
	}

	private void at(final long ms, final int value, final String message) {
		now = 1_000_000 + ms;
		lines.progress(value, 1000, message);
	}

	@Test
	public void atMostOneLineEveryTwoSecondsWithTheFirstAndTheLast() {
		at(0, 0, "CE-Net Predict Folder: a.tif (1 of 10), tile 1 of 342");
		at(500, 10, "CE-Net Predict Folder: a.tif (1 of 10), tile 4 of 342");
		at(1999, 20, "CE-Net Predict Folder: a.tif (1 of 10), tile 7 of 342");
		at(2000, 100, "CE-Net Predict Folder: b.tif (2 of 10), tile 1 of 342");
		at(3000, 150, "b.tif (2 of 10), tile 170 of 342");
		assertEquals(2, printed().length);
		lines.finish();
		final String[] p = printed();
		assertEquals(3, p.length);
		assertEquals("CE-Net Predict Folder: 0% a.tif (1 of 10), tile 1 of 342",
			p[0]);
		// counted from the first report past 0% (1% at 0.5 s): no estimate before
		// 2 s of pace; then 14% in 2.5 s, 85% to go in 15 s
		assertEquals("CE-Net Predict Folder: 10% b.tif (2 of 10), tile 1 of 342",
			p[1]);
		assertEquals(
			"CE-Net Predict Folder: 15% b.tif (2 of 10), tile 170 of 342, ETA 15s",
			p[2]);
		lines.finish();
		assertEquals("finish prints a held line once", 3, printed().length);
	}

	@Test
	public void finishPrintsNothingWhenTheLastLineWasPrinted() {
		at(0, 0, null);
		at(500, 100, null);
		at(2500, 500, "half");
		lines.finish();
		final String[] p = printed();
		assertEquals(2, p.length);
		assertEquals("CE-Net Predict Folder: 0%", p[0]);
		assertEquals("CE-Net Predict Folder: 50% half, ETA 3s", p[1]);
	}

	/**
	 * A resumed training reports its first step at the fraction of the budget
	 * already spent: the time left follows this run's pace, not that fraction
	 * over this run's seconds (which once said "ETA 7m" for 40 minutes left).
	 */
	@Test
	public void theEstimateOfAResumedRunFollowsItsOwnPace() {
		// Train reads its images first (a phase of its own, to 100%), then builds
		// the graph (0%) and resumes at the fraction of the budget already spent
		at(0, 0, "Reading images");
		at(500, 1000, "Reading images");
		at(3000, 0, "Building CE-Net");
		at(20_000, 310, "Epoch 50: batch 1 of 7");
		at(40_000, 320, "Epoch 50: batch 7 of 7");
		final String[] p = printed();
		assertEquals(4, p.length);
		assertEquals("CE-Net Predict Folder: 31% Epoch 50: batch 1 of 7", p[2]);
		// 1% in 20 s, 68% to go: 23 minutes, not 40 s * 68/32
		assertEquals("CE-Net Predict Folder: 32% Epoch 50: batch 7 of 7, ETA 23m",
			p[3]);
	}

	@Test
	public void aMessageWithItsOwnEstimateKeepsItAlone() {
		at(0, 0, null);
		at(1000, 100, null);
		at(5000, 200, "Epoch 2: loss 0.5, ETA 28m");
		final String[] p = printed();
		assertEquals("CE-Net Predict Folder: 20% Epoch 2: loss 0.5, ETA 28m",
			p[p.length - 1]);
	}

	@Test
	public void durationsAreShort() {
		assertEquals("1s", ProgressLines.duration(10));
		assertEquals("45s", ProgressLines.duration(45_000));
		assertEquals("2m", ProgressLines.duration(120_000));
		assertEquals("1h 05m", ProgressLines.duration(65 * 60_000));
	}
}
