
package sc.fiji.cenet.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Evaluates an N-class label image against its ground truth, one class against
 * the rest: for class c, "foreground" is label c in truth and prediction.
 * Labels must be integers 0..N-1; class 0 is usually background and is
 * evaluated like the others.
 * <p>
 * The AUC of class c needs that class's probabilities: pass a probability image
 * with the class as its last dimension (e.g. X, Y, C for 2-D labels); without
 * one every AUC is NaN. The other conventions are those of
 * {@link BinaryEvaluator}.
 */
public final class MulticlassEvaluator {

	private final int classes;

	/** @param classes N, at least 2 */
	public MulticlassEvaluator(int classes) {
		if (classes < 2) throw new IllegalArgumentException(
			"a label image needs at least 2 classes, not " + classes);
		this.classes = classes;
	}

	public int classes() {
		return classes;
	}

	/** Per-class metrics without AUC; element c is class c. */
	public List<BinaryMetrics> evaluate(
		RandomAccessibleInterval<? extends RealType<?>> prediction,
		RandomAccessibleInterval<? extends RealType<?>> truth)
	{
		return evaluate(prediction, truth, null);
	}

	/**
	 * Per-class metrics; element c is class c.
	 *
	 * @param probabilities class probabilities with the class as an extra last
	 *          dimension of size N, or null (AUC NaN)
	 */
	public List<BinaryMetrics> evaluate(
		RandomAccessibleInterval<? extends RealType<?>> prediction,
		RandomAccessibleInterval<? extends RealType<?>> truth,
		RandomAccessibleInterval<? extends RealType<?>> probabilities)
	{
		Pixels.requireSameSize(prediction, "predicted labels", truth,
			"ground truth labels");
		int n = truth.numDimensions();
		if (probabilities != null && (probabilities.numDimensions() != n + 1 ||
			probabilities.dimension(n) != classes))
			throw new IllegalArgumentException("class probabilities are " + Grid
				.describe(probabilities.dimensionsAsLongArray()) +
				" but must be the label size " + Grid.describe(truth
					.dimensionsAsLongArray()) + " with " + classes +
				" classes as last dimension");
		if (probabilities != null) Pixels.requireSameSize(Views.hyperSlice(
			probabilities, n, probabilities.min(n)), "one class of the probabilities",
			truth, "ground truth labels");
		int[] dims = Pixels.dimensions(truth);
		int[] truthLabels = Pixels.labels(truth, classes, "ground truth");
		int[] predictedLabels = Pixels.labels(prediction, classes, "prediction");
		List<ConfusionCounts> counts = counts(truthLabels, predictedLabels, null,
			classes);
		List<BinaryMetrics> perClass = new ArrayList<>(classes);
		for (int c = 0; c < classes; c++) {
			boolean[] isTruth = equalTo(truthLabels, c);
			boolean[] isPredicted = equalTo(predictedLabels, c);
			double auc = probabilities == null ? Double.NaN : RocAuc.auc(
				classProbabilities(probabilities, n, c), isTruth, null);
			perClass.add(new BinaryMetrics(counts.get(c), auc, HausdorffDistance.hd95(
				isPredicted, isTruth, dims)));
		}
		return Collections.unmodifiableList(perClass);
	}

	/**
	 * Per-class counts of two label arrays, one class against the rest, over the
	 * pixels where {@code include} is true (all pixels when it is null); element
	 * c is class c. A label outside 0..N-1 counts for no class.
	 */
	public static List<ConfusionCounts> counts(int[] truth, int[] prediction,
		boolean[] include, int classes)
	{
		List<ConfusionCounts> perClass = new ArrayList<>(classes);
		for (int c = 0; c < classes; c++)
			perClass.add(ConfusionCounts.count(equalTo(truth, c), equalTo(prediction,
				c), include));
		return Collections.unmodifiableList(perClass);
	}

	/**
	 * The mean Dice of the foreground classes 1..N-1 (class 0 is the background),
	 * leaving out classes whose Dice is undefined (in neither truth nor
	 * prediction); NaN when every one is. The training's validation Dice with
	 * several classes.
	 */
	public static double meanForegroundDice(List<ConfusionCounts> perClass) {
		double sum = 0;
		int n = 0;
		for (int c = 1; c < perClass.size(); c++) {
			double dice = perClass.get(c).dice();
			if (!Double.isNaN(dice)) {
				sum += dice;
				n++;
			}
		}
		return n == 0 ? Double.NaN : sum / n;
	}

	private static float[] classProbabilities(
		RandomAccessibleInterval<? extends RealType<?>> probabilities, int classDim,
		int c)
	{
		float[] p = Pixels.values(Views.hyperSlice(probabilities, classDim,
			probabilities.min(classDim) + c));
		for (int i = 0; i < p.length; i++)
			if (Float.isNaN(p[i])) throw new IllegalArgumentException(
				"probability of class " + c + " is NaN");
		return p;
	}

	private static boolean[] equalTo(int[] labels, int c) {
		boolean[] mask = new boolean[labels.length];
		for (int i = 0; i < labels.length; i++)
			mask[i] = labels[i] == c;
		return mask;
	}
}
