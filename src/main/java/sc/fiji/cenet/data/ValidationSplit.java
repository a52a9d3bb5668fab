
package sc.fiji.cenet.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Training and validation items, either drawn from one list by a fraction with
 * a fixed seed or given separately (e.g. from a second folder). Both lists keep
 * the order of the input.
 */
public final class ValidationSplit<T> {

	private final List<T> training;
	private final List<T> validation;

	private ValidationSplit(List<T> training, List<T> validation) {
		this.training = Collections.unmodifiableList(new ArrayList<>(training));
		this.validation = Collections.unmodifiableList(new ArrayList<>(validation));
	}

	/**
	 * Holds out {@code round(fraction * n)} items, at least one when the fraction
	 * is above 0, but always leaves at least one for training. The same items,
	 * fraction and seed give the same split.
	 *
	 * @param fraction in [0, 1)
	 */
	public static <T> ValidationSplit<T> byFraction(List<T> items,
		double fraction, long seed)
	{
		if (items.isEmpty()) throw new IllegalArgumentException(
			"no items to split");
		if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException(
			"validation fraction must be in [0, 1), not " + fraction);
		int n = items.size();
		int held = (int) Math.round(fraction * n);
		if (fraction > 0 && held == 0) held = 1;
		held = Math.min(held, n - 1);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < n; i++)
			order.add(i);
		Collections.shuffle(order, new Random(seed));
		boolean[] isValidation = new boolean[n];
		for (int i = 0; i < held; i++)
			isValidation[order.get(i)] = true;
		List<T> training = new ArrayList<>();
		List<T> validation = new ArrayList<>();
		for (int i = 0; i < n; i++)
			(isValidation[i] ? validation : training).add(items.get(i));
		return new ValidationSplit<>(training, validation);
	}

	/** Training and validation items from separate sources. */
	public static <T> ValidationSplit<T> separate(List<T> training,
		List<T> validation)
	{
		if (training.isEmpty()) throw new IllegalArgumentException(
			"no training items");
		return new ValidationSplit<>(training, validation);
	}

	public List<T> training() {
		return training;
	}

	/** Possibly empty: then training runs without validation. */
	public List<T> validation() {
		return validation;
	}

	@Override
	public String toString() {
		return training.size() + " training, " + validation.size() + " validation";
	}
}
