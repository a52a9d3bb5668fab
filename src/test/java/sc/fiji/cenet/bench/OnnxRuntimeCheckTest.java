
package sc.fiji.cenet.bench;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * The ONNX Runtime peer is timed only when it computes the plugin's
 * probabilities: the check fails otherwise.
 */
public class OnnxRuntimeCheckTest {

	@Test
	public void thePeerMustComputeThePluginsProbabilities() {
		float[] plugin = { 0.1f, 0.5f, 0.9f };
		assertTrue(OnnxRuntimeChild.agrees(new float[] { 0.10001f, 0.5f, 0.89999f },
			plugin, 1e-4));
		assertFalse("one pixel off", OnnxRuntimeChild.agrees(new float[] { 0.1f,
			0.5002f, 0.9f }, plugin, 1e-4));
		assertFalse("another shape", OnnxRuntimeChild.agrees(new float[] { 0.1f,
			0.5f }, plugin, 1e-4));
		assertFalse("NaN", OnnxRuntimeChild.agrees(new float[] { 0.1f, Float.NaN,
			0.9f }, plugin, 1e-4));
	}
}
