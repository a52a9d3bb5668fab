
package sc.fiji.cenet.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/** A part's progress as the whole's: its share, its name, the cancel. */
public class PartProgressTest {

	private final List<String> reports = new ArrayList<>();
	private boolean cancelled;
	private final ProgressListener whole = new ProgressListener() {

		@Override
		public void progress(double fraction, String message) {
			reports.add(fraction + " " + message);
		}

		@Override
		public boolean isCancelled() {
			return cancelled;
		}
	};

	@Test
	public void aPartReportsWithinItsShareUnderItsName() {
		new PartProgress(whole, "slice", 2, 4).progress(0.5, "tile 3 of 6");
		new PartProgress(whole, "image", 0, 2).progress(1, null);
		assertEquals("[0.625 slice 3 of 4, tile 3 of 6, 0.5 image 1 of 2]", reports
			.toString());
	}

	@Test
	public void theOnlyPartIsNotNamed() {
		new PartProgress(whole, "slice", 0, 1).progress(0.25, "tile 1 of 4");
		assertEquals("[0.25 tile 1 of 4]", reports.toString());
	}

	@Test
	public void theWholesCancelReachesThePart() {
		PartProgress part = new PartProgress(whole, "image", 1, 3);
		cancelled = true;
		assertTrue(part.isCancelled());
	}
}
