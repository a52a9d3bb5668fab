
package sc.fiji.cenet.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/** A part's progress as the whole's: its share, its label, the cancel. */
public class PartProgressTest {

	private final List<String> reports = new ArrayList<>();
	private boolean cancelled;
	private final ProgressListener whole = new ProgressListener() {

		@Override
		public void progress(double fraction, String message) {
			reports.add(fraction + " " + message);
		}

		@Override
		public void log(String line) {
			reports.add("log " + line);
		}

		@Override
		public boolean isCancelled() {
			return cancelled;
		}
	};

	@Test
	public void aPartReportsWithinItsShareUnderItsLabel() {
		PartProgress.numbered(whole, "slice", 2, 4).progress(0.5, "tile 3 of 6");
		PartProgress.numbered(whole, "image", 0, 2).progress(1, null);
		PartProgress.named(whole, "c.tif", 2, 10).progress(0.5, "tile 1 of 4");
		assertEquals("[0.625 slice 3 of 4, tile 3 of 6, 0.5 image 1 of 2, " +
			"0.25 c.tif (3 of 10), tile 1 of 4]", reports.toString());
	}

	@Test
	public void theOnlyNumberedPartIsNotNamed() {
		PartProgress.numbered(whole, "slice", 0, 1).progress(0.25, "tile 1 of 4");
		assertEquals("[0.25 tile 1 of 4]", reports.toString());
	}

	/** A report without a fraction is a log line (ProgressListener.log). */
	@Test
	public void logLinesCarryTheLabel() {
		PartProgress part = PartProgress.named(whole, "c.tif", 0, 2);
		part.log("3 tiles");
		part.progress(Double.NaN, "read");
		assertEquals("[log c.tif (1 of 2): 3 tiles, log c.tif (1 of 2): read]",
			reports.toString());
	}

	@Test
	public void theWholesCancelReachesThePart() {
		PartProgress part = PartProgress.numbered(whole, "image", 1, 3);
		cancelled = true;
		assertTrue(part.isCancelled());
	}
}
