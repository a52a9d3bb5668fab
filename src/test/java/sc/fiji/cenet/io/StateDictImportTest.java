
package sc.fiji.cenet.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static sc.fiji.cenet.io.TestTensors.names;
import static sc.fiji.cenet.io.TestTensors.renamed;
import static sc.fiji.cenet.io.TestTensors.without;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;

public class StateDictImportTest {

	private static final CENetConfig RGB_1 = new CENetConfig(3, 1);
	private static StateDict weights;

	@BeforeClass
	public static void randomWeights() {
		weights = TestTensors.randomCENet(RGB_1, 7);
	}

	@AfterClass
	public static void release() {
		weights = null;
	}

	@Test
	public void importsACompleteStateDictInArchitectureOrder() {
		StateDict shuffled = new StateDict();
		List<String> reversed = new ArrayList<>(weights.names());
		Collections.reverse(reversed);
		for (String k : reversed)
			shuffled.put(k, weights.get(k).shape(), weights.get(k).data());
		StateDict imported = StateDictImport.full(shuffled, RGB_1, "weights.npz");
		assertEquals(names(weights), names(imported));
		assertSame("no copy", weights.get("firstconv.weight").data(), imported.get(
			"firstconv.weight").data());
	}

	@Test
	public void stripsDataParallelPrefixAndIgnoresStepCounters() {
		StateDict d = renamed(weights, k -> "module." + k);
		d.put("module.firstbn.num_batches_tracked", new long[0], new float[] {
			12 });
		d.put("decoder1.norm1.num_batches_tracked", new long[0], new float[] {
			12 });
		TestTensors.assertBitIdentical(weights, StateDictImport.full(d, RGB_1,
			"w"));
	}

	@Test
	public void namesTheFirstMissingKey() {
		StateDict d = without(without(weights, "finalconv3.bias"),
			"decoder4.norm2.running_var");
		assertMessage("weights.npz: missing key decoder4.norm2.running_var",
			() -> StateDictImport.full(d, RGB_1, "weights.npz"));
	}

	@Test
	public void namesAMisShapedKey() {
		StateDict twoClasses = TestTensors.randomCENet(new CENetConfig(3, 2), 1);
		assertMessage(
			"weights.npz: key finalconv3.weight has shape [2, 32, 3, 3], expected [1, 32, 3, 3]",
			() -> StateDictImport.full(twoClasses, RGB_1, "weights.npz"));
	}

	@Test
	public void refusesNonFiniteWeightsNamingTheTensor() {
		for (float bad : new float[] { Float.NaN, Float.POSITIVE_INFINITY }) {
			String kind = Float.isNaN(bad) ? "NaN" : "infinite";
			for (String key : new String[] { "decoder1.conv1.weight",
				"encoder2.0.conv1.weight" })
			{
				StateDict d = renamed(weights, k -> k);
				float[] w = d.get(key).data().clone();
				w[w.length / 2] = bad;
				d.put(key, d.get(key).shape(), w);
				String expected = "weights.npz: " + key + " holds " + kind +
					" values; the weights are damaged (export or train them again)";
				assertMessage(expected, () -> StateDictImport.full(d, RGB_1,
					"weights.npz"));
				if (key.startsWith("encoder")) assertMessage(expected,
					() -> StateDictImport.encoder(d, RGB_1, "weights.npz"));
			}
		}
	}

	@Test
	public void refusesForeignKeys() {
		StateDict d = renamed(weights, k -> k);
		d.put("aux_head.weight", new long[] { 1 }, new float[] { 0 });
		assertMessage(
			"w.npz: unexpected key aux_head.weight (not a CE-Net state_dict?)",
			() -> StateDictImport.full(d, RGB_1, "w.npz"));
	}

	@Test
	public void pointsToEncoderImportForTorchvisionFiles() {
		StateDict d = torchvision();
		try {
			StateDictImport.full(d, RGB_1, "resnet34.npz");
			fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(
				"resnet34.npz: missing key firstconv.weight"));
			assertTrue(e.getMessage(), e.getMessage().contains(
				"import it as encoder weights"));
		}
	}

	@Test
	public void importsTheEncoderOfTorchvisionResNet34() {
		StateDict encoder = StateDictImport.encoder(torchvision(), RGB_1,
			"resnet34.npz");
		List<String> expected = new ArrayList<>();
		for (CENetArchitecture.Param p : new CENetArchitecture(RGB_1).params())
			if (CENetArchitecture.isEncoder(p.name)) expected.add(p.name);
		assertEquals(expected, names(encoder));
		assertSame(weights.get("encoder2.0.downsample.0.weight").data(), encoder
			.get("encoder2.0.downsample.0.weight").data());
		assertSame(weights.get("firstbn.running_var").data(), encoder.get(
			"firstbn.running_var").data());
	}

	@Test
	public void sumsRgbWeightsForGrayInput() {
		StateDict encoder = StateDictImport.encoder(torchvision(), new CENetConfig(
			1, 1), "resnet34.npz");
		float[] rgb = weights.get("firstconv.weight").data(), gray = encoder.get(
			"firstconv.weight").data();
		assertArrayEquals(new long[] { 64, 1, 7, 7 }, encoder.get(
			"firstconv.weight").shape());
		int plane = 49;
		for (int o = 0; o < 64; o++)
			for (int p = 0; p < plane; p++) {
				float sum = rgb[(o * 3) * plane + p] + rgb[(o * 3 + 1) * plane + p] +
					rgb[(o * 3 + 2) * plane + p];
				assertEquals(sum, gray[o * plane + p], 1e-6f);
			}
		assertSame(weights.get("encoder1.0.conv1.weight").data(), encoder.get(
			"encoder1.0.conv1.weight").data());
	}

	@Test
	public void namesMissingTorchvisionKeysAsTorchvisionDoes() {
		StateDict d = without(torchvision(), "layer4.2.bn2.running_var");
		assertMessage("r.npz: missing key layer4.2.bn2.running_var",
			() -> StateDictImport.encoder(d, RGB_1, "r.npz"));
		StateDict odd = torchvision();
		odd.put("layer5.0.conv1.weight", new long[] { 1 }, new float[] { 0 });
		assertMessage(
			"r.npz: unexpected key layer5.0.conv1.weight (not a ResNet-34 or CE-Net state_dict?)",
			() -> StateDictImport.encoder(odd, RGB_1, "r.npz"));
		assertMessage(
			"r.npz: key layer1.0.conv1.weight has shape [64, 64, 1, 1], expected [64, 64, 3, 3]",
			() -> {
				StateDict resnet50ish = renamed(torchvision(), k -> k);
				resnet50ish.put("layer1.0.conv1.weight", new long[] { 64, 64, 1, 1 },
					new float[64 * 64]);
				return StateDictImport.encoder(resnet50ish, RGB_1, "r.npz");
			});
	}

	@Test
	public void importsTheEncoderOfAnyCENet() {
		// a 2-class CE-Net's encoder serves a 1-class one: its other shapes do not
		// matter
		StateDict twoClasses = TestTensors.randomCENet(new CENetConfig(3, 2), 3);
		StateDict encoder = StateDictImport.encoder(renamed(twoClasses,
			k -> "module." + k), RGB_1, "ce.npz");
		assertSame(twoClasses.get("encoder4.2.bn2.weight").data(), encoder.get(
			"encoder4.2.bn2.weight").data());
		assertTrue(!encoder.contains("finalconv3.weight") && !encoder.contains(
			"dblock.dilate1.weight"));
		assertMessage(
			"x: neither a ResNet-34 (no conv1.weight) nor a CE-Net (no firstconv.weight) state_dict",
			() -> StateDictImport.encoder(new StateDict().put("a", new long[] { 1 },
				new float[1]), RGB_1, "x"));
	}

	@Test
	public void mergesImportedEncoderIntoFullWeights() {
		StateDict encoder = StateDictImport.encoder(torchvision(), new CENetConfig(
			1, 2), "r");
		StateDict full = TestTensors.renamed(TestTensors.randomCENet(
			new CENetConfig(1, 2), 5), k -> k);
		full.put("encoder3.1.conv2.weight", new long[] { 256, 256, 3, 3 },
			new float[256 * 256 * 9]); // differs from the encoder's
		StateDict merged = StateDictImport.merge(full, encoder);
		assertEquals(names(full), names(merged));
		assertArrayEquals(encoder.get("encoder3.1.conv2.weight").data(), merged.get(
			"encoder3.1.conv2.weight").data(), 0f);
		assertArrayEquals(encoder.get("firstconv.weight").data(), merged.get(
			"firstconv.weight").data(), 0f);
		assertArrayEquals(full.get("decoder2.conv1.weight").data(), merged.get(
			"decoder2.conv1.weight").data(), 0f);
		assertNotSame("a copy", full.get("decoder2.conv1.weight").data(), merged
			.get("decoder2.conv1.weight").data());
		assertNotSame("a copy", encoder.get("firstconv.weight").data(), merged.get(
			"firstconv.weight").data());
		assertMessage(
			"cannot merge: key finalconv3.weight has shape [1, 32, 3, 3], expected [2, 32, 3, 3]",
			() -> StateDictImport.merge(full, new StateDict().put("finalconv3.weight",
				new long[] { 1, 32, 3, 3 }, new float[288])));
		assertMessage("cannot merge x: the full state_dict has no such key",
			() -> StateDictImport.merge(full, new StateDict().put("x", new long[] {
				1 }, new float[1])));
	}

	@Test
	public void infersTheConfiguration() {
		assertEquals(RGB_1, StateDictImport.inferConfig(weights, "w"));
		assertEquals(new CENetConfig(1, 4), StateDictImport.inferConfig(renamed(
			TestTensors.randomCENet(new CENetConfig(1, 4), 2), k -> "module." + k),
			"w"));
		assertMessage("w: no finalconv3.weight; not a complete CE-Net state_dict",
			() -> StateDictImport.inferConfig(without(weights, "finalconv3.weight"),
				"w"));
		StateDict twoChannels = renamed(weights, k -> k);
		twoChannels.put("firstconv.weight", new long[] { 64, 2, 7, 7 },
			new float[64 * 2 * 49]);
		assertMessage("w: CE-Net takes 1 or 3 input channels, not 2",
			() -> StateDictImport.inferConfig(twoChannels, "w"));
	}

	/**
	 * The CE-Net encoder weights under torchvision's names, plus the classifier
	 * head.
	 */
	private static StateDict torchvision() {
		StateDict d = new StateDict();
		for (String k : weights.names()) {
			if (!CENetArchitecture.isEncoder(k)) continue;
			String name = k.replaceFirst("^firstconv\\.", "conv1.").replaceFirst(
				"^firstbn\\.", "bn1.").replaceFirst("^encoder(\\d)\\.", "layer$1.");
			d.put(name, weights.get(k).shape(), weights.get(k).data());
			if (name.startsWith("bn1.") && name.endsWith("running_var")) d.put(
				"bn1.num_batches_tracked", new long[0], new float[1]);
		}
		d.put("fc.weight", new long[] { 1000, 512 }, new float[512_000]);
		d.put("fc.bias", new long[] { 1000 }, new float[1000]);
		return d;
	}

	private static void assertMessage(String expected, Supplier<?> call) {
		try {
			call.get();
			fail("expected: " + expected);
		}
		catch (IllegalArgumentException e) {
			assertEquals(expected, e.getMessage());
		}
	}
}
