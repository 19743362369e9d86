package org.medtl.core.dataset;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches decoded by a private thread pool, in order, at most {@code prefetch} batches ahead of the consumer
 * (bounded memory). {@link #close()} cancels pending work and stops the threads; it may be called from another
 * thread to cancel. A sample that cannot be read makes {@link #next()} throw an {@link UncheckedIOException}
 * whose cause is the {@link ImageReadException} naming the file.
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final ImagePipeline pipeline;
    private final List<Sample> samples;
    private final int batchSize;
    private final long seed;
    private final ExecutorService pool;
    // Concurrent: close() may run on another thread (a cancel button) while next() waits.
    private final java.util.concurrent.ConcurrentLinkedDeque<Future<Batch>> pending = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final int batchCount;
    private int submitted;
    private int delivered;
    private volatile boolean closed;

    BatchIterator(ImagePipeline pipeline, List<Sample> samples, int batchSize, int threads, int prefetch, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("Decoding threads must be at least 1, got " + threads);
        }
        this.pipeline = pipeline;
        this.samples = List.copyOf(samples);
        this.batchSize = batchSize;
        this.seed = seed;
        this.batchCount = (this.samples.size() + batchSize - 1) / batchSize;
        int number = POOL_NUMBER.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "medtl-decode-" + number + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < Math.max(prefetch, 1); i++) {
            submitNext();
        }
    }

    private void submitNext() {
        if (submitted < batchCount && !closed) {
            int b = submitted++;
            pending.add(pool.submit(() -> decode(b)));
        }
    }

    private Batch decode(int b) throws ImageReadException {
        int start = b * batchSize;
        int end = Math.min(start + batchSize, samples.size());
        List<Sample> part = samples.subList(start, end);
        int stride = pipeline.tensorSize();
        float[] data = new float[part.size() * stride];
        int[] labels = new int[part.size()];
        for (int i = 0; i < part.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("batch decoding cancelled");
            }
            Sample s = part.get(i);
            pipeline.tensor(s, new Random(ImagePipeline.sampleSeed(seed, start + i)), data, i * stride);
            labels[i] = s.labelIndex();
        }
        return new Batch(data, labels, part, start, pipeline.height(), pipeline.width());
    }

    /** Number of batches this iterator yields in total. */
    public int batchCount() {
        return batchCount;
    }

    @Override
    public boolean hasNext() {
        return !closed && delivered < batchCount;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "the batch iterator was closed" : "no more batches");
        }
        Future<Batch> f = pending.poll();
        if (f == null) {
            throw new CancellationException("the batch iterator was closed");
        }
        try {
            Batch batch = f.get();
            delivered++;
            submitNext();
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for a batch");
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof ImageReadException ire) {
                throw new UncheckedIOException(ire.getMessage(), ire);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("decoding a batch failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Future<Batch> f : pending) {
            f.cancel(true);
        }
        pending.clear();
        pool.shutdownNow();
    }
}
