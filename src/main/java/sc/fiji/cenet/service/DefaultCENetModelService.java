package sc.fiji.cenet.service;

import java.io.File;
import java.io.IOException;
import java.util.Objects;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

import sc.fiji.cenet.predict.CENetModel;

/**
 * Keeps the most recently used model open (one model is what a macro or a
 * folder prediction needs; several would each hold their weights and
 * TensorFlow buffers).
 */
@Plugin(type = Service.class)
public final class DefaultCENetModelService extends AbstractService implements CENetModelService {

	private Entry current;

	@Override
	public synchronized Lease open(final File modelFile, final boolean useGpu) throws IOException {
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

	@Override
	public synchronized void clear() {
		if (current != null) current.retire();
		current = null;
	}

	@Override
	public void dispose() {
		clear();
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
		final CENetModel model;
		int users;
		boolean retired;

		Entry(final Key key, final CENetModel model) {
			this.key = key;
			this.model = model;
		}

		/** Called with the service's lock held. */
		void retire() {
			retired = true;
			if (users == 0) model.close();
		}
	}

	private final class EntryLease implements Lease {

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
			synchronized (DefaultCENetModelService.this) {
				if (closed) return;
				closed = true;
				if (--entry.users == 0 && entry.retired) entry.model.close();
			}
		}
	}
}
