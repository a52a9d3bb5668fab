
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

import sc.fiji.cenet.model.Layers.DilatedTrainingConv;

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

	@Test
	public void amdWithoutAvx512IsAFamilyOfItsOwn() {
		assertEquals("Zen 2", ProcessorFamily.AMD_AVX2, ProcessorFamily.of(Arrays
			.asList("vendor_id\t: AuthenticAMD", "cpu family\t: 23", "model\t\t: 49",
				"flags\t\t: fpu sse2 avx avx2 fma")));
		assertEquals("Zen 4", ProcessorFamily.AMD, ProcessorFamily.of(Arrays.asList(
			"vendor_id\t: AuthenticAMD", "cpu family\t: 25", "model\t\t: 17",
			"flags\t\t: fpu avx2 avx512f avx512_vnni")));
		assertEquals("before AVX2 (Bulldozer)", ProcessorFamily.OTHER,
			ProcessorFamily.of(Arrays.asList("vendor_id\t: AuthenticAMD",
				"cpu family\t: 21", "flags\t\t: fpu sse2 avx fma")));
		assertEquals("only the first processor's flags count", ProcessorFamily.AMD,
			ProcessorFamily.of(Arrays.asList("vendor_id\t: AuthenticAMD",
				"cpu family\t: 25", "flags\t\t: avx2 avx512f", "flags\t\t: avx2")));
		// its measured choices: no patch convs, fixed filters, shifted taps
		assertEquals(Long.MAX_VALUE, Layers.patchConvChannels(
			ProcessorFamily.AMD_AVX2));
		org.junit.Assert.assertTrue(FixedFilterConv.byDefault(
			ProcessorFamily.AMD_AVX2));
		assertEquals(DilatedTrainingConv.SHIFTED_TAPS, Layers.dilatedTrainingConv(
			ProcessorFamily.AMD_AVX2));
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

	@Test
	public void aPropertyChoosesTheDilatedTrainingConvAndAWrongOneIsNamed() {
		String key = "cenet.dilatedTrainingConv", before = System.getProperty(key);
		try {
			System.clearProperty(key);
			assertEquals("by default, the family's", Layers.dilatedTrainingConv(
				ProcessorFamily.current()), Layers.dilatedTrainingConv());
			assertEquals(DilatedTrainingConv.SHIFTED_TAPS, Layers.dilatedTrainingConv(
				ProcessorFamily.AMD));
			for (ProcessorFamily f : new ProcessorFamily[] { ProcessorFamily.INTEL,
				ProcessorFamily.AMD_ZEN5, ProcessorFamily.OTHER })
				assertEquals(f.name(), DilatedTrainingConv.SPACE_TO_BATCH, Layers
					.dilatedTrainingConv(f));
			System.setProperty(key, "SHIFTED_TAPS");
			assertEquals(DilatedTrainingConv.SHIFTED_TAPS, Layers
				.dilatedTrainingConv());
			System.setProperty(key, "SPACE_TO_BATCH");
			assertEquals(DilatedTrainingConv.SPACE_TO_BATCH, Layers
				.dilatedTrainingConv());
			System.setProperty(key, "taps");
			IllegalArgumentException e = org.junit.Assert.assertThrows(
				IllegalArgumentException.class, Layers::dilatedTrainingConv);
			assertEquals(
				"-Dcenet.dilatedTrainingConv=taps: use one of [SHIFTED_TAPS, SPACE_TO_BATCH]",
				e.getMessage());
		}
		finally {
			if (before == null) System.clearProperty(key);
			else System.setProperty(key, before);
		}
	}

	/**
	 * Convs as Conv3D for batches of one where measured faster (Zen 2), Conv2D
	 * elsewhere; the property overrides, a wrong value is named.
	 */
	@Test
	public void aPropertyChoosesConv3dForBatchesOfOneAndAWrongValueIsNamed() {
		checkOneDnnChoice("cenet.batchOfOneConv3d", Layers::conv3dForBatchesOfOne,
			Layers::conv3dForBatchesOfOne);
	}

	/**
	 * Filter gradients by taps: the same rules (Zen 2's family only, the
	 * property, a wrong value named).
	 */
	@Test
	public void aPropertyChoosesFilterGradientsByTapsAndAWrongValueIsNamed() {
		checkOneDnnChoice("cenet.filterGradientTaps", Layers::filterGradientAsTaps,
			Layers::filterGradientAsTaps);
	}

	private static void checkOneDnnChoice(String key,
		java.util.function.BooleanSupplier choice,
		java.util.function.Predicate<ProcessorFamily> family)
	{
		String before = System.getProperty(key);
		try {
			System.clearProperty(key);
			assertEquals(key + ": by default, the family's where oneDNN runs", family
				.test(ProcessorFamily.current()) && OneDnnSwitch.apply().on, choice
					.getAsBoolean());
			org.junit.Assert.assertTrue(key, family.test(ProcessorFamily.AMD_AVX2));
			for (ProcessorFamily f : new ProcessorFamily[] { ProcessorFamily.INTEL,
				ProcessorFamily.AMD, ProcessorFamily.AMD_ZEN5, ProcessorFamily.OTHER })
				org.junit.Assert.assertFalse(key + " " + f.name(), family.test(f));
			System.setProperty(key, "true");
			org.junit.Assert.assertTrue(key, choice.getAsBoolean());
			System.setProperty(key, "false");
			org.junit.Assert.assertFalse(key, choice.getAsBoolean());
			System.setProperty(key, "yes");
			IllegalArgumentException e = org.junit.Assert.assertThrows(
				IllegalArgumentException.class, choice::getAsBoolean);
			assertEquals("-D" + key + "=yes: use true or false", e.getMessage());
		}
		finally {
			if (before == null) System.clearProperty(key);
			else System.setProperty(key, before);
		}
	}
}
