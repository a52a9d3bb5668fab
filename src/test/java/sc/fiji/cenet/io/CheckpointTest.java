
package sc.fiji.cenet.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.model.StateDict;

public class CheckpointTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void roundTripsPropertiesAndGroups() throws IOException {
		SplittableRandom random = new SplittableRandom(3);
		Map<String, StateDict> groups = new LinkedHashMap<>();
		for (String group : new String[] { "weights", "adam_m", "adam_v" }) {
			StateDict d = new StateDict();
			d.put("encoder1.0.conv1.weight", new long[] { 4, 2, 3, 3 }, TestTensors
				.randomFloats(random, 72));
			d.put("firstbn.running_var", new long[] { 4 }, TestTensors.randomFloats(
				random, 4));
			d.put("step", new long[0], new float[] { 17 });
			groups.put(group, d);
		}
		groups.put("empty", new StateDict());
		Properties p = new Properties();
		p.setProperty("epoch", "12");
		p.setProperty("lr", "1.25E-4");
		p.setProperty("rng_state", "-3819837471626312");
		p.setProperty("settings.augment", "flip,rotate");
		Path file = tmp.getRoot().toPath().resolve("run/last.cenet-checkpoint");
		Checkpoint.save(file, p, groups);

		Checkpoint c = Checkpoint.load(file);
		Properties expected = (Properties) p.clone();
		expected.setProperty("software_version", "dev");
		assertEquals(expected, c.properties());
		assertEquals("12", c.property("epoch"));
		assertEquals(List.of("weights", "adam_m", "adam_v", "empty"), List.copyOf(c
			.groupNames()));
		for (String g : groups.keySet())
			TestTensors.assertBitIdentical(groups.get(g), c.group(g));
		try {
			c.group("ema");
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals(
				"the checkpoint has no group 'ema' (it has [weights, adam_m, adam_v, empty])",
				e.getMessage());
		}
	}

	@Test
	public void refusesReservedKeysAndBadGroupNames() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("c");
		Properties reserved = new Properties();
		reserved.setProperty("format", "x");
		assertRefused(() -> Checkpoint.save(file, reserved, Map.of()),
			"property 'format' is reserved by the CE-Net training checkpoint file");
		assertRefused(() -> Checkpoint.save(file, new Properties(), Map.of("a/b",
			new StateDict())), "invalid checkpoint group name 'a/b'");
		assertTrue(!Files.exists(file));
	}

	private interface IOAction {

		void run() throws IOException;
	}

	private static void assertRefused(IOAction action, String expected)
		throws IOException
	{
		try {
			action.run();
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals(expected, e.getMessage());
		}
	}

	@Test
	public void reportsDamagedForeignAndNewerFiles() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("c.cenet-checkpoint");
		Checkpoint.save(file, new Properties(), Map.of("weights", new StateDict()
			.put("w", new long[] { 1000 }, new float[1000])));
		byte[] bytes = Files.readAllBytes(file);
		Path cut = TestTensors.write(tmp.getRoot().toPath().resolve("cut"), Arrays
			.copyOf(bytes, bytes.length / 2));
		assertLoadFails(cut, cut +
			" is not a readable CE-Net training checkpoint (corrupt or truncated): ");
		Path foreign = TestTensors.write(tmp.getRoot().toPath().resolve("f.zip"),
			TestTensors.zip(false, "a.npy", new byte[3]));
		assertLoadFails(foreign, foreign +
			" is not a CE-Net training checkpoint file");
		Path newer = TestTensors.write(tmp.getRoot().toPath().resolve("n"),
			TestTensors.zip(false, "cenet-checkpoint.properties",
				"format=cenet-checkpoint\nformat_version=9\n".getBytes(
					StandardCharsets.ISO_8859_1)));
		assertLoadFails(newer, newer +
			" was written by a newer CE-Net for Fiji (checkpoint format 9); please update the plugin");
	}

	private static void assertLoadFails(Path file, String expectedStart) {
		try {
			Checkpoint.load(file);
			fail();
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(expectedStart));
		}
	}
}
