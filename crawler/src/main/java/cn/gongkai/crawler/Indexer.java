package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.HOST_PAUSE;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes what the crawl archived, many pages at a time: the capture rows, extracted items, host pauses and frontier
 * status changes of a batch of pages go to the database in a few multi-row statements and one transaction, instead of
 * several autocommitted statements per page (which kept the crawl's threads waiting for pooled connections).
 *
 * <p>An entry is submitted only once its WARC records are on disk, so the index still never points at evidence a
 * crash could take away. A page's capture and its frontier row's DONE (or FAILED) are committed together: a crash
 * before the commit leaves the page QUEUED with its records unindexed on disk, and the resumed crawl fetches it again;
 * a DONE page always has its capture. A batch is written when it holds {@link #MAX_PAGES} entries or
 * {@link #MAX_ROWS} rows, when its oldest entry has waited {@link #MAX_WAIT_MS}, at the end of every wave and when the
 * crawl ends or stops. One writer at a time: a batch uses one pooled connection, whatever the number of hosts.
 */
final class Indexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    /** Entries (pages) per batch: at a few hundred pages a second, a batch every fraction of a second. */
    static final int MAX_PAGES = 200;
    /** Rows (captures and items) per batch, so that pages with thousands of items do not pile up in memory. */
    static final int MAX_ROWS = 10_000;
    /** How long an entry may wait: what a crash can cost is about this much fetching, done again. */
    static final long MAX_WAIT_MS = 250;

    /** Why a host was paused, recorded with the capture that showed it (the entry's last). */
    record HostPause(String host, String reason, Integer httpStatus, LocalDateTime pausedAt) {
    }

    /**
     * What one page (or one robots.txt, one feed) adds to the index; written whole or not at all. The items belong to
     * the last capture, which is the page's (earlier ones are retries).
     */
    static final class Entry {
        final List<Captures.Row> captures = new ArrayList<>(1);
        List<Captures.Item> items = List.of();
        Frontier.Update update;
        HostPause pause;

        Entry capture(Captures.Row row) {
            captures.add(row);
            return this;
        }

        Captures.Row lastCapture() {
            return captures.isEmpty() ? null : captures.getLast();
        }

        /** Marks the page's capture as a wall or an error page: kept as evidence, not the content asked for. */
        void markLast(String status, String reason) {
            captures.set(captures.size() - 1, captures.getLast().marked(status, reason));
        }

        int rows() {
            return captures.size() + items.size();
        }
    }

    private final DSLContext dsl;
    private final long roundId;
    // A lock rather than synchronized: the batch is written under it, and a virtual thread must not pin its carrier.
    private final ReentrantLock writing = new ReentrantLock();
    private final Object pendingLock = new Object();
    private List<Entry> pending = new ArrayList<>();
    private int pendingRows;
    private long oldestAt;
    private volatile RuntimeException failure;
    private volatile boolean closing;
    private final long maxWaitMs;
    private final Thread timer;

    Indexer(DSLContext dsl, long roundId) {
        this(dsl, roundId, MAX_WAIT_MS);
    }

    /** With another longest wait (tests that must see a batch written only when full or flushed). */
    Indexer(DSLContext dsl, long roundId, long maxWaitMs) {
        this.dsl = dsl;
        this.roundId = roundId;
        this.maxWaitMs = maxWaitMs;
        this.timer = Thread.ofVirtual().name("crawl-indexer-" + roundId).start(this::flushWhenDue);
    }

    /** Queues the entry for the next batch; writes the batch at once when it is full. */
    void submit(Entry entry) {
        throwIfFailed();
        boolean full;
        synchronized (pendingLock) {
            if (pending.isEmpty()) {
                oldestAt = System.nanoTime();
            }
            pending.add(entry);
            pendingRows += entry.rows();
            full = pending.size() >= MAX_PAGES || pendingRows >= MAX_ROWS;
        }
        if (full) {
            flush();
        }
    }

    /** Writes everything submitted so far, in one transaction. */
    void flush() {
        writing.lock();
        try {
            throwIfFailed();
            List<Entry> batch;
            synchronized (pendingLock) {
                batch = pending;
                pending = new ArrayList<>();
                pendingRows = 0;
            }
            if (!batch.isEmpty()) {
                try {
                    writeRetryingDeadlocks(batch);
                } catch (RuntimeException e) {
                    // The batch is lost, not half written: its pages stay QUEUED and are fetched again. Everything
                    // after it is refused too, so that the crawl stops and resumes from the frontier.
                    failure = e;
                    throw e;
                }
            }
        } finally {
            writing.unlock();
        }
    }

    private void throwIfFailed() {
        RuntimeException f = failure;
        if (f != null) {
            throw new IllegalStateException("写入抓取索引失败，抓取中止，未完成的网址仍在队列中：" + f.getMessage(), f);
        }
    }

    /**
     * A batch's transaction may meet a discovering worker's insert into the frontier in a deadlock, which the server
     * resolves by rolling the batch back whole (SQLState 40001): it is simply written again.
     */
    private void writeRetryingDeadlocks(List<Entry> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                return;
            } catch (org.jooq.exception.DataAccessException e) {
                if (attempt >= 3 || !"40001".equals(e.sqlState())) {
                    throw e;
                }
                log.info("Round {}: batch of {} pages rolled back by a deadlock, written again", roundId, batch.size());
            }
        }
    }

    private void write(List<Entry> batch) {
        List<Captures.Row> rows = new ArrayList<>();
        for (Entry e : batch) {
            rows.addAll(e.captures);
        }
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            List<Long> ids = Captures.insert(tx, rows);
            List<Captures.ItemOf> items = new ArrayList<>();
            List<Frontier.Update> updates = new ArrayList<>();
            var pauses = tx.insertInto(HOST_PAUSE, HOST_PAUSE.ROUND_ID, HOST_PAUSE.HOST, HOST_PAUSE.REASON,
                    HOST_PAUSE.HTTP_STATUS, HOST_PAUSE.CAPTURE_ID, HOST_PAUSE.PAUSED_AT);
            int pauseCount = 0;
            int next = 0;
            for (Entry e : batch) {
                next += e.captures.size();
                Long last = e.captures.isEmpty() ? null : ids.get(next - 1);
                for (Captures.Item item : e.items) {
                    items.add(new Captures.ItemOf(last, item));
                }
                if (e.update != null) {
                    updates.add(e.update);
                }
                if (e.pause != null) {
                    pauses = pauses.values(roundId, Text.clip(e.pause.host(), 300), Text.clip(e.pause.reason(), 1000),
                            e.pause.httpStatus(), last, e.pause.pausedAt());
                    pauseCount++;
                }
            }
            Captures.insertItems(tx, items);
            if (pauseCount > 0) {
                pauses.execute();
            }
            Frontier.update(tx, updates);
        });
    }

    private void flushWhenDue() {
        try {
            while (!closing) {
                Thread.sleep(Math.min(MAX_WAIT_MS / 2, maxWaitMs / 2));
                boolean due;
                synchronized (pendingLock) {
                    due = !pending.isEmpty() && System.nanoTime() - oldestAt >= maxWaitMs * 1_000_000;
                }
                if (due) {
                    flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // recorded in failure: the crawl's next submit stops it
            log.debug("Round {}: batch indexing stopped: {}", roundId, e.toString());
        }
    }

    /** Stops the timer and writes what is left, unless an earlier batch failed (then nothing more is written). */
    @Override
    public void close() {
        // Not interrupted: an interrupt closes a virtual thread's socket, and with it a batch being written.
        closing = true;
        try {
            timer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
