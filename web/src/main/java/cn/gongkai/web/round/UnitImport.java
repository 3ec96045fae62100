package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.web.audit.AuditTrail;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Units, their channels and their websites' columns (栏目) put into a draft round from a spreadsheet (see
 * {@link UnitSheet}): all rows or none, in one transaction with its audit-log entry. Storing goes through
 * {@link RoundImporter#addUnit}, the same path as a round definition in YAML, so units, channels and columns are
 * matched by code and URL the same way.
 */
@Service
public class UnitImport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext dsl;

    public UnitImport(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A unit of the round as the import page lists it; {@code columns} are its channels' columns (栏目). */
    public record RoundUnit(String code, String name, String unitType, String groupName, List<String> channels,
                            List<String> columns) {
        public String typeLabel() {
            return UnitSheet.label(unitType);
        }
    }

    /** What an import stored. */
    public record Result(int units, int newUnits, int channels, int columns, List<String> newGroups) {
    }

    public List<RoundUnit> units(long roundId) {
        Map<String, List<String>> channels = new HashMap<>();
        dsl.select(UNIT.CODE, CHANNEL.KIND, CHANNEL.URL, CHANNEL.EXTRACTION_PROFILE, CHANNEL.CRAWL_MAX_DEPTH,
                        CHANNEL.CRAWL_MAX_PAGES_PER_CHANNEL, CHANNEL.CRAWL_MAX_LIST_PAGES, CHANNEL.CRAWL_DELAY_MS)
                .from(ROUND_CHANNEL)
                .join(CHANNEL).on(CHANNEL.ID.eq(ROUND_CHANNEL.CHANNEL_ID))
                .join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId)).orderBy(CHANNEL.ID)
                .forEach(r -> channels.computeIfAbsent(r.value1(), c -> new ArrayList<>())
                        .add(("WECHAT".equals(r.value2()) ? "微信公众号 " : "网站 ") + r.value3()
                                + profileText(r.value4())
                                + crawlText(new RoundDefinition.Crawl(r.value5(), r.value6(), r.value7(), r.value8()))));
        Map<String, List<String>> columns = new HashMap<>();
        dsl.select(UNIT.CODE, CHANNEL_COLUMN.NAME, CHANNEL_COLUMN.COLUMN_TYPE, CHANNEL_COLUMN.URL).from(ROUND_CHANNEL)
                .join(CHANNEL).on(CHANNEL.ID.eq(ROUND_CHANNEL.CHANNEL_ID))
                .join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .join(CHANNEL_COLUMN).on(CHANNEL_COLUMN.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId)).orderBy(CHANNEL.ID, CHANNEL_COLUMN.ID)
                .forEach(r -> columns.computeIfAbsent(r.value1(), c -> new ArrayList<>())
                        .add(r.value2() + "［" + UnitSheet.columnTypeLabel(r.value3()) + "］ " + r.value4()));
        return dsl.select(UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE, UNIT_GROUP.NAME).from(ROUND_UNIT)
                .join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(ROUND_UNIT.GROUP_ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId)).orderBy(UNIT_GROUP.ID, UNIT.CODE)
                .fetch(r -> new RoundUnit(r.value1(), r.value2(), r.value3(), r.value4(),
                        channels.getOrDefault(r.value1(), List.of()), columns.getOrDefault(r.value1(), List.of())));
    }

    /** A website's extraction profile as the page shows it: each selector by its Chinese name; empty for none. */
    private static String profileText(String json) {
        try {
            return ExtractionProfile.fromJson(json).map(p -> "（抽取配置：" + String.join("；", p.selectors().entrySet()
                    .stream().map(e -> ExtractionProfile.LABELS.get(e.getKey()) + " " + e.getValue()).toList())
                    + "）").orElse("");
        } catch (IllegalArgumentException unreadable) {
            return "（抽取配置无法读取：" + unreadable.getMessage() + "）";
        }
    }

    /** A website's own crawl limits as the page shows them; empty when it has none, every limit the round's. */
    private static String crawlText(RoundDefinition.Crawl crawl) {
        List<String> limits = new ArrayList<>();
        for (RoundDefinition.CrawlLimit limit : RoundDefinition.CrawlLimit.values()) {
            Integer value = limit.of(crawl);
            if (value != null) {
                limits.add(limit.label + " " + value + (limit.unit.isEmpty() ? "" : " " + limit.unit));
            }
        }
        return limits.isEmpty() ? "" : "（抓取上限：" + String.join("；", limits) + "）";
    }

    public List<UnitSheet.KnownGroup> groups() {
        return dsl.select(UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE).from(UNIT_GROUP)
                .orderBy(UNIT_GROUP.ID).fetch(r -> new UnitSheet.KnownGroup(r.value1(), r.value2(), r.value3()));
    }

    public byte[] templateXlsx() {
        return UnitSheet.templateXlsx(groups());
    }

    public byte[] templateCsv() {
        return UnitSheet.templateCsv();
    }

    public byte[] templateColumnsCsv() {
        return UnitSheet.templateColumnsCsv();
    }

    /**
     * Reads, checks and stores an upload, or stores nothing and throws. {@code columnsBytes} is a separate list of
     * columns (栏目), null when there is none (a workbook carries its columns in its sheet 栏目).
     *
     * @throws UnitImportException naming a file's problem or every bad row
     * @throws IllegalStateException when the round is no longer a draft
     */
    public Result importFile(String actor, long roundId, String fileName, byte[] bytes, String columnsFileName,
                             byte[] columnsBytes) {
        UnitSheet.Upload upload = UnitSheet.read(fileName, bytes, columnsFileName, columnsBytes);
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            requireDraft(db, roundId);
            List<UnitSheet.Entry> entries = UnitSheet.check(upload, known(db, roundId));
            Map<String, Long> groupIds = new HashMap<>();
            db.select(UNIT_GROUP.CODE, UNIT_GROUP.ID).from(UNIT_GROUP).forEach(r -> groupIds.put(r.value1(), r.value2()));
            List<String> newGroups = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            List<String> newUnits = new ArrayList<>();
            int channels = 0;
            int columns = 0;
            for (UnitSheet.Entry entry : entries) {
                Long groupId = groupIds.get(entry.group().code());
                if (groupId == null) {
                    groupId = RoundImporter.upsertGroup(db, entry.group());
                    groupIds.put(entry.group().code(), groupId);
                    newGroups.add(entry.group().code());
                }
                if (!db.fetchExists(UNIT, UNIT.CODE.eq(entry.unit().code()))) {
                    newUnits.add(entry.unit().code());
                }
                RoundImporter.addUnit(db, roundId, groupId, entry.group(), entry.unit());
                codes.add(entry.unit().code());
                channels += entry.unit().channels().size();
                for (RoundDefinition.Channel channel : entry.unit().channels()) {
                    columns += channel.columns() == null ? 0 : channel.columns().size();
                }
            }
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("file", fileName);
            after.put("sha256", sha256(bytes));
            if (columnsBytes != null) {
                after.put("columnsFile", columnsFileName);
                after.put("columnsSha256", sha256(columnsBytes));
            }
            after.put("units", codes);
            after.put("newUnits", newUnits);
            after.put("newGroups", newGroups);
            after.put("channels", channels);
            after.put("columns", columns);
            AuditTrail.record(db, actor, "UNITS_IMPORTED", "assessment_round", String.valueOf(roundId), null,
                    JSON.writeValueAsString(after), "从文件导入单位与渠道：" + fileName
                            + (columnsBytes == null ? "" : "，栏目：" + columnsFileName));
            return new Result(codes.size(), newUnits.size(), channels, columns, newGroups);
        });
    }

    /** Locks the round for the import, so that no one starts its capture half-way. */
    private static void requireDraft(DSLContext db, long roundId) {
        String status = db.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne(ASSESSMENT_ROUND.STATUS);
        if (status == null) {
            throw new IllegalArgumentException("评估轮次不存在：" + roundId);
        }
        if (RoundStatus.valueOf(status) != RoundStatus.DRAFT) {
            throw new IllegalStateException("评估轮次处于「" + RoundStatus.valueOf(status).label()
                    + "」阶段：只有草稿阶段的轮次才能导入单位和渠道");
        }
    }

    private static UnitSheet.Known known(DSLContext db, long roundId) {
        Map<String, UnitSheet.KnownGroup> groups = new HashMap<>();
        db.select(UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE).from(UNIT_GROUP)
                .forEach(r -> groups.put(r.value1(), new UnitSheet.KnownGroup(r.value1(), r.value2(), r.value3())));
        Map<String, UnitSheet.KnownUnit> units = new HashMap<>();
        db.select(UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE, UNIT_GROUP.CODE).from(UNIT)
                .leftJoin(ROUND_UNIT).on(ROUND_UNIT.UNIT_ID.eq(UNIT.ID)).and(ROUND_UNIT.ROUND_ID.eq(roundId))
                .leftJoin(UNIT_GROUP).on(UNIT_GROUP.ID.eq(ROUND_UNIT.GROUP_ID))
                .forEach(r -> units.put(r.value1(), new UnitSheet.KnownUnit(r.value1(), r.value2(), r.value3(),
                        r.value4())));
        Map<String, String> owners = new HashMap<>();
        db.select(CHANNEL.KIND, CHANNEL.URL, UNIT.CODE).from(CHANNEL).join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .forEach(r -> owners.put(UnitSheet.channelKey(r.value1(), r.value2()), r.value3()));
        return new UnitSheet.Known(groups, units, owners);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
