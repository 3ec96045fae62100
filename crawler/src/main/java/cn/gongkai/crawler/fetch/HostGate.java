package cn.gongkai.crawler.fetch;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Politeness: request starts to one host:port are at least a delay apart, whatever thread asks. Times are whole
 * milliseconds of the wall clock, the same instants that become the capture times, so the spacing can be checked
 * from the database.
 */
public final class HostGate {

    private static final class Slot {
        // A ReentrantLock, not synchronized: sleeping inside synchronized would pin a virtual thread's carrier.
        final ReentrantLock lock = new ReentrantLock();
        long lastStartMillis = Long.MIN_VALUE;
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /** Waits until {@code hostKey} may be asked again and returns the request start that it then reserves. */
    public Instant acquire(String hostKey, long delayMillis) throws InterruptedException {
        Slot slot = slots.computeIfAbsent(hostKey, k -> new Slot());
        slot.lock.lockInterruptibly();
        try {
            while (true) {
                long now = System.currentTimeMillis();
                long wait = slot.lastStartMillis == Long.MIN_VALUE ? 0 : slot.lastStartMillis + delayMillis - now;
                if (wait <= 0) {
                    slot.lastStartMillis = now;
                    return Instant.ofEpochMilli(now);
                }
                Thread.sleep(wait);
            }
        } finally {
            slot.lock.unlock();
        }
    }
}
