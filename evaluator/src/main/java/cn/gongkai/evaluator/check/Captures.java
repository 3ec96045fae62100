package cn.gongkai.evaluator.check;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.HOST_PAUSE;
import static cn.gongkai.sql.jooq.Tables.PROBE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.warc.EvidenceStore;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Read access to a round's captures and what extraction found in them. */
public final class Captures {

    /** One fetch of one URL. */
    public record CaptureRef(long id, String url, String status, Integer httpStatus, LocalDateTime capturedAt,
                             String error) {

        public boolean ok() {
            return "OK".equals(status);
        }

        /**
         * Why this capture gives nothing to read, in Chinese, naming the page; empty for a successful one. A wall
         * (BLOCKED), a page that says it is gone (NOT_FOUND), a maintenance page, an error status or a failed fetch
         * shows nothing of what the site publishes there, so no finding may rest on it either way.
         */
        public Optional<String> unread() {
            if (ok()) {
                return Optional.empty();
            }
            String why = switch (status) {
                case "BLOCKED" -> error != null ? error : "页面被拦截";
                case "NOT_FOUND" -> error != null ? error : "页面显示不存在";
                case "MAINTENANCE" -> error != null ? error : "网站维护中";
                case "HTTP_ERROR" -> httpStatus != null ? "服务器返回 HTTP " + httpStatus : String.valueOf(error);
                case "FAILED" -> "采集失败" + (error != null ? "：" + error : "");
                default -> "采集状态 " + status + (error != null ? "：" + error : "");
            };
            return Optional.of(url + "（" + why + "）");
        }
    }

    /** A column of a website as the round defines it. */
    public record Column(long id, String name, String url, String type) {
    }

    /** One availability probe of a homepage. */
    public record Probe(LocalDateTime probedAt, String status, int elapsedMs, Integer httpStatus, String error) {
    }

    /** One dated entry of a list page. */
    public record DatedItem(long captureId, String title, String url, LocalDate date, String excerpt) {

        public DatedItem(long captureId, String title, String url, LocalDate date) {
            this(captureId, title, url, date, null);
        }
    }

    /** The reason given for a page that was read but on which no list was recognised (see {@link #list}). */
    public static final String UNRECOGNISED_LIST = "未识别出栏目列表";

    /** Parsed pages recently asked for: several checkers read the same homepage and columns of a unit in a row. */
    private static final int PARSED_PAGES_KEPT = 64;

    private final DSLContext dsl;
    private final EvidenceStore evidence;
    private final Map<Long, Optional<Document>> parsed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<Document>> eldest) {
            return size() > PARSED_PAGES_KEPT;
        }
    };

    /** The extraction profile of each capture's website, by capture. */
    private final Map<Long, Optional<ExtractionProfile>> profiles = new java.util.HashMap<>();

    public Captures(DSLContext dsl, EvidenceStore evidence) {
        this.dsl = dsl;
        this.evidence = evidence;
    }

    /** The channel's columns, in the order the round lists them. */
    public List<Column> columns(long channelId) {
        return dsl.select(CHANNEL_COLUMN.ID, CHANNEL_COLUMN.NAME, CHANNEL_COLUMN.URL, CHANNEL_COLUMN.COLUMN_TYPE)
                .from(CHANNEL_COLUMN)
                .where(CHANNEL_COLUMN.CHANNEL_ID.eq(channelId))
                .orderBy(CHANNEL_COLUMN.ID)
                .fetch(r -> new Column(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** The channel's availability probes between two days (inclusive), oldest first. */
    public List<Probe> probes(long roundId, long channelId, LocalDate first, LocalDate last) {
        return dsl.select(PROBE.PROBED_AT, PROBE.STATUS, PROBE.ELAPSED_MS, PROBE.HTTP_STATUS, PROBE.ERROR)
                .from(PROBE)
                .where(PROBE.ROUND_ID.eq(roundId))
                .and(PROBE.CHANNEL_ID.eq(channelId))
                .and(PROBE.PROBED_AT.ge(first.atStartOfDay()))
                .and(PROBE.PROBED_AT.lt(last.plusDays(1).atStartOfDay()))
                .orderBy(PROBE.PROBED_AT, PROBE.ID)
                .fetch(r -> new Probe(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /**
     * A message of a message board as extraction stored it: asked on {@code askedAt}, its status (ANSWERED,
     * IN_PROGRESS, UNANSWERED, UNKNOWN), the day of its reply and the unit that replied where the page shows them.
     */
    public record MessageItem(long captureId, String title, String url, LocalDate askedAt, String status,
                              LocalDate repliedAt, String replyUnit) {
    }

    /** The MESSAGE items of every successful capture of the channel, in capture order. */
    public List<MessageItem> messagesOfChannel(long roundId, long channelId) {
        return dsl.select(EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.TITLE, EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE,
                        EXTRACTED_ITEM.REPLY_STATUS, EXTRACTED_ITEM.REPLIED_AT, EXTRACTED_ITEM.REPLY_UNIT)
                .from(EXTRACTED_ITEM)
                .join(CAPTURE).on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                .where(CAPTURE.ROUND_ID.eq(roundId))
                .and(CAPTURE.CHANNEL_ID.eq(channelId))
                .and(CAPTURE.STATUS.eq("OK"))
                .and(EXTRACTED_ITEM.KIND.eq("MESSAGE"))
                .orderBy(CAPTURE.CAPTURED_AT, EXTRACTED_ITEM.ID)
                .fetch(r -> new MessageItem(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7()));
    }

    /** Items of one kind from every successful capture of the channel, in capture order. */
    public List<DatedItem> itemsOfChannel(long roundId, long channelId, String kind) {
        return dsl.select(EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.TITLE, EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE,
                        EXTRACTED_ITEM.EXCERPT)
                .from(EXTRACTED_ITEM)
                .join(CAPTURE).on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                .where(CAPTURE.ROUND_ID.eq(roundId))
                .and(CAPTURE.CHANNEL_ID.eq(channelId))
                .and(CAPTURE.STATUS.eq("OK"))
                .and(EXTRACTED_ITEM.KIND.eq(kind))
                .orderBy(CAPTURE.CAPTURED_AT, EXTRACTED_ITEM.ID)
                .fetch(r -> new DatedItem(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** How the channel's capture in the round ended (RUNNING, DONE, INCOMPLETE, FAILED) and why; empty if never. */
    public Optional<String[]> channelCapture(long roundId, long channelId) {
        return dsl.select(CHANNEL_CAPTURE.STATUS, CHANNEL_CAPTURE.REASON).from(CHANNEL_CAPTURE)
                .where(CHANNEL_CAPTURE.ROUND_ID.eq(roundId)).and(CHANNEL_CAPTURE.CHANNEL_ID.eq(channelId))
                .fetchOptional(r -> new String[] {r.value1(), r.value2()});
    }

    /** Why the channel's capture in the round was cut short (it ended INCOMPLETE, e.g. at a page budget), if it was. */
    public Optional<String> captureCut(long roundId, long channelId) {
        return channelCapture(roundId, channelId).filter(c -> "INCOMPLETE".equals(c[0]))
                .map(c -> c[1] == null || c[1].isBlank() ? "采集未完成" : c[1]);
    }

    /**
     * Why the channel's capture in the round gives nothing to judge, if it does not: it FAILED (its homepage could not
     * be fetched, was blocked, or the account's feed failed), or it finished without one successful page. Empty when
     * the capture brought pages, or when the channel was never captured through the crawler (captures imported
     * otherwise are judged as they are).
     */
    public Optional<String> captureFailure(long roundId, long channelId) {
        Optional<String[]> capture = channelCapture(roundId, channelId);
        if (capture.isEmpty() || "RUNNING".equals(capture.get()[0])) {
            return Optional.empty();
        }
        String reason = capture.get()[1] == null ? "" : "：" + capture.get()[1];
        if ("FAILED".equals(capture.get()[0])) {
            return Optional.of("该渠道本轮采集失败" + reason + "，无从判断：请排除故障、重新采集该渠道后再检查");
        }
        // robots.txt is archived too, but a site that answers it and walls off every page gave nothing to judge.
        boolean anyPage = dsl.fetchExists(CAPTURE, CAPTURE.ROUND_ID.eq(roundId)
                .and(CAPTURE.CHANNEL_ID.eq(channelId)).and(CAPTURE.STATUS.eq("OK"))
                .and(CAPTURE.URL.notLike("%/robots.txt")));
        if (anyPage) {
            return Optional.empty();
        }
        // The first page asked for (the homepage, or the feed's first article) says what stood in the way: a wall,
        // a maintenance page, an error.
        String met = all(roundId, channelId).stream().filter(c -> !c.url().endsWith("/robots.txt"))
                .map(CaptureRef::unread).flatMap(Optional::stream).findFirst()
                .map(why -> "；所遇页面：" + why).orElse("");
        return Optional.of("该渠道本轮未采集到任何页面" + reason + met + "，无从判断：请排除故障、重新采集该渠道后再检查");
    }

    /**
     * Why the page at {@code url} was not read in the round: never captured, or its latest capture is a wall, an error
     * or a failure (see {@link CaptureRef#unread}); empty when a successful capture exists.
     */
    public Optional<String> unread(long roundId, long channelId, String url) {
        Optional<CaptureRef> capture = latest(roundId, channelId, url);
        if (capture.isPresent()) {
            return capture.get().unread();
        }
        // Most often the crawler stopped at the host: a wall or a maintenance page met on another of its pages.
        return Optional.of(url + "（本轮未采集" + hostPause(roundId, url).map(why -> "，该站点已暂停抓取：" + why)
                .orElse("") + "）");
    }

    private Optional<String> hostPause(long roundId, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (uri.getHost() == null) {
            return Optional.empty();
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        String host = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        return dsl.select(HOST_PAUSE.REASON).from(HOST_PAUSE)
                .where(HOST_PAUSE.ROUND_ID.eq(roundId)).and(HOST_PAUSE.HOST.eq(host))
                .orderBy(HOST_PAUSE.PAUSED_AT, HOST_PAUSE.ID).limit(1).fetchOptional(HOST_PAUSE.REASON);
    }

    /**
     * How the list of a successful capture reads: its dated entries as stored at capture time, else what the
     * extractor makes of the page (an undated list, an explicit empty list, or none recognised). A page without HTML
     * has no list recognised.
     */
    public PageExtractor.ListReading list(CaptureRef capture) {
        List<DatedItem> dated = listItems(capture.id());
        if (!dated.isEmpty()) {
            return new PageExtractor.ListReading(PageExtractor.ListShape.DATED, dated.stream()
                    .map(i -> new PageExtractor.ListItem(i.title(), i.url(), i.date())).toList(), null);
        }
        LocalDate day = capture.capturedAt().toLocalDate();
        return html(capture.id()).map(page -> profile(capture.id()).flatMap(p -> p.readList(page, day))
                        .orElseGet(() -> PageExtractor.readList(page, day)))
                .orElseGet(() -> new PageExtractor.ListReading(PageExtractor.ListShape.UNRECOGNISED, List.of(), null));
    }

    /**
     * The article's own part of a captured page: what the site's profile selects as the article body, else the page
     * without its header, menus and footer ({@link PageChrome#content}). A copy: a checker may change it.
     */
    public Element content(long captureId, Document page) {
        return profile(captureId).flatMap(p -> p.articleBody(page)).map(Element::clone)
                .orElseGet(() -> PageChrome.content(page));
    }

    /**
     * The extraction profile (栏目配置) of the website a capture belongs to, if an evaluator gave it one: what its
     * selectors select is read first, as the crawler did.
     */
    public Optional<ExtractionProfile> profile(long captureId) {
        // Several checkers read the same pages of a unit in a row: each capture's profile is looked up once.
        return profiles.computeIfAbsent(captureId, id -> {
            String json = dsl.select(CHANNEL.EXTRACTION_PROFILE).from(CAPTURE)
                    .join(CHANNEL).on(CHANNEL.ID.eq(CAPTURE.CHANNEL_ID))
                    .where(CAPTURE.ID.eq(id)).fetchOptional(CHANNEL.EXTRACTION_PROFILE).orElse(null);
            try {
                return ExtractionProfile.fromJson(json);
            } catch (IllegalArgumentException unreadable) {
                return Optional.empty(); // checked on entry; the generic reading stands in
            }
        });
    }

    /** The URLs of the unit's websites in the round: where its WeChat articles should link back to. */
    public List<String> websiteUrls(long roundId, long unitId) {
        return dsl.select(CHANNEL.URL).from(CHANNEL)
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId))
                .and(CHANNEL.UNIT_ID.eq(unitId))
                .and(CHANNEL.KIND.eq("WEBSITE"))
                .orderBy(CHANNEL.ID)
                .fetch(CHANNEL.URL);
    }

    /** Every capture of the channel in the round, oldest first. */
    public List<CaptureRef> all(long roundId, long channelId) {
        return dsl.select(CAPTURE.ID, CAPTURE.URL, CAPTURE.STATUS, CAPTURE.HTTP_STATUS, CAPTURE.CAPTURED_AT,
                        CAPTURE.ERROR)
                .from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId))
                .and(CAPTURE.CHANNEL_ID.eq(channelId))
                .orderBy(CAPTURE.CAPTURED_AT, CAPTURE.ID)
                .fetch(r -> new CaptureRef(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** Every successful capture of one URL in the channel, oldest first. */
    public List<CaptureRef> history(long roundId, long channelId, String url) {
        return all(roundId, channelId).stream()
                .filter(c -> c.ok() && (c.url().equals(url) || c.url().equals(withOrWithoutTrailingSlash(url))))
                .toList();
    }

    /** Items of a capture of the given kind, with or without a date, in page order. */
    public List<DatedItem> items(long captureId, String kind) {
        return dsl.select(EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.TITLE, EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                .from(EXTRACTED_ITEM)
                .where(EXTRACTED_ITEM.CAPTURE_ID.eq(captureId))
                .and(EXTRACTED_ITEM.KIND.eq(kind))
                .orderBy(EXTRACTED_ITEM.ID)
                .fetch(r -> new DatedItem(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /**
     * The captured page as a document, read back from its WARC record; empty when the capture holds no HTML.
     * Checkers read pages only through here, so they judge exactly what the evidence viewer shows. The document is
     * shared between checkers: read it, never change it (clone it first).
     */
    public Optional<Document> html(long captureId) {
        Optional<Document> page = parsed.get(captureId);
        if (page == null) {
            page = parse(captureId);
            parsed.put(captureId, page);
        }
        return page;
    }

    private Optional<Document> parse(long captureId) {
        var row = dsl.select(CAPTURE.WARC_FILE, CAPTURE.WARC_OFFSET, CAPTURE.URL, CAPTURE.CONTENT_TYPE)
                .from(CAPTURE).where(CAPTURE.ID.eq(captureId)).fetchOne();
        if (row == null || row.value1() == null) {
            return Optional.empty();
        }
        String contentType = row.value4() == null ? "" : row.value4().toLowerCase();
        if (!contentType.isEmpty() && !contentType.contains("html")) {
            return Optional.empty();
        }
        EvidenceStore.CapturedRecord record = evidence.read(row.value1(), row.value2());
        return Optional.of(Jsoup.parse(PageExtractor.decode(record.payload(), record.contentType()), row.value3()));
    }

    /**
     * The latest capture of {@code url} in the channel, preferring a successful one: a later failure must not hide
     * evidence already captured.
     */
    public Optional<CaptureRef> latest(long roundId, long channelId, String url) {
        return dsl.select(CAPTURE.ID, CAPTURE.URL, CAPTURE.STATUS, CAPTURE.HTTP_STATUS, CAPTURE.CAPTURED_AT,
                        CAPTURE.ERROR)
                .from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId))
                .and(CAPTURE.CHANNEL_ID.eq(channelId))
                .and(CAPTURE.URL.in(url, withOrWithoutTrailingSlash(url)))
                .orderBy(CAPTURE.STATUS.eq("OK").desc(), CAPTURE.CAPTURED_AT.desc(), CAPTURE.ID.desc())
                .limit(1)
                .fetchOptional(r -> new CaptureRef(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6()));
    }

    /** Dated list entries read from one capture, newest first. */
    public List<DatedItem> listItems(long captureId) {
        return dsl.select(EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.TITLE, EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                .from(EXTRACTED_ITEM)
                .where(EXTRACTED_ITEM.CAPTURE_ID.eq(captureId))
                .and(EXTRACTED_ITEM.KIND.eq("LIST_ITEM"))
                .and(EXTRACTED_ITEM.PUB_DATE.isNotNull())
                .orderBy(EXTRACTED_ITEM.PUB_DATE.desc(), EXTRACTED_ITEM.ID)
                .fetch(r -> new DatedItem(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Dated list entries of every successful capture in the channel but {@code excludedCaptureId}, newest first. */
    public List<DatedItem> listItemsOfChannel(long roundId, long channelId, long excludedCaptureId) {
        return dsl.select(EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.TITLE, EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                .from(EXTRACTED_ITEM)
                .join(CAPTURE).on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                .where(CAPTURE.ROUND_ID.eq(roundId))
                .and(CAPTURE.CHANNEL_ID.eq(channelId))
                .and(CAPTURE.STATUS.eq("OK"))
                .and(CAPTURE.ID.ne(excludedCaptureId))
                .and(EXTRACTED_ITEM.KIND.eq("LIST_ITEM"))
                .and(EXTRACTED_ITEM.PUB_DATE.isNotNull())
                .orderBy(EXTRACTED_ITEM.PUB_DATE.desc(), EXTRACTED_ITEM.ID)
                .fetch(r -> new DatedItem(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    private static String withOrWithoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url + "/";
    }
}
