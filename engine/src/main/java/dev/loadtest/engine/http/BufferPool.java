package dev.loadtest.engine.http;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Buffers lent for the length of one exchange, so an idle user (thinking, or holding a keep-alive
 * connection) owns no buffer. Lock-free slots; when all are taken a new buffer is allocated.
 */
final class BufferPool {
    static final int SIZE = 16 * 1024;
    private static final int SLOTS = 256;
    private static final AtomicReferenceArray<byte[]> POOL = new AtomicReferenceArray<>(SLOTS);

    private BufferPool() {}

    static byte[] take() {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < 8; i++) {
            int slot = (start + i) & (SLOTS - 1);
            byte[] b = POOL.getAndSet(slot, null);
            if (b != null) {
                return b;
            }
        }
        return new byte[SIZE];
    }

    static void give(byte[] buffer) {
        if (buffer.length != SIZE) {
            return;
        }
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < 8; i++) {
            if (POOL.compareAndSet((start + i) & (SLOTS - 1), null, buffer)) {
                return;
            }
        }
    }
}
