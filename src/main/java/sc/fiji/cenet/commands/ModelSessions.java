package sc.fiji.cenet.commands;

import java.io.File;
import java.io.IOException;
import java.util.Objects;

import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetGraph;
import sc.fiji.cenet.model.CENetInference;

/**
 * Keeps the most recently used model open in TensorFlow, so that a macro
 * predicting image after image reads the model file and builds its session
 * once: both take seconds, a prediction of a small image far less. A model
 * file that changed on disk is read again. The session of a replaced model
 * is closed as soon as no running command uses it.
 */
final class ModelSessions {

	private static Entry current;

	private ModelSessions() {}

	/**
	 * The model of a file with an open TensorFlow session; close the lease
	 * when done (the session itself stays open for the next command).
	 *
	 * @throws IOException when the model file cannot be read
	 */
	static synchronized Lease open(final File modelFile, final boolean useGpu) throws IOException {
		final Key key = new Key(modelFile, useGpu);
		if (current == null || !current.key.equals(key)) {
			final TrainedModel model = ModelFile.load(modelFile.toPath());
			final CENetInference network = new CENetInference(model.config(), model.weights(),
				CENetGraph.Mode.FOLDED_INFERENCE, useGpu);
			final Entry previous = current;
			current = new Entry(key, model, network);
			if (previous != null) previous.retire();
		}
		current.users++;
		return new Lease(current);
	}

	/** Closes the cached session once unused; the next {@link #open} builds a new one. */
	static synchronized void clear() {
		if (current != null) current.retire();
		current = null;
	}

	/** A model file as it is now: a change of its size or time stamp means new weights. */
	private static final class Key {

		private final String path;
		private final long modified;
		private final long length;
		private final boolean useGpu;

		Key(final File file, final boolean useGpu) {
			this.path = file.getAbsolutePath();
			this.modified = file.lastModified();
			this.length = file.length();
			this.useGpu = useGpu;
		}

		@Override
		public boolean equals(final Object o) {
			if (!(o instanceof Key)) return false;
			final Key k = (Key) o;
			return path.equals(k.path) && modified == k.modified && length == k.length &&
				useGpu == k.useGpu;
		}

		@Override
		public int hashCode() {
			return Objects.hash(path, modified, length, useGpu);
		}
	}

	private static final class Entry {

		final Key key;
		final TrainedModel model;
		final CENetInference network;
		int users;
		boolean retired;

		Entry(final Key key, final TrainedModel model, final CENetInference network) {
			this.key = key;
			this.model = model;
			this.network = network;
		}

		/** Called with the class lock held. */
		void retire() {
			retired = true;
			if (users == 0) network.close();
		}
	}

	/** One command's use of a cached model. */
	static final class Lease implements AutoCloseable {

		private final Entry entry;
		private boolean closed;

		private Lease(final Entry entry) {
			this.entry = entry;
		}

		TrainedModel model() {
			return entry.model;
		}

		CENetInference network() {
			return entry.network;
		}

		@Override
		public void close() {
			synchronized (ModelSessions.class) {
				if (closed) return;
				closed = true;
				if (--entry.users == 0 && entry.retired) entry.network.close();
			}
		}
	}
}
