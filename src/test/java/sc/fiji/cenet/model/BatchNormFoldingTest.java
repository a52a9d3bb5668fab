
package sc.fiji.cenet.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;

import java.util.ArrayList;
import java.util.Map;

import org.junit.Test;

public class BatchNormFoldingTest {

	@Test
	public void foldsEachBatchNormIntoItsConvolution() {
		CENetConfig config = new CENetConfig(3, 1);
		CENetArchitecture arch = new CENetArchitecture(config);
		StateDict in = WeightInit.random(config, 3);
		// non-trivial statistics for one BN: channel 2 of encoder1.0.bn1 after
		// conv1 [64, 64, 3, 3]
		float[] gamma = in.get("encoder1.0.bn1.weight").data(), beta = in.get(
			"encoder1.0.bn1.bias").data();
		float[] mean = in.get("encoder1.0.bn1.running_mean").data(), var = in.get(
			"encoder1.0.bn1.running_var").data();
		gamma[2] = 1.5f;
		beta[2] = -0.25f;
		mean[2] = 0.75f;
		var[2] = 4f;
		StateDict folded = BatchNormFolding.fold(in, arch);
		double s = 1.5 / Math.sqrt(4 + BatchNormFolding.EPS);
		float[] w = in.get("encoder1.0.conv1.weight").data(), fw = folded.get(
			"encoder1.0.conv1.weight").data();
		for (int i = 2 * 64 * 9; i < 3 * 64 * 9; i++)
			assertEquals(w[i] * s, fw[i], 1e-6);
		// the conv had no bias: b' = (0 - mean) s + beta
		assertEquals((0 - 0.75) * s - 0.25, folded.get("encoder1.0.conv1.bias")
			.data()[2], 1e-6);
		for (String name : folded.names())
			assertFalse(name, name.contains("bn"));
	}

	@Test
	public void shapesAndEntriesAreThoseOfTheWholeFold() {
		CENetConfig config = new CENetConfig(3, 2);
		CENetArchitecture arch = new CENetArchitecture(config);
		StateDict in = WeightInit.random(config, 4);
		StateDict folded = BatchNormFolding.fold(in, arch);
		Map<String, long[]> shapes = BatchNormFolding.shapes(arch);
		assertEquals(new ArrayList<>(folded.names()), new ArrayList<>(shapes
			.keySet()));
		for (String name : folded.names()) {
			assertArrayEquals(name, folded.get(name).shape(), shapes.get(name));
			assertArrayEquals(name, folded.get(name).data(), BatchNormFolding.entry(
				in::get, arch, name).data(), 0);
		}
		assertArrayEquals("entry leaves its source unchanged", WeightInit.random(
			config, 4).get("encoder1.0.conv1.weight").data(), in.get(
				"encoder1.0.conv1.weight").data(), 0);
	}

	/**
	 * From fresh values (a file being read) the conv weight is scaled in its own
	 * array: no second one.
	 */
	@Test
	public void freshValuesAreFoldedInPlace() {
		CENetConfig config = new CENetConfig(3, 1);
		CENetArchitecture arch = new CENetArchitecture(config);
		StateDict in = WeightInit.random(config, 5);
		StateDict folded = BatchNormFolding.fold(in, arch);
		for (String name : folded.names()) {
			StateDict.Entry fresh = BatchNormFolding.entryOfFreshValues(n -> {
				StateDict.Entry e = in.get(n);
				return new StateDict.Entry(e.shape(), e.data().clone());
			}, arch, name);
			assertArrayEquals(name, folded.get(name).data(), fresh.data(), 0);
		}
		float[] given = in.get("encoder2.1.conv2.weight").data().clone();
		float[] result = BatchNormFolding.entryOfFreshValues(n -> n.equals(
			"encoder2.1.conv2.weight") ? new StateDict.Entry(in.get(n).shape(), given)
				: in.get(n), arch, "encoder2.1.conv2.weight").data();
		assertSame("the weight's own array", given, result);
		assertArrayEquals(folded.get("encoder2.1.conv2.weight").data(), given, 0);
	}
}
