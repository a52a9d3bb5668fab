
package sc.fiji.cenet.bench;

import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The cross-validation summary: mean (sd) per recipe over its finished folds,
 * and each recipe against the first over the folds both finished, with the rule
 * for changing a default (a difference larger than the spread).
 */
public class CrossValidationSummaryTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private void cell(Path results, String recipe, int fold, double dice,
		double oracle, double auc) throws Exception
	{
		Path dir = Files.createDirectories(results.resolve(recipe));
		Files.write(dir.resolve("fold" + fold + ".properties"), Arrays.asList(
			"dice_model=" + dice, "dice_half=" + dice, "dice_oracle=" + oracle,
			"auc=" + auc, "sensitivity=0.8", "threshold=0.4", "epochs=160"),
			StandardCharsets.UTF_8);
	}

	@Test
	public void comparesEachRecipeWithTheFirstOverTheFoldsBothFinished()
		throws Exception
	{
		Path results = tmp.getRoot().toPath();
		// b: +0.02 Dice on every fold (spread 0.01): larger than the spread;
		// +0.001 AUC against a spread of 0.01: not
		double[] dice = { 0.75, 0.76, 0.77 };
		double[] auc = { 0.96, 0.97, 0.98 };
		for (int k = 0; k < 3; k++) {
			cell(results, "a", k, dice[k], dice[k], auc[k]);
			cell(results, "b", k, dice[k] + 0.02, dice[k] + 0.02, auc[k] + 0.001);
		}
		// a fold only a finished: left out of the pairs, counted in its row
		cell(results, "a", 3, 0.5, 0.5, 0.5);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		CrossValidationBenchmark.summary(Arrays.asList(
			new CrossValidationBenchmark.Recipe("a"),
			new CrossValidationBenchmark.Recipe("b")), 5, results, new PrintStream(
				bytes, true, "UTF-8"));
		String out = bytes.toString("UTF-8");
		assertTrue(out, out.contains("| a | 4 | 160 |"));
		assertTrue(out, out.contains(
			"| b | 3 | dice_model | +0.020 (0.000) | 0.010 | yes |"));
		assertTrue(out, out.contains(
			"| b | 3 | auc | +0.001 (0.000) | 0.010 | no |"));
	}
}
