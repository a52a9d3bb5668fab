
package sc.fiji.cenet.service;

import java.io.File;
import java.io.IOException;
import java.util.Objects;

import sc.fiji.cenet.io.SamePath;
import sc.fiji.cenet.predict.CENetModel;

/**
 * The most recently used model, open in TensorFlow, lent to callers: one model
 * is what a macro, a folder prediction or a Spark executor needs (several would
 * each hold their weights and TensorFlow buffers). A model file whose size or
 * time changed is read again; the model it replaces is closed once its last
 * lease ends. The one cache of the plugin: the SciJava service keeps one per
 * context, a Spark executor one per JVM.
 */
public final class ModelCache {

	private Entry current;

	/**
	 * The model of a file, open; close the lease when done (the model stays open
	 * for the next caller).
	 *
	 * @throws IOException when the file is not a readable model
	 */
	public synchronized CENetModelService.Lease open(final File modelFile,
		final boolean useGpu) throws IOException
	{
		final Key key = new Key(modelFile, useGpu);
		if (current == null || !current.key.equals(key)) {
			final CENetModel model = CENetModel.open(modelFile.toPath(), useGpu);
			final Entry previous = current;
			current = new Entry(key, model);
			if (previous != null) previous.retire();
		}
		current.users++;
		return new EntryLease(current);
	}

	/**
	 * Closes the open model once unused; the next {@link #open} reads the file
	 * again.
	 */
	public synchronized void clear() {
		if (current != null) current.retire();
		current = null;
	}

	/**
	 * A model file as it is now: a change of its size or time stamp means new
	 * weights.
	 */
	private static final class Key {

		private final String path;
		private final long modified;
		private final long length;
		private final boolean useGpu;

		Key(final File file, final boolean useGpu) {
			this.path = SamePath.canonical(file.toPath()).toString();
			this.modified = file.lastModified();
			this.length = file.length();
			this.useGpu = useGpu;
		}

		@Override
		public boolean equals(final Object o) {
			if (!(o instanceof Key)) return false;
			final Key k = (Key) o;
			return path.equals(k.path) && modified == k.modified &&
				length == k.length && useGpu == k.useGpu;
		}

		@Override
		public int hashCode() {
			return Objects.hash(path, modified, length, useGpu);
		}
	}

	private static final class Entry {

		final Key key;
		final CENetModel model;
		int users;
		boolean retired;

		Entry(final Key key, final CENetModel model) {
			this.key = key;
			this.model = model;
		}

		/** Called with the cache's lock held. */
		void retire() {
			retired = true;
			if (users == 0) model.close();
		}
	}

	private final class EntryLease implements CENetModelService.Lease {

		private final Entry entry;
		private boolean closed;

		EntryLease(final Entry entry) {
			this.entry = entry;
		}

		@Override
		public CENetModel model() {
			return entry.model;
		}

		@Override
		public void close() {
			synchronized (ModelCache.this) {
				if (closed) return;
				closed = true;
				if (--entry.users == 0 && entry.retired) entry.model.close();
			}
		}
	}
}
