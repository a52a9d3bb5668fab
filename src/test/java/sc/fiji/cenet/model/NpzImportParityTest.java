
package sc.fiji.cenet.model;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.io.Npz;
import sc.fiji.cenet.io.StateDictImport;

/**
 * A reference state_dict as a user exports it (.npz, PyTorch layouts,
 * DataParallel's {@code module.} prefix, num_batches_tracked counters dropped
 * by the reader) imports and predicts what the reference predicts.
 */
public class NpzImportParityTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void importedStateDictPredictsLikeTheReference() throws Exception {
		CENetConfig config = new CENetConfig(3, 1);
		StateDict weights = ParityFixture.weights(config);
		StateDict exported = new StateDict();
		for (String n : weights.names())
			exported.put("module." + n, weights.get(n).shape(), weights.get(n)
				.data());
		Path npz = tmp.getRoot().toPath().resolve("cenet.npz");
		Npz.write(npz, exported);

		StateDict imported = Npz.read(npz);
		CENetConfig inferred = StateDictImport.inferConfig(imported, "cenet.npz");
		StateDict full = StateDictImport.full(imported, inferred, "cenet.npz");
		try (CENetInference net = new CENetInference(inferred, full)) {
			double d = CENetParityTest.maxAbsDiff(net.logits(ParityFixture.input(192,
				224), 1, 192, 224), ParityFixture.raw(
					"caseB_1x3x192x224_logits_f32le.raw"));
			assertTrue("logits differ by " + d, d <= 1e-3);
		}
	}
}
