package sc.fiji.cenet.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.model.StateDict;

/**
 * Where the weights of the best epoch so far are, for the schedule's reload
 * of them: in memory until the first improvement (the initial weights), from
 * then on in the model file written at each improvement. A run thus never
 * keeps a heap copy of the weights once it has improved.
 */
final class BestWeights {
	private StateDict inMemory;
	private Path file;

	private BestWeights(StateDict inMemory, Path file) {
		this.inMemory = inMemory;
		this.file = file;
	}

	static BestWeights inMemory(StateDict weights) {
		return new BestWeights(weights, null);
	}

	/**
	 * The weights of a model file (a resumed run's), read through once now so
	 * that a damaged file is reported when the run resumes, not at a reload.
	 */
	static BestWeights inFile(Path modelFile) throws IOException {
		try (ModelFile.WeightReader r = ModelFile.openWeights(modelFile)) {
			java.util.function.Function<String, StateDict.Entry> weights = r.weightsInReusedArrays();
			for (String name : new sc.fiji.cenet.model.CENetArchitecture(r.description().config()).shapes().keySet())
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

	/** Puts the best weights back into the graph (the optimiser's moments stay). */
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
