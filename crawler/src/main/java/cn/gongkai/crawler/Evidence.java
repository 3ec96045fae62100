package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;

import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.warc.TornTails;
import cn.gongkai.crawler.warc.WarcFileWriter;
import cn.gongkai.crawler.warc.WarcLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WARC side of a crawl: every exchange is written and forced to disk here, and only then turned into the capture
 * row that {@link Indexer} will index. A torn tail left by an earlier crawl is checked and cut off before writing.
 */
final class Evidence implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Evidence.class);

    private final Path warcDirectory;
    private final long roundId;
    private final Captures captures;
    private final WarcFileWriter warc;
    private final AtomicLong bytes = new AtomicLong();

    Evidence(Path warcDirectory, long roundId, Captures captures) {
        this.warcDirectory = warcDirectory;
        this.roundId = roundId;
        this.captures = captures;
        this.warc = new WarcFileWriter(warcDirectory, roundId, WarcFileWriter.DEFAULT_ROTATE_BYTES);
    }

    /** Payload bytes archived so far. */
    long bytes() {
        return bytes.get();
    }

    /** Writes the exchange to WARC and forces it to disk; returns its capture row, to be indexed from now on. */
    Captures.Row write(long channelId, String url, FetchResult fetch) throws WarcFailure {
        Optional<WarcLocation> location;
        try {
            location = warc.write(fetch);
        } catch (IOException e) {
            throw new WarcFailure(warcDirectory, e);
        }
        bytes.addAndGet(fetch.body().length);
        return captures.row(channelId, url, fetch, location);
    }

    @Override
    public void close() {
        try {
            warc.close();
        } catch (IOException e) {
            throw new UncheckedIOException("关闭 WARC 文件失败", e);
        }
    }

    /**
     * A crawl killed mid-write leaves a half record at the end of its last WARC file. It was never indexed, which is
     * checked here before it is cut off; new records always go to a new file.
     */
    static void repairTornTails(DSLContext dsl, Path warcDirectory, long roundId) {
        for (Path file : TornTails.files(warcDirectory, roundId)) {
            try {
                Optional<Long> torn = TornTails.tornAt(file);
                if (torn.isEmpty()) {
                    continue;
                }
                String name = file.getFileName().toString();
                int indexed = dsl.fetchCount(CAPTURE, CAPTURE.WARC_FILE.eq(name)
                        .and(CAPTURE.WARC_OFFSET.ge(torn.get())));
                if (indexed > 0) {
                    throw new IllegalStateException("WARC 文件 " + name + " 在偏移 " + torn.get()
                            + " 之后损坏，但数据库中有 " + indexed + " 条抓取记录指向该区域；证据不完整，请人工检查");
                }
                TornTails.TornTail cut = TornTails.cut(file, torn.get());
                log.warn("Round {}: torn WARC tail of {} ({} bytes after offset {}) was never indexed; cut off and "
                        + "kept in {}", roundId, name, cut.tornBytes(), cut.validLength(), cut.savedTo());
            } catch (IOException e) {
                throw new UncheckedIOException("检查 WARC 文件尾部失败：" + file, e);
            }
        }
    }

    /**
     * Writing evidence failed. A full disk (ENOSPC, or a quota) gets a message that says so: the crawl cannot go on
     * until space is freed, and nothing is lost meanwhile, since a capture is indexed only after its record is on disk
     * and what was not done stays queued.
     */
    static final class WarcFailure extends IOException {

        WarcFailure(Path warcDirectory, IOException cause) {
            super(message(warcDirectory, cause), cause);
        }

        static boolean diskFull(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = t.getMessage();
                if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                    return true;
                }
            }
            return false;
        }

        private static String message(Path warcDirectory, IOException cause) {
            String what = diskFull(cause)
                    ? "WARC 证据目录 " + warcDirectory + " 所在磁盘空间已满（" + cause.getMessage() + "）"
                    : "写入 WARC 证据失败（" + warcDirectory + "：" + cause.getMessage() + "）";
            return what + "，抓取已暂停：已写入磁盘的证据均已建立索引，未完成的网址仍在队列中；"
                    + (diskFull(cause) ? "释放磁盘空间后" : "排除故障后") + "重新抓取即从队列继续";
        }
    }
}
