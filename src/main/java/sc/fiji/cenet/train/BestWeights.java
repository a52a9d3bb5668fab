
package sc.fiji.cenet.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.model.StateDict;

/**
 * Where the weights of the best epoch so far are, for the schedule's reload of
 * them: until the first improvement the initial weights (made again from the
 * seed when they were random, else a copy in memory), from then on the model
 * file written at each improvement. A run thus keeps no heap copy of the
 * weights once it has improved, and none at all when it starts from random
 * weights.
 */
final class BestWeights {

	private java.util.function.Function<String, StateDict.Entry> inMemory;
	private Path file;

	private BestWeights(
		java.util.function.Function<String, StateDict.Entry> inMemory, Path file)
	{
		this.inMemory = inMemory;
		this.file = file;
	}

	/**
	 * @param weights every weight by name, each asked for when it is loaded (a
	 *          new or an unchanging array)
	 */
	static BestWeights inMemory(
		java.util.function.Function<String, StateDict.Entry> weights)
	{
		return new BestWeights(weights, null);
	}

	/**
	 * The weights of a model file (a resumed run's), read through once now so
	 * that a damaged file is reported when the run resumes, not at a reload.
	 */
	static BestWeights inFile(Path modelFile) throws IOException {
		try (ModelFile.WeightReader r = ModelFile.openWeights(modelFile)) {
			java.util.function.Function<String, StateDict.Entry> weights = r
				.weightsInReusedArrays();
			for (String name : new sc.fiji.cenet.model.CENetArchitecture(r
				.description().config()).shapes().keySet())
				weights.apply(name);
		}
		catch (UncheckedIOException e) {
			throw e.getCause();
		}
		return new BestWeights(null, modelFile);
	}

	/** The best weights are now those just written to {@code modelFile}. */
	void savedTo(Path modelFile) {
		inMemory = null;
		file = modelFile;
	}

	/**
	 * Puts the best weights back into the graph (the optimiser's moments stay).
	 */
	void loadInto(TrainingGraph graph) throws IOException {
		if (inMemory != null) {
			graph.loadWeights(inMemory);
			return;
		}
		try (ModelFile.WeightReader r = ModelFile.openWeights(file)) {
			graph.loadWeights(r.weightsInReusedArrays());
		}
		catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}
}
