
package sc.fiji.cenet.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.io.Checkpoint;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TestTensors;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TrainingHistory;
import sc.fiji.cenet.model.WeightInit;

/**
 * What a training run writes goes straight from TF into the files (model file
 * and checkpoint) and comes back bit for bit; the best weights come back from
 * the model file, or from memory before the first improvement.
 */
public class BestWeightsTest {

	private static final CENetConfig CONFIG = new CENetConfig(3, 1);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void filesWrittenFromTheGraphAndBestWeightsReloaded()
		throws IOException
	{
		StateDict a = WeightInit.random(CONFIG, 1), b = WeightInit.random(CONFIG,
			2);
		Path model = tmp.getRoot().toPath().resolve("best.cenet"), checkpoint = tmp
			.getRoot().toPath().resolve("run.ck");
		try (TrainingGraph graph = new TrainingGraph(CONFIG, LossKind.DICE_BCE,
			Collections.emptySet(), false, 1))
		{
			graph.initialize(a);
			// a step, so that Adam's moments are not all zero
			int n = 1, s = 192;
			float[] x = new float[n * s * s * 3], t = new float[n * s * s], w =
				new float[n * s * s];
			for (int i = 0; i < x.length; i++)
				x[i] = (float) Math.sin(i * 0.37);
			for (int i = 0; i < t.length; i++) {
				t[i] = i % 7 == 0 ? 1 : 0;
				w[i] = 1;
			}
			graph.step(x, t, w, n, s, s, 1e-3, 1);
			StateDict weights = graph.weights(), adam = graph.optimizerState();

			ModelFile.save(model, TrainedModel.withoutWeights(CONFIG,
				new Properties(), new TrainingHistory()), graph.weightSource());
			TestTensors.assertBitIdentical(weights, ModelFile.load(model).weights());
			Map<String, StateDict.EntrySource> groups = new LinkedHashMap<>();
			groups.put("weights", graph.weightSource());
			groups.put("adam", graph.optimizerStateSource());
			Checkpoint.saveGroups(checkpoint, new Properties(), groups);
			Checkpoint ck = Checkpoint.load(checkpoint);
			TestTensors.assertBitIdentical(weights, ck.group("weights"));
			TestTensors.assertBitIdentical(adam, ck.group("adam"));

			BestWeights best = BestWeights.inMemory(b::get);
			best.loadInto(graph);
			TestTensors.assertBitIdentical(b, graph.weights());
			best.savedTo(model);
			best.loadInto(graph);
			TestTensors.assertBitIdentical(weights, graph.weights());
			TestTensors.assertBitIdentical(adam, graph.optimizerState()); // a reload
																																		// keeps the
																																		// moments

			graph.loadWeights(b);
			BestWeights.inFile(model).loadInto(graph);
			TestTensors.assertBitIdentical(weights, graph.weights());

			// a run from random weights keeps none: they are made again from the seed
			BestWeights.inMemory(WeightInit.lazy(CONFIG, 5)).loadInto(graph);
			TestTensors.assertBitIdentical(WeightInit.random(CONFIG, 5), graph
				.weights());
			graph.initialize(WeightInit.lazy(CONFIG, 6));
			TestTensors.assertBitIdentical(WeightInit.random(CONFIG, 6), graph
				.weights());
			StateDict moments = graph.optimizerState();
			for (String name : moments.names())
				for (float v : moments.get(name).data())
					assertEquals(name + " cleared", 0f, v, 0);
		}
	}

	@Test
	public void aDamagedModelFileIsReportedWhenTheRunResumes()
		throws IOException
	{
		Path model = tmp.getRoot().toPath().resolve("best.cenet");
		ModelFile.save(model, new TrainedModel(CONFIG, WeightInit.random(CONFIG, 3),
			new Properties(), new TrainingHistory()));
		byte[] bytes = Files.readAllBytes(model);
		for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++)
			bytes[i] ^= 0x5a; // inside a weight
		Files.write(model, bytes);
		try {
			BestWeights.inFile(model);
			fail("resumed with a damaged model file");
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(model.toString()));
		}
	}
}
