package cn.gongkai.web.profile;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.crawler.extract.PageInspector;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.web.audit.AuditTrail;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * The websites of a round with their extraction profiles: listed, tried on a captured page of the channel (what the
 * selectors pick there, beside what the generic reading finds), and saved. A profile is a property of the channel:
 * the next check reads its captures with it, with no recapture; the next capture follows its next-page selector.
 */
@Service
public class SiteProfiles {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final DSLContext dsl;
    private final EvidenceStore store;

    SiteProfiles(DSLContext dsl, EvidenceStore store) {
        this.dsl = dsl;
        this.store = store;
    }

    /** A website of the round, its profile's selectors by key ({@link ExtractionProfile#LABELS}) and pages to try. */
    public record Site(long channelId, String unitName, String url, Map<String, String> selectors, List<Page> pages) {
    }

    /** A captured page of the channel (its homepage or a configured column) to try a profile on. */
    public record Page(long captureId, String url, String label, LocalDateTime capturedAt) {
    }

    /**
     * What a profile picks on one captured page, beside the generic reading.
     *
     * @param profile what {@link PageInspector} reports under {@code profile}
     */
    public record Trial(long channelId, Page page, int genericItems, List<String> genericNextPages,
                        Map<String, Object> profile) {
    }

    public List<Site> sites(long roundId) {
        var websites = dsl.select(CHANNEL.ID, UNIT.NAME, CHANNEL.URL, CHANNEL.EXTRACTION_PROFILE).from(ROUND_CHANNEL)
                .join(CHANNEL).on(CHANNEL.ID.eq(ROUND_CHANNEL.CHANNEL_ID)).join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), CHANNEL.KIND.eq("WEBSITE"))
                .orderBy(UNIT.CODE, CHANNEL.ID).fetch();
        Map<Long, String> homepages = new LinkedHashMap<>();
        websites.forEach(r -> homepages.put(r.value1(), r.value3()));
        Map<Long, List<Page>> pages = pages(roundId, homepages);
        return websites.map(r -> new Site(r.value1(), r.value2(), r.value3(), selectors(r.value4()),
                pages.get(r.value1())));
    }

    /** Whether the channel is a website of the round. */
    public boolean isWebsiteOf(long roundId, long channelId) {
        return dsl.fetchExists(dsl.selectOne().from(ROUND_CHANNEL).join(CHANNEL)
                .on(CHANNEL.ID.eq(ROUND_CHANNEL.CHANNEL_ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), ROUND_CHANNEL.CHANNEL_ID.eq(channelId),
                        CHANNEL.KIND.eq("WEBSITE")));
    }

    /**
     * Tries the selectors on a captured page of the channel; a selector that is no valid CSS is refused with its
     * name (IllegalArgumentException), and so is a capture that is not the channel's in this round.
     */
    public Trial trial(long roundId, long channelId, long captureId, Map<String, String> selectors) {
        ExtractionProfile profile = ExtractionProfile.of(selectors);
        if (profile.isEmpty()) {
            throw new IllegalArgumentException("请至少填写一个选择器再试用");
        }
        String homepage = dsl.select(CHANNEL.URL).from(CHANNEL).where(CHANNEL.ID.eq(channelId)).fetchOne(CHANNEL.URL);
        Page page = pages(roundId, Map.of(channelId, homepage)).get(channelId).stream()
                .filter(p -> p.captureId() == captureId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("所选页面不是本渠道本轮抓取的首页或栏目页，请从列表中选择"));
        var capture = dsl.selectFrom(CAPTURE).where(CAPTURE.ID.eq(captureId)).fetchOne();
        EvidenceStore.CapturedRecord record = store.read(capture.getWarcFile(), capture.getWarcOffset());
        LocalDate day = capture.getCapturedAt().atOffset(ZoneOffset.UTC).atZoneSameInstant(CHINA).toLocalDate();
        Map<String, Object> inspected = PageInspector.inspect(record.payload(), record.contentType(), capture.getUrl(),
                day, capture.getHttpStatus() == null ? 200 : capture.getHttpStatus(), List.of(), profile);
        @SuppressWarnings("unchecked")
        Map<String, Object> profiled = (Map<String, Object>) inspected.get("profile");
        @SuppressWarnings("unchecked")
        List<String> nextPages = (List<String>) inspected.get("pagination");
        int genericItems = inspected.get("items") instanceof List<?> items ? items.size() : 0;
        return new Trial(channelId, page, genericItems, nextPages == null ? List.of() : nextPages,
                profiled == null ? Map.of() : profiled);
    }

    /**
     * Stores the channel's profile (none when every selector is empty), audited with the one it replaces; a bad
     * selector is refused with its name (IllegalArgumentException) and nothing is stored.
     */
    public void save(String actor, long roundId, long channelId, Map<String, String> selectors) {
        ExtractionProfile profile = ExtractionProfile.of(selectors);
        String json = profile.isEmpty() ? null : profile.toJson();
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            String before = tx.select(CHANNEL.EXTRACTION_PROFILE).from(CHANNEL).where(CHANNEL.ID.eq(channelId))
                    .forUpdate().fetchOne(CHANNEL.EXTRACTION_PROFILE);
            tx.update(CHANNEL).set(CHANNEL.EXTRACTION_PROFILE, json).where(CHANNEL.ID.eq(channelId)).execute();
            AuditTrail.record(tx, actor, "SITE_PROFILE_SAVED", "channel", String.valueOf(channelId), before, json,
                    "评估轮次 " + roundId + " 的栏目配置页");
        });
    }

    private static Map<String, String> selectors(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> given;
        try {
            given = ExtractionProfile.fromJson(json).map(ExtractionProfile::selectors).orElse(Map.of());
        } catch (IllegalArgumentException e) {
            given = Map.of(); // a stored profile the crawler ignores too; saving the form replaces it
        }
        for (String key : ExtractionProfile.LABELS.keySet()) {
            out.put(key, given.getOrDefault(key, ""));
        }
        return out;
    }

    /**
     * By channel: the latest successful capture in the round of its homepage and of each configured column, in that
     * order; two queries for all the channels.
     */
    private Map<Long, List<Page>> pages(long roundId, Map<Long, String> homepages) {
        Map<Long, Map<String, String>> labels = new LinkedHashMap<>();
        homepages.forEach((id, homepage) -> labels.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(homepage, "首页"));
        dsl.select(CHANNEL_COLUMN.CHANNEL_ID, CHANNEL_COLUMN.URL, CHANNEL_COLUMN.NAME).from(CHANNEL_COLUMN)
                .where(CHANNEL_COLUMN.CHANNEL_ID.in(homepages.keySet())).orderBy(CHANNEL_COLUMN.ID)
                .forEach(r -> labels.get(r.value1()).putIfAbsent(r.value2(), r.value3()));
        Set<String> urls = new LinkedHashSet<>();
        labels.values().forEach(m -> urls.addAll(m.keySet()));
        Map<Long, Map<String, Page>> latest = new LinkedHashMap<>();
        dsl.select(CAPTURE.CHANNEL_ID, CAPTURE.ID, CAPTURE.URL, CAPTURE.CAPTURED_AT).from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId), CAPTURE.CHANNEL_ID.in(homepages.keySet()),
                        CAPTURE.STATUS.eq("OK"), CAPTURE.WARC_FILE.isNotNull(), CAPTURE.URL.in(urls))
                .orderBy(CAPTURE.CAPTURED_AT.desc(), CAPTURE.ID.desc())
                .forEach(r -> {
                    String label = labels.get(r.value1()).get(r.value3());
                    if (label != null) {
                        latest.computeIfAbsent(r.value1(), k -> new LinkedHashMap<>()).putIfAbsent(r.value3(),
                                new Page(r.value2(), r.value3(), label, r.value4()));
                    }
                });
        Map<Long, List<Page>> out = new LinkedHashMap<>();
        labels.forEach((id, byUrl) -> {
            Map<String, Page> captured = latest.getOrDefault(id, Map.of());
            out.put(id, byUrl.keySet().stream().map(captured::get).filter(java.util.Objects::nonNull).toList());
        });
        return out;
    }
}
