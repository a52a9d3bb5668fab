
package sc.fiji.cenet.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * TF caches oneDNN's convolution primitives by shapes and post-ops, not by
 * filter layout. A fixed-filter session that runs after a plain session of the
 * same shapes must still get primitives of its own (blocked filters): sharing
 * the plain ones would lose the speed-up, and make results depend, by float
 * rounding, on which session ran first on a thread. Checked in oneDNN's own log
 * ({@code ONEDNN_VERBOSE=1}) of a child JVM.
 */
public class FixedFilterPrimitiveTest {

	private static final String MARK = "FIXED-FILTER SESSION";

	@Test
	public void aFixedFilterSessionAfterAPlainOneUsesItsOwnPrimitives()
		throws Exception
	{
		// nothing to share: CENetInference runs the plain ops
		if (!FixedFilterConv.available()) return;
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java")
			.toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(Child.class.getName());
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		pb.environment().put("ONEDNN_VERBOSE", "1");
		Process p = pb.start();
		p.getOutputStream().close();
		int plainLayout = 0, blockedLayout = 0;
		boolean fixed = false, done = false;
		try (BufferedReader in = new BufferedReader(new InputStreamReader(p
			.getInputStream(), StandardCharsets.UTF_8)))
		{
			for (String line; (line = in.readLine()) != null;) {
				if (line.equals(MARK)) fixed = true;
				else if (line.equals("DONE")) done = true;
				else if (fixed && line.contains(",exec,cpu,convolution,") && line
					.contains("forward"))
				{
					if (line.contains("wei_f32::blocked:cdba")) plainLayout++;
					else blockedLayout++;
				}
			}
		}
		assertTrue("the child finished", p.waitFor(120, TimeUnit.SECONDS));
		assertTrue("the child ran both sessions", done);
		assertEquals(
			"forward convolutions of the fixed-filter session on TF's plain filter layout",
			0, plainLayout);
		// 42 on an Intel Xeon; 22 where 3x3 convs from 256 channels run as patches
		// times a matrix (AMD)
		assertTrue("forward convolutions of the fixed-filter session: " +
			blockedLayout, blockedLayout > 10);
	}

	/**
	 * A plain session (CENetInference asked for a GPU: the plain ops), then a
	 * fixed-filter one, same shapes.
	 */
	public static final class Child {

		public static void main(String[] args) {
			CENetConfig config = new CENetConfig(3, 1);
			StateDict w = WeightInit.random(config, 1);
			float[] x = new float[192 * 192 * 3];
			for (int i = 0; i < x.length; i++)
				x[i] = (float) Math.sin(i * 0.01);
			try (CENetInference plain = new CENetInference(config, w,
				CENetGraph.Mode.FOLDED_INFERENCE, true))
			{
				plain.predict(x, 1, 192, 192);
			}
			System.out.println(MARK);
			try (CENetInference fixed = CENetInference.withFixedFilters(config, w)) {
				fixed.predict(x, 1, 192, 192);
			}
			System.out.println("DONE");
		}
	}
}
