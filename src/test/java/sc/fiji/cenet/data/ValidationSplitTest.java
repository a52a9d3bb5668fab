
package sc.fiji.cenet.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static sc.fiji.cenet.data.ImagePairingTest.assertMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Test;

public class ValidationSplitTest {

	private final List<String> items = Arrays.asList("a", "b", "c", "d", "e", "f",
		"g", "h", "i", "j");

	@Test
	public void holdsOutTheFractionDeterministicallyInInputOrder() {
		ValidationSplit<String> split = ValidationSplit.byFraction(items, 0.2, 42);
		assertEquals(8, split.training().size());
		assertEquals(2, split.validation().size());
		List<String> all = new ArrayList<>(split.training());
		all.addAll(split.validation());
		Collections.sort(all);
		assertEquals(items, all);
		assertTrue(isSorted(split.training()) && isSorted(split.validation()));
		assertEquals(split.validation(), ValidationSplit.byFraction(items, 0.2, 42)
			.validation());
		boolean differs = false;
		for (long seed = 0; seed < 10; seed++)
			differs |= !split.validation().equals(ValidationSplit.byFraction(items,
				0.2, seed).validation());
		assertTrue(differs);
	}

	@Test
	public void alwaysKeepsATrainingItem() {
		assertEquals(1, ValidationSplit.byFraction(Collections.singletonList("x"),
			0.5, 1).training().size());
		assertEquals(1, ValidationSplit.byFraction(Arrays.asList("x", "y"), 0.9, 1)
			.training().size());
		assertEquals(1, ValidationSplit.byFraction(Arrays.asList("x", "y"), 0.01, 1)
			.validation().size());
		assertEquals(0, ValidationSplit.byFraction(items, 0, 1).validation()
			.size());
	}

	@Test
	public void badInputIsRefused() {
		assertMessage(() -> ValidationSplit.byFraction(items, 1, 1),
			"validation fraction must be in [0, 1), not 1.0");
		assertMessage(() -> ValidationSplit.byFraction(Collections.emptyList(), 0.1,
			1), "no items");
		assertMessage(() -> ValidationSplit.separate(Collections.emptyList(),
			items), "no training items");
		assertEquals(items, ValidationSplit.separate(items, Collections.emptyList())
			.training());
	}

	private static boolean isSorted(List<String> list) {
		List<String> copy = new ArrayList<>(list);
		Collections.sort(copy);
		return copy.equals(list);
	}
}
