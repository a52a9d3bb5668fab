
package sc.fiji.cenet.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

public class CENetArchitectureTest {

	/**
	 * Every name, shape and fan-in matches the reference state_dict manifest of
	 * the parity fixture.
	 */
	@Test
	public void matchesReferenceManifest() throws Exception {
		List<CENetArchitecture.Param> params = new CENetArchitecture(
			new CENetConfig(3, 1)).params();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(getClass()
			.getResourceAsStream("/cenet-parity/weights_manifest.tsv"),
			StandardCharsets.UTF_8)))
		{
			String header = r.readLine();
			assertEquals("k", header.split("\t")[0]);
			int k = 0;
			for (String line; (line = r.readLine()) != null;) {
				String[] f = line.split("\t");
				if (f[1].endsWith("num_batches_tracked")) continue;
				CENetArchitecture.Param p = params.get(k);
				assertEquals(Integer.parseInt(f[0]), k);
				assertEquals(f[1], p.name);
				String[] dims = f[3].split("x");
				long[] shape = new long[dims.length];
				for (int i = 0; i < dims.length; i++)
					shape[i] = Long.parseLong(dims[i]);
				assertArrayEquals(p.name, shape, p.shape);
				if (!f[4].equals("-")) assertEquals(p.name, Double.parseDouble(f[4]),
					p.fanIn, 0);
				k++;
			}
			assertEquals(268, k);
			assertEquals(268, params.size());
		}
	}

	/**
	 * README "The network": 29,003,093 parameters for 3 input channels and 1
	 * class. That is PyTorch's
	 * {@code sum(p.numel() for p in model.parameters())}: the trainable weights
	 * and biases, batch-norm gamma and beta included, the batch-norm running mean
	 * and variance (buffers) and num_batches_tracked not.
	 */
	@Test
	public void parameterCountOfTheReadme() {
		long trainable = 0, statistics = 0;
		for (CENetArchitecture.Param p : new CENetArchitecture(new CENetConfig(3,
			1)).params())
		{
			long n = 1;
			for (long d : p.shape)
				n *= d;
			if (p.kind.isBatchNormStatistic()) statistics += n;
			else trainable += n;
		}
		assertEquals(29_003_093, trainable);
		// with the running statistics it would be 29,022,105: not what the README
		// counts
		assertEquals("running mean and variance of the 9,506 batch-norm channels",
			2 * 9_506, statistics);
	}
}
