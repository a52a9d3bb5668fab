
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Our TF graph against the reference PyTorch CE_Net_ on the parity fixture: max
 * |logit diff| <= 1e-3, max |prob diff| <= 1e-4 on a square and a non-square
 * input, with and without batch norm folded.
 */
public class CENetParityTest {

	private static final CENetConfig CONFIG = new CENetConfig(3, 1);
	private static StateDict weights;

	@BeforeClass
	public static void fill() {
		weights = ParityFixture.weights(CONFIG);
	}

	/**
	 * The formula implementation reproduces every tensor of the manifest bit for
	 * bit.
	 */
	@Test
	public void weightsMatchManifestHashes() throws Exception {
		List<CENetArchitecture.Param> params = new CENetArchitecture(CONFIG)
			.params();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(getClass()
			.getResourceAsStream("/cenet-parity/weights_manifest.tsv"),
			StandardCharsets.UTF_8)))
		{
			r.readLine();
			for (String line; (line = r.readLine()) != null;) {
				String[] f = line.split("\t");
				if (f[0].equals("-")) continue;
				String name = params.get(Integer.parseInt(f[0])).name;
				assertEquals(f[1], name);
				assertEquals(name, f[5], ParityFixture.sha256(weights.get(name)
					.data()));
			}
		}
	}

	@Test
	public void caseASquareFolded() throws Exception {
		check(192, 192, "caseA_1x3x192x192", CENetGraph.Mode.FOLDED_INFERENCE);
	}

	@Test
	public void caseBNonSquareFolded() throws Exception {
		check(192, 224, "caseB_1x3x192x224", CENetGraph.Mode.FOLDED_INFERENCE);
	}

	@Test
	public void caseBNonSquareUnfolded() throws Exception {
		check(192, 224, "caseB_1x3x192x224", CENetGraph.Mode.INFERENCE);
	}

	/**
	 * The comparison is not vacuous: a typical porting mistake (RGB fed where BGR
	 * is expected) fails it.
	 */
	@Test
	public void detectsChannelOrderMistake() throws Exception {
		float[] x = ParityFixture.input(192, 192);
		for (int i = 0; i < x.length; i += 3) {
			float b = x[i];
			x[i] = x[i + 2];
			x[i + 2] = b;
		}
		try (CENetInference net = new CENetInference(CONFIG, weights)) {
			double dl = maxAbsDiff(net.logits(x, 1, 192, 192), ParityFixture.raw(
				"caseA_1x3x192x192_logits_f32le.raw"));
			assertTrue(
				"a wrong network must differ by more than the tolerance, got " + dl,
				dl > 0.1);
		}
	}

	private static void check(int h, int w, String name, CENetGraph.Mode mode)
		throws Exception
	{
		float[] expLogits = ParityFixture.raw(name + "_logits_f32le.raw");
		float[] expProb = ParityFixture.raw(name + "_prob_f32le.raw");
		float[] x = ParityFixture.input(h, w);
		try (CENetInference net = new CENetInference(CONFIG, weights, mode,
			false))
		{
			float[] logits = net.logits(x, 1, h, w);
			float[] prob = net.predict(x, 1, h, w);
			double dl = maxAbsDiff(logits, expLogits), dp = maxAbsDiff(prob, expProb);
			System.out.printf("%s %s: max |logit diff| %.3g, max |prob diff| %.3g%n",
				name, mode, dl, dp);
			assertTrue(name + " logits differ by " + dl, dl <= 1e-3);
			assertTrue(name + " probabilities differ by " + dp, dp <= 1e-4);
		}
	}

	static double maxAbsDiff(float[] a, float[] b) {
		assertEquals(b.length, a.length);
		double m = 0;
		for (int i = 0; i < a.length; i++)
			m = Math.max(m, Math.abs((double) a[i] - b[i]));
		return m;
	}
}
