
package sc.fiji.cenet.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class BatchPrefetcherTest {

	@Test
	public void deliversEveryBatchInOrder() throws InterruptedException {
		try (BatchPrefetcher<String> p = new BatchPrefetcher<>(5, i -> "batch " + i,
			2))
		{
			for (int i = 0; i < 5; i++) {
				assertTrue(p.hasNext());
				assertEquals("batch " + i, p.next());
			}
			assertFalse(p.hasNext());
		}
	}

	@Test
	public void producesAheadOfTheConsumer() throws InterruptedException {
		CountDownLatch secondStarted = new CountDownLatch(1);
		try (BatchPrefetcher<Integer> p = new BatchPrefetcher<>(4, i -> {
			if (i == 1) secondStarted.countDown();
			return i;
		}, 1)) {
			assertTrue("batch 1 is produced before batch 0 is taken", secondStarted
				.await(10, TimeUnit.SECONDS));
			assertEquals(0, (int) p.next());
		}
	}

	@Test
	public void failuresReachTheConsumer() throws InterruptedException {
		try (BatchPrefetcher<Integer> p = new BatchPrefetcher<>(5, i -> {
			if (i == 2) throw new IOException("cannot read 3.tif");
			return i;
		}, 1)) {
			assertEquals(0, (int) p.next());
			assertEquals(1, (int) p.next());
			try {
				p.next();
				fail();
			}
			catch (UncheckedIOException e) {
				assertEquals("cannot read 3.tif", e.getMessage());
			}
			assertFalse(p.hasNext());
		}
		try (BatchPrefetcher<Integer> p = new BatchPrefetcher<>(5, i -> {
			throw new IllegalArgumentException("mask m.png is 3 x 3");
		}, 1)) {
			p.next();
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals("mask m.png is 3 x 3", e.getMessage());
		}
	}

	@Test
	public void closeStopsTheProducer() throws InterruptedException {
		AtomicInteger produced = new AtomicInteger();
		BatchPrefetcher<Integer> p = new BatchPrefetcher<>(1000, i -> {
			produced.incrementAndGet();
			return i;
		}, 2);
		assertEquals(0, (int) p.next());
		p.close();
		int after = produced.get();
		assertTrue("produced " + after, after <= 4); // 1 taken + 2 queued + 1
																									// waiting to be queued
		assertFalse(prefetchThreadAlive());
		Thread.sleep(50);
		assertEquals(after, produced.get());
		try {
			p.next();
			fail();
		}
		catch (IllegalStateException e) {
			assertEquals("prefetcher is closed", e.getMessage());
		}
	}

	private static boolean prefetchThreadAlive() {
		for (Thread t : Thread.getAllStackTraces().keySet())
			if (t.getName().equals("cenet-batch-prefetch") && t.isAlive())
				return true;
		return false;
	}
}
