
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

/**
 * -Dcenet.precision: auto never picks bf16 without AMX (nor, until measured
 * there, with it); bf16 is explicit.
 */
public class PrecisionTest {

	private static final List<String> ZEN4 = Arrays.asList("avx2", "avx512f",
		"avx512_bf16"), SAPPHIRE_RAPIDS = Arrays.asList("avx2", "avx512f",
			"avx512_bf16", "amx_tile", "amx_bf16", "amx_int8");

	@Test
	public void autoPicksFp32WithoutAmx() {
		assertEquals(Precision.FP32, Precision.of(null, ZEN4));
		assertEquals(Precision.FP32, Precision.of("auto", ZEN4));
		assertEquals(Precision.FP32, Precision.of(" ", Arrays.asList()));
	}

	/**
	 * Not measured on an AMX processor yet: auto stays fp32 there too (change
	 * with the measurement).
	 */
	@Test
	public void autoPicksFp32OnAmxUntilMeasuredThere() {
		assertEquals(Precision.FP32, Precision.of("auto", SAPPHIRE_RAPIDS));
	}

	@Test
	public void anExplicitChoiceWins() {
		assertEquals(Precision.BF16, Precision.of("bf16", ZEN4));
		assertEquals(Precision.FP32, Precision.of("FP32", SAPPHIRE_RAPIDS));
		try {
			Precision.of("fp16", ZEN4);
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("-Dcenet.precision must be fp32, bf16 or auto, not 'fp16'", e
				.getMessage());
		}
	}

	/**
	 * bf16 is a rewrite of the inference session only; fp32 sessions carry none.
	 */
	@Test
	public void bf16TurnsOnTheOneDnnRewrite() {
		assertEquals(org.tensorflow.proto.RewriterConfig.Toggle.DEFAULT, TfRuntime
			.config(false, false).getGraphOptions().getRewriteOptions()
			.getAutoMixedPrecisionOnednnBfloat16());
		assertEquals(org.tensorflow.proto.RewriterConfig.Toggle.ON, TfRuntime
			.config(false, false, Precision.BF16).getGraphOptions()
			.getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
	}
}
