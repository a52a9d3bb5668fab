
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

public class ProcessorFamilyTest {

	@Test
	public void readsTheVendorOfCpuinfo() {
		assertEquals(ProcessorFamily.INTEL, ProcessorFamily.of(Arrays.asList(
			"processor\t: 0", "vendor_id\t: GenuineIntel", "cpu family\t: 6")));
		assertEquals(ProcessorFamily.AMD, ProcessorFamily.of(Arrays.asList(
			"processor\t: 0", "vendor_id\t: AuthenticAMD")));
		assertEquals("Zen 4", ProcessorFamily.AMD, ProcessorFamily.of(Arrays.asList(
			"vendor_id\t: AuthenticAMD", "cpu family\t: 25", "model\t\t: 17")));
		assertEquals("Zen 5", ProcessorFamily.AMD_ZEN5, ProcessorFamily.of(Arrays
			.asList("vendor_id\t: AuthenticAMD", "cpu family\t: 26",
				"model\t\t: 2")));
	}

	/** The measured choices: patch convolutions and fixed filters per family. */
	@Test
	public void graphChoicesFollowTheMeasurements() {
		assertEquals(Long.MAX_VALUE, Layers.patchConvChannels(
			ProcessorFamily.INTEL));
		assertEquals(Long.MAX_VALUE, Layers.patchConvChannels(ProcessorFamily.AMD));
		assertEquals(256, Layers.patchConvChannels(ProcessorFamily.AMD_ZEN5));
		assertEquals(256, Layers.patchConvChannels(ProcessorFamily.OTHER));
		org.junit.Assert.assertTrue(FixedFilterConv.byDefault(
			ProcessorFamily.INTEL));
		org.junit.Assert.assertFalse(FixedFilterConv.byDefault(
			ProcessorFamily.AMD));
		org.junit.Assert.assertTrue(FixedFilterConv.byDefault(
			ProcessorFamily.AMD_ZEN5));
		assertEquals(ProcessorFamily.OTHER, ProcessorFamily.of(Arrays.asList(
			"vendor_id\t: HygonGenuine")));
		assertEquals(ProcessorFamily.OTHER, ProcessorFamily.of(Collections
			.singletonList("CPU implementer : 0x41")));
	}
}
