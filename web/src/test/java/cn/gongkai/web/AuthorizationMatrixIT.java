package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.APPEAL_ATTACHMENT;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE_FILE;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_ANSWER;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_FILE;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_ITEM;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.appeal.Appeals;
import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundPipeline;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import cn.gongkai.web.workbench.Reviews;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every page and API endpoint, as every role. The endpoints come from Spring's handler mapping in the running
 * application, so an endpoint added without an entry in {@link #expectedAccess()} fails the test. Each entry lists
 * probes (path variables filled with real ids of unit A's and unit B's objects, or an id nobody has) and who may
 * pass; everyone else must be denied: 403 for a signed-in account, the login page (or 401 on the API) for
 * anonymous, and for a POST (sent with a valid CSRF token) nothing in the database or the file stores changes.
 * Those allowed to read a kind of object get 404 for an id that does not exist (or a redirect to the page that
 * does); a county gets 403, so a guessed id tells it nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {

    enum Who { ANONYMOUS, EVALUATOR, LEADER, COUNTY_A, COUNTY_B, SCORER }

    private static final String PASSWORD = "test-password-3";
    private static final long MISSING = 999_999;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<Who> SIGNED_IN = EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS));
    private static final Set<Who> READERS = EnumSet.of(Who.EVALUATOR, Who.LEADER);
    private static final Set<Who> EVALUATOR = EnumSet.of(Who.EVALUATOR);
    private static Path home;
    private final Sandbox sandbox = Sandbox.start(LocalDate.now());

    @Autowired RoundImporter importer;
    @Autowired RoundPipeline pipeline;
    @Autowired RoundLifecycle lifecycle;
    @Autowired Reviews reviews;
    @Autowired Appeals appeals;
    @Autowired EvidenceFiles evidenceFiles;
    @Autowired UserAccounts accounts;
    @Autowired DSLContext dsl;
    @Autowired RequestMappingHandlerMapping mappings;
    @LocalServerPort int port;

    /** The ids the probes fill path variables with: unit A's objects, unit B's, and ones that do not exist. */
    private final Map<String, Long> ids = new LinkedHashMap<>();

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-authz");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void roundWithObjectsOfTwoUnits() throws IOException {
        String yaml = cn.gongkai.web.SliceRound.yaml();
        long roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        pipeline.run(roundId);
        ids.put("round", roundId);
        long a = unitId("shimen");
        long b = unitId("qinghe");
        ids.put("unitA", a);
        ids.put("unitB", b);
        long evaluatorId = accounts.create("test", "eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        accounts.create("test", "score", "评分人", PASSWORD, null, EnumSet.of(Role.DEPARTMENT_SCORER));
        ids.put("userA", accounts.create("test", "shimen", "石门县", PASSWORD, a, EnumSet.of(Role.COUNTY)));
        ids.put("userB", accounts.create("test", "qinghe", "清河区", PASSWORD, b, EnumSet.of(Role.COUNTY)));

        byte[] pdf = "%PDF-1.4\n% gongkai authorization test\n".getBytes(StandardCharsets.US_ASCII);
        for (String unit : List.of("A", "B")) {
            long unitId = ids.get("unit" + unit);
            ids.put("capture" + unit, dsl.select(CAPTURE.ID).from(CAPTURE).join(CHANNEL).on(CHANNEL.ID.eq(CAPTURE.CHANNEL_ID))
                    .where(CHANNEL.UNIT_ID.eq(unitId)).and(CAPTURE.ROUND_ID.eq(roundId)).and(CAPTURE.STATUS.eq("OK"))
                    .limit(1).fetchOne(CAPTURE.ID));
            var finding = dsl.select(FINDING.ID, FINDING.POINT_ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                    .and(FINDING.UNIT_ID.eq(unitId)).limit(1).fetchOne();
            ids.put("finding" + unit, finding.value1());
            reviews.override(finding.value1(), evaluatorId, "eva", "PASS", null, "单位提供了截图",
                    List.of(evidenceFiles.check(new EvidenceFiles.Upload("截图" + unit + ".pdf", pdf))));
            ids.put("reviewFile" + unit, dsl.select(REVIEW_FILE.ID).from(REVIEW_FILE).orderBy(REVIEW_FILE.ID.desc())
                    .limit(1).fetchOne(REVIEW_FILE.ID));
            ids.put("point" + unit, finding.value2());
            // A scorer's evidence file behind a veto hit: the demo round has no MANUAL veto point to enter one on
            // through the grid, so the rows are written as ManualScores writes them.
            var file = evidenceFiles.check(new EvidenceFiles.Upload("否决证据" + unit + ".pdf", pdf));
            evidenceFiles.store(file);
            long scoreId = dsl.insertInto(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID, MANUAL_SCORE.UNIT_ID,
                            MANUAL_SCORE.POINT_ID, MANUAL_SCORE.SCORE, MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY,
                            MANUAL_SCORE.ENTERED_AT, MANUAL_SCORE.REASON, MANUAL_SCORE.VETO_HIT)
                    .values(roundId, unitId, finding.value2(), java.math.BigDecimal.ZERO, "MANUAL", "eva",
                            java.time.LocalDateTime.now(), "否决情形", true)
                    .returning(MANUAL_SCORE.ID).fetchOne().getId();
            ids.put("manualFile" + unit, dsl.insertInto(MANUAL_SCORE_FILE, MANUAL_SCORE_FILE.MANUAL_SCORE_ID,
                            MANUAL_SCORE_FILE.FILE_NAME, MANUAL_SCORE_FILE.CONTENT_TYPE, MANUAL_SCORE_FILE.SIZE_BYTES,
                            MANUAL_SCORE_FILE.SHA256, MANUAL_SCORE_FILE.UPLOADED_AT)
                    .values(scoreId, file.fileName(), file.contentType(), file.sizeBytes(), file.sha256(),
                            java.time.LocalDateTime.now())
                    .returning(MANUAL_SCORE_FILE.ID).fetchOne().getId());
        }
        lifecycle.move(roundId, RoundStatus.FEEDBACK, "eva", "进入反馈期");
        for (String unit : List.of("A", "B")) {
            var county = accounts.loadUserByUsername(unit.equals("A") ? "shimen" : "qinghe");
            long appeal = appeals.file(county, roundId, ids.get("point" + unit), "首页已更新",
                    sandbox.baseUrl(unit.equals("A") ? "shimen" : "qinghe") + "/",
                    List.of(new Appeals.Attachment("证明" + unit + ".pdf", "application/pdf", pdf)));
            ids.put("appeal" + unit, appeal);
            ids.put("attachment" + unit, dsl.select(APPEAL_ATTACHMENT.ID).from(APPEAL_ATTACHMENT)
                    .where(APPEAL_ATTACHMENT.APPEAL_ID.eq(appeal)).fetchOne(APPEAL_ATTACHMENT.ID));
            ids.put("recapture" + unit, appeals.recapture(appeal, accounts.loadUserByUsername("eva"), false, null).captureId());
            // A 整改 item with the county's answer and its file: items come from a published snapshot, and this round
            // stays unpublished, so the rows are written as Rectifications writes them.
            java.time.LocalDateTime now = java.time.LocalDateTime.now();
            long item = dsl.insertInto(RECTIFICATION_ITEM, RECTIFICATION_ITEM.ROUND_ID, RECTIFICATION_ITEM.UNIT_ID,
                            RECTIFICATION_ITEM.POINT_ID, RECTIFICATION_ITEM.SCORE, RECTIFICATION_ITEM.MAX_SCORE,
                            RECTIFICATION_ITEM.PROBLEM, RECTIFICATION_ITEM.STATUS, RECTIFICATION_ITEM.CREATED_AT)
                    .values(roundId, ids.get("unit" + unit), ids.get("point" + unit), java.math.BigDecimal.ZERO,
                            java.math.BigDecimal.ONE, "未更新", "OPEN", now)
                    .returning(RECTIFICATION_ITEM.ID).fetchOne().getId();
            ids.put("rectItem" + unit, item);
            long answer = dsl.insertInto(RECTIFICATION_ANSWER, RECTIFICATION_ANSWER.ITEM_ID, RECTIFICATION_ANSWER.TEXT,
                            RECTIFICATION_ANSWER.ANSWERED_BY, RECTIFICATION_ANSWER.ANSWERED_AT)
                    .values(item, "已更新", ids.get("user" + unit), now)
                    .returning(RECTIFICATION_ANSWER.ID).fetchOne().getId();
            var rectFile = evidenceFiles.check(new EvidenceFiles.Upload("整改" + unit + ".pdf", pdf));
            evidenceFiles.store(rectFile);
            ids.put("rectFile" + unit, dsl.insertInto(RECTIFICATION_FILE, RECTIFICATION_FILE.ANSWER_ID,
                            RECTIFICATION_FILE.FILE_NAME, RECTIFICATION_FILE.CONTENT_TYPE, RECTIFICATION_FILE.SIZE_BYTES,
                            RECTIFICATION_FILE.SHA256, RECTIFICATION_FILE.UPLOADED_AT)
                    .values(answer, rectFile.fileName(), rectFile.contentType(), rectFile.sizeBytes(), rectFile.sha256(),
                            now)
                    .returning(RECTIFICATION_FILE.ID).fetchOne().getId());
        }
    }

    @AfterAll
    void stopSandbox() {
        sandbox.close();
    }

    private long unitId(String code) {
        return dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(code)).fetchOne(UNIT.ID);
    }

    /** One request: path variables by name (resolved through {@link #ids}), a query or form, and who may pass. */
    record Probe(Map<String, String> vars, String query, Set<Who> allowed) {
    }

    private static Probe probe(String vars, String query, Set<Who> allowed) {
        Map<String, String> map = new LinkedHashMap<>();
        if (!vars.isBlank()) {
            for (String pair : vars.split(",")) {
                String[] kv = pair.split("=");
                map.put(kv[0].strip(), kv[1].strip());
            }
        }
        return new Probe(map, query, allowed);
    }

    private static Probe probe(String vars, Set<Who> allowed) {
        return probe(vars, "", allowed);
    }

    private static Set<Who> with(Set<Who> base, Who... more) {
        Set<Who> out = EnumSet.noneOf(Who.class);
        out.addAll(base);
        out.addAll(List.of(more));
        return out;
    }

    /** Unit A's object, unit B's and a missing one: readers see all three (404 for the missing), a county its own. */
    private static List<Probe> perUnit(String variable, String objectA, String objectB, String more) {
        String extra = more.isEmpty() ? "" : "," + more;
        return List.of(
                probe(variable + "=" + objectA + extra, with(READERS, Who.COUNTY_A)),
                probe(variable + "=" + objectB + extra, with(READERS, Who.COUNTY_B)),
                probe(variable + "=missing" + extra, READERS));
    }

    /**
     * A unit's results in this round, which is in its feedback window and not yet published: the evaluators and the
     * unit's own county (its 初评) read them; a leader reads published snapshots only and is refused, whatever the
     * unit. DemoRoundEndToEndIT follows the same reads through the round's statuses up to publication.
     */
    private static List<Probe> perUnitResult(String variable, String objectA, String objectB, String more) {
        String extra = more.isEmpty() ? "" : "," + more;
        return List.of(
                probe(variable + "=" + objectA + extra, with(EVALUATOR, Who.COUNTY_A)),
                probe(variable + "=" + objectB + extra, with(EVALUATOR, Who.COUNTY_B)),
                probe(variable + "=missing" + extra, EVALUATOR));
    }

    /**
     * The expected-access table: every endpoint of the application, by method and pattern. POST forms are built to
     * be refused by validation even for those allowed (a missing reason, a move the round cannot make), so an
     * allowed POST does not change what later probes see.
     */
    private Map<String, List<Probe>> expectedAccess() {
        Map<String, List<Probe>> table = new LinkedHashMap<>();
        String roundQuery = "round=" + ids.get("round");
        table.put("GET /login", List.of(probe("", EnumSet.allOf(Who.class))));
        table.put("GET /", List.of(probe("", SIGNED_IN)));
        // Without a round a leader gets the latest published one (none here: an empty page); this unpublished
        // round itself is the evaluators' alone.
        table.put("GET /rankings", List.of(probe("", READERS), probe("", roundQuery, EVALUATOR)));
        table.put("GET /dashboard", List.of(probe("", READERS), probe("", roundQuery, EVALUATOR)));
        table.put("GET /rounds/{roundId}/units/{unitId}", perUnitResult("unitId", "unitA", "unitB", "roundId=round"));
        table.put("GET /units/{unitId}", List.of(
                probe("unitId=unitA", roundQuery, with(READERS, Who.COUNTY_A)),
                probe("unitId=unitB", roundQuery, with(READERS, Who.COUNTY_B)),
                probe("unitId=missing", roundQuery, READERS)));
        table.put("GET /rounds/{roundId}/progress", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /evidence/{captureId}", perUnit("captureId", "captureA", "captureB", ""));
        table.put("GET /evidence/{captureId}/replay", perUnit("captureId", "captureA", "captureB", ""));
        table.put("GET /evidence/{captureId}/download", perUnit("captureId", "captureA", "captureB", ""));
        table.put("GET /review-files/{fileId}", perUnit("fileId", "reviewFileA", "reviewFileB", ""));
        table.put("GET /manual-score-files/{fileId}", perUnit("fileId", "manualFileA", "manualFileB", ""));
        table.put("GET /appeals/attachments/{attachmentId}", perUnit("attachmentId", "attachmentA", "attachmentB", ""));
        table.put("GET /exports/rounds/{roundId}/results.xlsx", List.of(probe("roundId=round", EVALUATOR)));
        // The 通报 and its annex read the published snapshot only. This round is not published: an evaluator is
        // refused with 409 (a reason, not a denial), a leader with 403 as everywhere before publication; counties
        // never get the 通报 (it lists every unit). TongbaoIT downloads both as evaluator and leader once published.
        table.put("GET /exports/rounds/{roundId}/tongbao.docx", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /exports/rounds/{roundId}/tongbao-annex.xlsx", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /exports/rounds/{roundId}/units/{unitId}/report.pdf",
                perUnitResult("unitId", "unitA", "unitB", "roundId=round"));

        table.put("GET /api/v1/rounds", List.of(probe("", READERS)));
        table.put("GET /api/v1/rounds/{roundId}/rankings", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /api/v1/rounds/{roundId}/dashboard", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /api/v1/rounds/{roundId}/progress", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /api/v1/rounds/{roundId}/units/{unitId}", perUnitResult("unitId", "unitA", "unitB", "roundId=round"));
        table.put("GET /api/v1/captures/{captureId}", perUnit("captureId", "captureA", "captureB", ""));
        table.put("GET /api/v1/openapi.yaml", List.of(probe("", SIGNED_IN)));

        Set<Who> scoreEntry = EnumSet.of(Who.EVALUATOR, Who.SCORER);
        table.put("GET /manual-scores", List.of(probe("", scoreEntry)));
        table.put("GET /workbench/rounds/{roundId}/manual-scores", List.of(
                probe("roundId=round", scoreEntry),
                probe("roundId=round", "method=MANUAL", EVALUATOR),
                probe("roundId=round", "method=DEPARTMENT", EnumSet.of(Who.SCORER))));
        table.put("GET /workbench/rounds/{roundId}/manual-scores.xlsx", List.of(
                probe("roundId=round", "method=MANUAL", EVALUATOR),
                probe("roundId=round", "method=DEPARTMENT", EnumSet.of(Who.SCORER))));
        String entry = "unitId=" + ids.get("unitA") + "&pointId=" + ids.get("pointA") + "&score=abc&method=";
        table.put("POST /workbench/rounds/{roundId}/manual-scores", List.of(
                probe("roundId=round", entry + "MANUAL", EVALUATOR),
                probe("roundId=round", entry + "DEPARTMENT", EnumSet.of(Who.SCORER))));
        table.put("GET /workbench/rounds/{roundId}/public-scores", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/public-scores/template-points.csv",
                List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/public-scores/template-satisfaction.csv",
                List.of(probe("roundId=round", EVALUATOR)));
        // Without a file the import is refused with a message even for an evaluator; nothing is stored.
        table.put("POST /workbench/rounds/{roundId}/public-scores/import", List.of(probe("roundId=round", "x=1", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/manual-scores/import", List.of(
                probe("roundId=round", "method=MANUAL", EVALUATOR),
                probe("roundId=round", "method=DEPARTMENT", EnumSet.of(Who.SCORER))));

        table.put("GET /workbench", List.of(probe("", EVALUATOR)));
        table.put("GET /workbench/audit", List.of(probe("", EVALUATOR)));
        table.put("GET /workbench/accounts", List.of(probe("", EVALUATOR)));
        table.put("GET /workbench/calendar", List.of(probe("", EVALUATOR)));
        // Without a file the upload is refused with a message even for an evaluator; nothing is stored.
        table.put("POST /workbench/calendar", List.of(probe("", "x=1", EVALUATOR)));
        // Refused even for an evaluator (no user name; no such account, 404): nothing is stored.
        table.put("POST /workbench/accounts", List.of(probe("", "username=", EVALUATOR)));
        table.put("POST /workbench/accounts/{userId}/password", List.of(probe("userId=missing", "x=1", EVALUATOR)));
        table.put("POST /workbench/accounts/{userId}/enabled", List.of(probe("userId=missing", "enabled=true", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/review", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/appeals", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/completion", List.of(probe("roundId=round", EVALUATOR),
                probe("roundId=missing", EVALUATOR)));
        // A channel not in the round is not found (404) even for an evaluator: nothing is captured.
        table.put("POST /workbench/rounds/{roundId}/channels/{channelId}/recapture",
                List.of(probe("roundId=round,channelId=missing", "x=1", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/second-review", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/wechat", List.of(probe("roundId=round", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/wechat/{channelId}/articles",
                List.of(probe("roundId=round,channelId=missing", "articleUrls=", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/wechat/{channelId}/bridge",
                List.of(probe("roundId=round,channelId=missing", "allow=true", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/profiles", List.of(probe("roundId=round", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/profiles/{channelId}",
                List.of(probe("roundId=round,channelId=missing", "listItem=li", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/profiles/{channelId}/trial",
                List.of(probe("roundId=round,channelId=missing", "captureId=0", EVALUATOR)));
        // Editing the 通报's words: evaluators only; on this unpublished round even their save is refused (409).
        table.put("GET /workbench/rounds/{roundId}/tongbao", List.of(probe("roundId=round", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/tongbao", List.of(probe("roundId=round", "title=", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/units", List.of(probe("roundId=round", EVALUATOR),
                probe("roundId=missing", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/units/template.xlsx", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/units/template.csv", List.of(probe("roundId=round", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/units/template-columns.csv", List.of(probe("roundId=round", EVALUATOR)));
        // Without a file the import is refused with a message even for an evaluator; nothing is stored.
        table.put("POST /workbench/rounds/{roundId}/units/import", List.of(probe("roundId=round", "x=1", EVALUATOR)));
        String round = "roundId=" + ids.get("round");
        // Without a definition the creation is refused with a message even for an evaluator; nothing is stored.
        table.put("POST /workbench/rounds", List.of(probe("", "definition=", EVALUATOR)));
        table.put("POST /workbench/rounds/form", List.of(probe("", "name=", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/move", List.of(probe("roundId=round", "target=DRAFT", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/rescore", List.of(probe("roundId=round", "x=1", EVALUATOR)));
        table.put("GET /workbench/rounds/{roundId}/policy", List.of(probe("roundId=round", EVALUATOR),
                probe("roundId=missing", EVALUATOR)));
        // Without a reason the change is refused with a message even for an evaluator; nothing is stored.
        table.put("POST /workbench/rounds/{roundId}/policy",
                List.of(probe("roundId=round", "policy=policy%3A%20%7BlowestGrade%3A%20%E5%B7%AE%7D&reason=", EVALUATOR)));
        // Without a reason the bulk action is refused with a message even for an evaluator; nothing is stored.
        table.put("POST /workbench/rounds/{roundId}/review/bulk",
                List.of(probe("roundId=round", "decision=CONFIRM&scope=ALL_MATCHING&expected=0", EVALUATOR)));
        table.put("POST /workbench/findings/{findingId}/review", List.of(
                probe("findingId=findingA", round + "&decision=OVERRIDE&status=FAIL", EVALUATOR),
                probe("findingId=findingB", round + "&decision=OVERRIDE&status=FAIL", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/second-review/draw",
                List.of(probe("roundId=round", "percent=0&reviewer=nobody", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/second-review/{findingId}", List.of(
                probe("roundId=round,findingId=findingA", "status=BOGUS", EVALUATOR),
                probe("roundId=round,findingId=findingB", "status=BOGUS", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/second-review/{findingId}/reconcile", List.of(
                probe("roundId=round,findingId=findingB", "status=BOGUS", EVALUATOR)));
        table.put("POST /workbench/appeals/{appealId}/decide", List.of(
                probe("appealId=appealA", round + "&decision=ACCEPT&status=PASS", EVALUATOR),
                probe("appealId=appealB", round + "&decision=REJECT", EVALUATOR)));
        // The evaluator's re-capture really fetches (from the sandbox); it adds captures but changes no verdict.
        table.put("POST /workbench/appeals/{appealId}/recapture", List.of(
                probe("appealId=appealA", round, EVALUATOR),
                probe("appealId=appealB", round, EVALUATOR),
                probe("appealId=missing", round, EVALUATOR)));
        // Filing is the county's own: the unit is its account's, so a blank text is refused and nothing is filed.
        // 整改: a unit's items and their files follow the unit's results; the ledger and its xlsx are for readers; only
        // the unit's own county answers (a blank text is refused, nothing stored; another unit's item or a missing one
        // is 403 alike); evaluators manage, refused here by validation (an unpublished round, an unanswered item).
        table.put("GET /rounds/{roundId}/units/{unitId}/rectification", perUnit("unitId", "unitA", "unitB", "roundId=round"));
        table.put("GET /rectification/files/{fileId}", perUnit("fileId", "rectFileA", "rectFileB", ""));
        table.put("POST /rectification/items/{itemId}/answer", List.of(
                probe("itemId=rectItemA", "text=", EnumSet.of(Who.COUNTY_A)),
                probe("itemId=rectItemB", "text=", EnumSet.of(Who.COUNTY_B)),
                probe("itemId=missing", "text=", EnumSet.noneOf(Who.class))));
        table.put("GET /rounds/{roundId}/rectification", List.of(probe("roundId=round", READERS),
                probe("roundId=missing", READERS)));
        table.put("GET /exports/rounds/{roundId}/rectification.xlsx", List.of(probe("roundId=round", READERS),
                probe("roundId=missing", READERS)));
        table.put("POST /workbench/rounds/{roundId}/rectification/open", List.of(probe("roundId=round", "x=1", EVALUATOR),
                probe("roundId=missing", "x=1", EVALUATOR)));
        table.put("POST /workbench/rounds/{roundId}/rectification/deadline", List.of(
                probe("roundId=round", "deadline=x&reason=", EVALUATOR),
                probe("roundId=missing", "deadline=x&reason=", EVALUATOR)));
        table.put("POST /workbench/rectification/items/{itemId}/recapture", List.of(
                probe("itemId=rectItemA", "x=1", EVALUATOR), probe("itemId=missing", "x=1", EVALUATOR)));
        table.put("POST /workbench/rectification/items/{itemId}/decide", List.of(
                probe("itemId=rectItemB", "decision=CLOSE&reason=", EVALUATOR),
                probe("itemId=missing", "decision=CLOSE&reason=", EVALUATOR)));
        table.put("POST /appeals", List.of(probe("", round + "&pointId=" + ids.get("pointB") + "&text=",
                EnumSet.of(Who.COUNTY_A, Who.COUNTY_B))));
        return table;
    }

    @Test
    void everyEndpointAnswersEveryRoleAsTheTableSays() throws Exception {
        Map<String, List<Probe>> table = expectedAccess();
        Set<String> endpoints = endpoints();
        assertThat(new TreeSet<>(table.keySet()))
                .as("every endpoint of the application has an entry in the expected-access table, and no entry is stale")
                .isEqualTo(new TreeSet<>(endpoints));

        Map<Who, WebSession> sessions = sessions();

        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (var endpoint : table.entrySet()) {
            String method = endpoint.getKey().substring(0, endpoint.getKey().indexOf(' '));
            String pattern = endpoint.getKey().substring(method.length() + 1);
            for (Probe probe : endpoint.getValue()) {
                String path = fill(pattern, probe.vars());
                for (Who who : Who.values()) {
                    WebSession session = sessions.get(who);
                    boolean allowed = probe.allowed().contains(who);
                    String before = method.equals("POST") ? fingerprint() : null;
                    HttpResponse<String> response = method.equals("POST") ? session.post(path, probe.query())
                            : session.get(probe.query().isEmpty() ? path : path + "?" + probe.query());
                    requests++;
                    String what = who + " " + method + " " + path + (probe.query().isEmpty() ? "" : " [" + probe.query() + "]");
                    String outcome = describe(response);
                    if (allowed && (denied(response) || response.statusCode() >= 500)) {
                        failures.add(what + ": expected allowed, got " + outcome);
                    } else if (allowed && method.equals("GET") && probe.vars().containsValue("missing")
                            && response.statusCode() != 404 && response.statusCode() != 302) {
                        failures.add(what + ": expected 404 for an id that does not exist, got " + outcome);
                    } else if (allowed && method.equals("POST") && probe.vars().containsValue("missing")
                            && response.statusCode() != 404) {
                        // A form naming a record that does not exist is not answered on the page it came from.
                        failures.add(what + ": expected 404 for an id that does not exist, got " + outcome);
                    } else if (!allowed && !deniedAsExpected(who, path, response)) {
                        failures.add(what + ": expected denied, got " + outcome);
                    }
                    if (!allowed && before != null && !before.equals(fingerprint())) {
                        failures.add(what + ": denied but the stored data changed");
                    }
                }
            }
        }
        assertThat(failures).as("authorization failures in %d requests", requests).isEmpty();
        assertThat(requests).isGreaterThan(300);

        assertThat(sessions.get(Who.COUNTY_A).get("/").headers().firstValue("Location").orElseThrow())
                .endsWith("/rounds/" + ids.get("round") + "/units/" + ids.get("unitA"));

        // The CSRF token is required even of an account that may post there.
        String before = fingerprint();
        HttpResponse<String> noToken = sessions.get(Who.EVALUATOR).postRaw("/workbench/rounds/" + ids.get("round")
                + "/move", "target=FINAL&reason=x");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(fingerprint()).isEqualTo(before);
    }

    /**
     * A unit's detail in the API and its PDF report list the unit's review files, appeal attachments and appeal
     * re-captures with links.
     * Every link opens for each role that may read the detail and is denied to everyone else, and neither lists
     * anything of the other unit's.
     */
    @Test
    void theEvidenceLinksInAUnitsDetailOpenForExactlyThoseWhoMayReadIt() throws Exception {
        Map<Who, WebSession> sessions = sessions();
        List<String> failures = new ArrayList<>();
        for (String unit : List.of("A", "B")) {
            String other = unit.equals("A") ? "B" : "A";
            // The detail is the round's 初评 (feedback window, unpublished): not the leader's to read.
            Set<Who> readers = with(EVALUATOR, unit.equals("A") ? Who.COUNTY_A : Who.COUNTY_B);
            Set<Who> fileReaders = with(READERS, unit.equals("A") ? Who.COUNTY_A : Who.COUNTY_B);
            String detail = "/api/v1/rounds/" + ids.get("round") + "/units/" + ids.get("unit" + unit);
            List<String> links = links(JSON.readTree(sessions.get(Who.EVALUATOR).get(detail).body()));
            assertThat(links).contains("/review-files/" + ids.get("reviewFile" + unit),
                            "/evidence/" + ids.get("recapture" + unit), "/evidence/" + ids.get("recapture" + unit) + "/replay",
                            "/appeals/attachments/" + ids.get("attachment" + unit))
                    .doesNotContain("/review-files/" + ids.get("reviewFile" + other),
                            "/evidence/" + ids.get("recapture" + other),
                            "/appeals/attachments/" + ids.get("attachment" + other));
            for (Who who : Who.values()) {
                HttpResponse<String> response = sessions.get(who).get(detail);
                if (readers.contains(who)) {
                    assertThat(response.statusCode()).as(who + " " + detail).isEqualTo(200);
                    assertThat(links(JSON.readTree(response.body()))).as(who + " " + detail).isEqualTo(links);
                }
                for (String link : links) {
                    HttpResponse<String> followed = sessions.get(who).get(link);
                    if (fileReaders.contains(who) ? followed.statusCode() != 200 : !deniedAsExpected(who, link, followed)) {
                        failures.add(who + " GET " + link + " (from unit " + unit + "'s detail): " + describe(followed));
                    }
                }
            }
            String report = "/exports/rounds/" + ids.get("round") + "/units/" + ids.get("unit" + unit) + "/report.pdf";
            try (var pdf = org.apache.pdfbox.Loader.loadPDF(sessions.get(unit.equals("A") ? Who.COUNTY_A : Who.COUNTY_B)
                    .getBytes(report).body())) {
                assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(pdf))
                        // Without gongkai.public-url the links use the address the reader reached.
                        .contains("评估人员复核证据：截图" + unit + ".pdf", "申诉附件：证明" + unit + ".pdf",
                                "http://127.0.0.1:" + port + "/review-files/" + ids.get("reviewFile" + unit),
                                "http://127.0.0.1:" + port + "/appeals/attachments/" + ids.get("attachment" + unit))
                        .doesNotContain("截图" + other + ".pdf", "证明" + other + ".pdf",
                                "/review-files/" + ids.get("reviewFile" + other),
                                "/appeals/attachments/" + ids.get("attachment" + other));
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The download, evidence viewer and replay links of a unit detail, in order. */
    private static List<String> links(JsonNode detail) {
        List<String> links = new ArrayList<>();
        for (JsonNode point : detail.get("points")) {
            point.get("reviewFiles").forEach(f -> links.add(f.get("downloadUrl").asString()));
            point.get("appeals").forEach(a -> a.get("attachments").forEach(f -> links.add(f.get("downloadUrl").asString())));
            point.get("recaptures").forEach(c -> {
                links.add(c.get("evidenceUrl").asString());
                if (!c.get("replayUrl").isNull()) {
                    links.add(c.get("replayUrl").asString());
                }
            });
        }
        return links;
    }

    private Map<Who, WebSession> sessions() throws IOException, InterruptedException {
        Map<Who, WebSession> sessions = new EnumMap<>(Who.class);
        sessions.put(Who.ANONYMOUS, WebSession.anonymous(port));
        sessions.put(Who.EVALUATOR, WebSession.loggedIn(port, "eva", PASSWORD));
        sessions.put(Who.LEADER, WebSession.loggedIn(port, "lead", PASSWORD));
        sessions.put(Who.COUNTY_A, WebSession.loggedIn(port, "shimen", PASSWORD));
        sessions.put(Who.COUNTY_B, WebSession.loggedIn(port, "qinghe", PASSWORD));
        sessions.put(Who.SCORER, WebSession.loggedIn(port, "score", PASSWORD));
        return sessions;
    }

    /**
     * Every handler method of the application as "METHOD pattern"; Spring's own are left out, and so is the error
     * controller (ours only renders Spring's /error in Chinese; every role may see an error page).
     */
    private Set<String> endpoints() {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, org.springframework.web.method.HandlerMethod> entry
                : mappings.getHandlerMethods().entrySet()) {
            Class<?> type = entry.getValue().getBeanType();
            if (!type.getPackageName().startsWith("cn.gongkai")
                    || org.springframework.boot.webmvc.error.ErrorController.class.isAssignableFrom(type)) {
                continue;
            }
            RequestMappingInfo info = entry.getKey();
            Set<String> methods = info.getMethodsCondition().getMethods().stream().map(Enum::name)
                    .collect(Collectors.toSet());
            if (methods.isEmpty()) {
                methods = Set.of("GET", "POST"); // a mapping for any method must be listed for both
            }
            for (String method : methods) {
                for (String pattern : info.getPatternValues()) {
                    out.add(method + " " + pattern);
                }
            }
        }
        return out;
    }

    private String fill(String pattern, Map<String, String> vars) {
        Matcher variable = Pattern.compile("\\{(\\w+)}").matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String name = vars.get(variable.group(1));
            if (name == null) {
                throw new AssertionError("no value for {" + variable.group(1) + "} in " + pattern);
            }
            Long id = name.equals("missing") ? Long.valueOf(MISSING) : ids.get(name);
            if (id == null) {
                throw new AssertionError("no id called " + name);
            }
            variable.appendReplacement(path, String.valueOf(id));
        }
        variable.appendTail(path);
        return path.toString();
    }

    private static boolean denied(HttpResponse<String> response) {
        return response.statusCode() == 401 || response.statusCode() == 403 || toLogin(response);
    }

    private static boolean deniedAsExpected(Who who, String path, HttpResponse<String> response) {
        if (who != Who.ANONYMOUS) {
            return response.statusCode() == 403;
        }
        return path.startsWith("/api/") ? response.statusCode() == 401 : toLogin(response);
    }

    private static boolean toLogin(HttpResponse<String> response) {
        return response.statusCode() == 302
                && response.headers().firstValue("Location").orElse("").matches("https?://[^/]+/login|/login");
    }

    private static String describe(HttpResponse<String> response) {
        return response.statusCode() + response.headers().firstValue("Location").map(l -> " → " + l).orElse("");
    }

    /**
     * What a refused POST must not change: the content checksum of every application table (Quartz's and Flyway's
     * aside) and the files under gongkai.home (uploads and WARC evidence).
     */
    private String fingerprint() throws IOException {
        List<String> tables = dsl.fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                        + " AND table_name NOT LIKE 'qrtz%' AND table_name NOT LIKE 'flyway%' ORDER BY table_name")
                .getValues(0, String.class);
        String checksums = dsl.fetch("CHECKSUM TABLE " + String.join(", ", tables)).stream()
                .map(r -> r.get(0) + "=" + r.get(1)).collect(Collectors.joining(";"));
        StringBuilder files = new StringBuilder();
        for (Path store : List.of(home.resolve("uploads"), home.resolve("warc"), home.resolve("calendar"))) {
            if (Files.isDirectory(store)) {
                try (Stream<Path> walk = Files.walk(store)) {
                    files.append(walk.filter(Files::isRegularFile)
                            .map(p -> home.relativize(p) + ":" + p.toFile().length()).sorted()
                            .collect(Collectors.joining(";")));
                }
            }
        }
        return checksums + "|" + files;
    }

    /** Evidence and downloads are kept by no cache: after sign-out, a shared computer must not show them again. */
    @Test
    void evidenceAndDownloadsAreNotStored() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        for (String path : List.of("/evidence/" + ids.get("captureA") + "/replay",
                "/evidence/" + ids.get("captureA") + "/download", "/evidence/" + ids.get("recaptureA") + "/replay",
                "/appeals/attachments/" + ids.get("attachmentA"), "/review-files/" + ids.get("reviewFileA"))) {
            var response = evaluator.getBytes(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().allValues("Cache-Control")).as(path).isNotEmpty()
                    .allSatisfy(value -> assertThat(value).contains("no-store").doesNotContain("max-age=3600"));
        }
    }
}
