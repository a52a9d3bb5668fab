
package sc.fiji.cenet.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Produces batches 0..count-1 on a background daemon thread, at most
 * {@code capacity} ahead of the consumer, so that reading and augmenting the
 * next batch overlaps the training step on the current one.
 * <p>
 * A failure while producing reaches the consumer at the {@link #next()} call
 * for that batch. {@link #close()} stops the producer and waits for it, so no
 * thread outlives a try-with-resources block.
 *
 * @param <B> the batch type
 */
public final class BatchPrefetcher<B> implements AutoCloseable {

	/** Makes batch {@code index}; called on the prefetch thread, in order. */
	public interface Source<B> {

		B produce(int index) throws Exception;
	}

	/** What the queue carries: a batch, or the failure that ended production. */
	private static final class Item<B> {

		final B batch;
		final Throwable failure;

		Item(B batch, Throwable failure) {
			this.batch = batch;
			this.failure = failure;
		}
	}

	private final int count;
	private final BlockingQueue<Item<B>> queue;
	private final Thread producer;
	private volatile boolean closed;
	private int consumed;
	private boolean failed;

	/**
	 * Starts producing at once.
	 *
	 * @param capacity batches ready ahead of the consumer, 1 or 2 are plenty
	 */
	public BatchPrefetcher(int count, Source<B> source, int capacity) {
		if (count < 0) throw new IllegalArgumentException(
			"batch count must not be negative, not " + count);
		if (capacity < 1) throw new IllegalArgumentException(
			"capacity must be at least 1, not " + capacity);
		this.count = count;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.producer = new Thread(() -> produceAll(source),
			"cenet-batch-prefetch");
		producer.setDaemon(true);
		producer.start();
	}

	public boolean hasNext() {
		return !closed && !failed && consumed < count;
	}

	/**
	 * The next batch, waiting for it if needed.
	 *
	 * @throws RuntimeException the producer's unchecked exception as thrown, an
	 *           {@link UncheckedIOException} for an {@link IOException}, else a
	 *           {@link RuntimeException} wrapping it
	 * @throws InterruptedException when the consumer is interrupted while waiting
	 */
	public B next() throws InterruptedException {
		if (closed) throw new IllegalStateException("prefetcher is closed");
		if (!hasNext()) throw new NoSuchElementException("all " + count +
			" batches were taken");
		Item<B> item = queue.take();
		if (item.failure != null) {
			failed = true;
			throw rethrowable(item.failure);
		}
		consumed++;
		return item.batch;
	}

	/**
	 * Stops the producer (interrupting a wait or a blocking read) and waits until
	 * it has ended.
	 */
	@Override
	public void close() {
		closed = true;
		producer.interrupt();
		boolean interrupted = false;
		while (producer.isAlive()) {
			try {
				producer.join();
			}
			catch (InterruptedException e) {
				interrupted = true;
			}
		}
		queue.clear();
		if (interrupted) Thread.currentThread().interrupt();
	}

	private void produceAll(Source<B> source) {
		try {
			for (int i = 0; i < count && !closed; i++) {
				B batch;
				try {
					batch = source.produce(i);
				}
				catch (InterruptedException e) {
					return;
				}
				catch (Throwable t) {
					if (!closed) queue.put(new Item<>(null, t));
					return;
				}
				queue.put(new Item<>(batch, null));
			}
		}
		catch (InterruptedException e) {
			// closed while waiting for room in the queue
		}
	}

	private static RuntimeException rethrowable(Throwable t) {
		if (t instanceof RuntimeException) return (RuntimeException) t;
		if (t instanceof Error) throw (Error) t;
		if (t instanceof IOException) return new UncheckedIOException(t
			.getMessage(), (IOException) t);
		return new RuntimeException(t.getMessage(), t);
	}
}
