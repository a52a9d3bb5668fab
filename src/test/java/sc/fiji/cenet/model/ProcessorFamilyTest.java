package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

public class ProcessorFamilyTest {

	@Test
	public void readsTheVendorOfCpuinfo() {
		assertEquals(ProcessorFamily.INTEL, ProcessorFamily.of(Arrays.asList("processor\t: 0",
			"vendor_id\t: GenuineIntel", "cpu family\t: 6")));
		assertEquals(ProcessorFamily.AMD, ProcessorFamily.of(Arrays.asList("processor\t: 0",
			"vendor_id\t: AuthenticAMD")));
		assertEquals(ProcessorFamily.OTHER, ProcessorFamily.of(Arrays.asList("vendor_id\t: HygonGenuine")));
		assertEquals(ProcessorFamily.OTHER, ProcessorFamily.of(Collections.singletonList("CPU implementer : 0x41")));
	}
}
