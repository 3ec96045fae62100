package cn.gongkai.web.bench;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_SCORING_POLICY;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;

import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.publish.Publisher;
import cn.gongkai.web.GongkaiApplication;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Server time of the ranking page (its first page, pages deep into the largest group, and a look-up by name), the
 * dashboard data and the county page for a round of {@code units} units
 * (default 3,000), over HTTP on loopback. The round is generated in a fresh embedded MariaDB: the demo round's
 * indicator system and groups, synthetic units each with one channel and one capture, a finding per applicable
 * point with a seeded random outcome (failures cite the capture), then scored by the real {@link RoundScorer}.
 * Run with {@code ./mvnw -B -q -pl web test-compile exec:java …} as the README's Benchmarks section says.
 */
public final class PageBenchmark {

    public static void main(String[] args) throws Exception {
        int units = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path home = Files.createTempDirectory("gongkai-bench");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GongkaiApplication.class)
                .run("--gongkai.home=" + home, "--server.port=0", "--spring.quartz.auto-startup=false",
                        "--logging.level.root=WARN")) {
            DSLContext dsl = context.getBean(DSLContext.class);
            String yaml = cn.gongkai.web.SliceRound.yaml();
            long roundId = context.getBean(RoundImporter.class)
                    .importRound(RoundDefinition.parse(yaml, code -> "http://127.0.0.1:9/" + code), yaml);
            long started = System.nanoTime();
            List<Long> unitIds = generate(dsl, roundId, units);
            dsl.insertInto(ROUND_SCORING_POLICY).set(ROUND_SCORING_POLICY.ROUND_ID, roundId)
                    .set(ROUND_SCORING_POLICY.UNCERTAINTY_DRAWS, 200)
                    .set(ROUND_SCORING_POLICY.UPDATED_AT, LocalDateTime.now())
                    .set(ROUND_SCORING_POLICY.UPDATED_BY, "bench").execute();
            System.out.printf("generated %d units in %.1f s%n", unitIds.size(), (System.nanoTime() - started) / 1e9);
            started = System.nanoTime();
            context.getBean(RoundScorer.class).score(roundId);
            System.out.printf("scored in %.1f s%n", (System.nanoTime() - started) / 1e9);

            started = System.nanoTime();
            publish(context, roundId);
            System.out.printf("reviewed, rescored and published in %.1f s%n", (System.nanoTime() - started) / 1e9);

            context.getBean(UserAccounts.class).create("bench", "bench-leader", "领导", "bench-password-1", null,
                    EnumSet.of(Role.LEADER));
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            Client client = Client.login(port, "bench-leader", "bench-password-1");
            Random random = new Random(7);
            measure(client, "ranking page  /rankings", requests, i -> "/rankings?round=" + roundId);
            // Pages deep into the largest group (2,000 units, 40 pages of 50) and a look-up by name.
            measure(client, "ranking page  /rankings?page=1..40", requests,
                    i -> "/rankings?round=" + roundId + "&page=" + (1 + i % 40));
            measure(client, "ranking search /rankings?q=", requests,
                    i -> "/rankings?round=" + roundId + "&q=" + URLEncoder.encode("测试单位" + (i * 7 % units),
                            StandardCharsets.UTF_8));
            measure(client, "dashboard API /api/v1/rounds/{r}/dashboard", requests,
                    i -> "/api/v1/rounds/" + roundId + "/dashboard");
            measure(client, "county page   /rounds/{r}/units/{u}", requests,
                    i -> "/rounds/" + roundId + "/units/" + unitIds.get(random.nextInt(unitIds.size())));
            // What a browser is sent: it asks for gzip.
            Client gzip = client.acceptingGzip();
            measure(gzip, "dashboard API, gzip", requests, i -> "/api/v1/rounds/" + roundId + "/dashboard");
            measure(gzip, "ranking page, gzip", requests, i -> "/rankings?round=" + roundId);
        } finally {
            // The throwaway database holds a few hundred MB; leave nothing behind in the temporary directory.
            org.springframework.util.FileSystemUtils.deleteRecursively(home);
        }
    }

    /**
     * What evaluators do before leaders may read a generated round (leaders read published rounds only): every veto
     * FAIL confirmed, one review row each as the review queue writes them, then rescored, moved to 反馈申诉期,
     * published as the workbench's 发布 does, and moved to 已发布. The round was never captured, so it is put in
     * 复核中 directly.
     */
    static void publish(ConfigurableApplicationContext context, long roundId) {
        DSLContext dsl = context.getBean(DSLContext.class);
        long reviewer = context.getBean(UserAccounts.class).create("bench", "bench-reviewer-" + roundId, "基准测试评估人员",
                "bench-password-1", null, EnumSet.of(Role.EVALUATOR));
        int reviewed = dsl.execute("INSERT INTO review (finding_id, reviewer_id, kind, decision, status, "
                + "score_fraction, reason, reviewed_at) SELECT f.id, ?, 'FIRST', "
                + "CASE f.status WHEN 'UNCERTAIN' THEN 'OVERRIDE' ELSE 'CONFIRM' END, "
                + "CASE f.status WHEN 'UNCERTAIN' THEN 'PASS' END, CASE f.status WHEN 'UNCERTAIN' THEN 1 END, "
                + "'基准测试复核', NOW(3) FROM finding f JOIN evaluation_point p ON p.id = f.point_id "
                + "WHERE f.round_id = ? AND (f.status = 'UNCERTAIN' OR (p.veto AND f.status = 'FAIL'))",
                reviewer, roundId);
        context.getBean(RoundScorer.class).score(roundId);
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, RoundStatus.REVIEWING.name())
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
        RoundLifecycle lifecycle = context.getBean(RoundLifecycle.class);
        lifecycle.move(roundId, RoundStatus.FEEDBACK, "bench", "基准测试：复核完成");
        context.getBean(Publisher.class).publish(roundId, "bench", "基准测试：发布");
        lifecycle.move(roundId, RoundStatus.FINAL, "bench", "基准测试：发布");
        System.out.printf("  (before publishing: %d veto failures confirmed)%n", reviewed);
    }

    static List<Long> generate(DSLContext dsl, long roundId, int count) {
        var groups = dsl.select(UNIT_GROUP.ID, UNIT_GROUP.UNIT_TYPE).from(UNIT_GROUP)
                .where(UNIT_GROUP.ID.in(dsl.selectDistinct(ROUND_UNIT.GROUP_ID).from(ROUND_UNIT)
                        .where(ROUND_UNIT.ROUND_ID.eq(roundId))))
                .orderBy(UNIT_GROUP.ID).fetch();
        // The definition's own units point at nothing that was captured: the round is the generated units alone.
        dsl.deleteFrom(ROUND_CHANNEL).where(ROUND_CHANNEL.ROUND_ID.eq(roundId)).execute();
        dsl.deleteFrom(ROUND_UNIT).where(ROUND_UNIT.ROUND_ID.eq(roundId)).execute();
        var points = dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.APPLIES_TO).from(ROUND_POINT)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId)).fetch();
        Random random = new Random(42);
        List<Long> ids = new ArrayList<>();
        LocalDateTime now = LocalDateTime.now();
        for (int i = 0; i < count; i++) {
            // Two thirds county governments, one third departments, like a province's counties and its departments.
            var group = groups.get(i % 3 == 2 && groups.size() > 1 ? 1 : 0);
            String type = group.value2();
            long unitId = dsl.insertInto(UNIT).set(UNIT.CODE, String.format("bench%05d", i))
                    .set(UNIT.NAME, "测试单位" + i + (type.equals("DEPARTMENT") ? "局" : "县人民政府"))
                    .set(UNIT.UNIT_TYPE, type).returningResult(UNIT.ID).fetchOne().value1();
            ids.add(unitId);
            dsl.insertInto(ROUND_UNIT).set(ROUND_UNIT.ROUND_ID, roundId).set(ROUND_UNIT.UNIT_ID, unitId)
                    .set(ROUND_UNIT.GROUP_ID, group.value1()).execute();
            long channelId = dsl.insertInto(CHANNEL).set(CHANNEL.UNIT_ID, unitId).set(CHANNEL.KIND, "WEBSITE")
                    .set(CHANNEL.NAME, "门户网站").set(CHANNEL.URL, "http://bench" + i + ".example.gov.cn/")
                    .returningResult(CHANNEL.ID).fetchOne().value1();
            long captureId = dsl.insertInto(CAPTURE).set(CAPTURE.ROUND_ID, roundId).set(CAPTURE.CHANNEL_ID, channelId)
                    .set(CAPTURE.URL, "http://bench" + i + ".example.gov.cn/").set(CAPTURE.URL_HASH, String.format("%064d", i))
                    .set(CAPTURE.CAPTURED_AT, now).set(CAPTURE.STATUS, "OK").set(CAPTURE.HTTP_STATUS, 200)
                    .set(CAPTURE.CONTENT_TYPE, "text/html").set(CAPTURE.PAYLOAD_DIGEST, "sha256:BENCH" + i)
                    .returningResult(CAPTURE.ID).fetchOne().value1();
            List<Query> batch = new ArrayList<>();
            for (var point : points) {
                if (!Arrays.asList(point.value2().split(",")).contains(type)) {
                    continue;
                }
                double draw = random.nextDouble();
                String status = draw < 0.75 ? "PASS" : draw < 0.9 ? "PARTIAL" : "FAIL";
                BigDecimal fraction = BigDecimal.valueOf(status.equals("PASS") ? 1 : status.equals("PARTIAL") ? 0.5 : 0);
                batch.add(dsl.insertInto(FINDING).set(FINDING.ROUND_ID, roundId).set(FINDING.UNIT_ID, unitId)
                        .set(FINDING.POINT_ID, point.value1()).set(FINDING.CHANNEL_ID, channelId)
                        .set(FINDING.STATUS, status).set(FINDING.SCORE_FRACTION, fraction)
                        .set(FINDING.MESSAGE, status.equals("PASS") ? "符合要求" : "检查发现问题（模拟数据）")
                        .set(FINDING.CHECKED_AT, now));
            }
            dsl.batch(batch).execute();
            dsl.insertInto(FINDING_EVIDENCE, FINDING_EVIDENCE.FINDING_ID, FINDING_EVIDENCE.CAPTURE_ID, FINDING_EVIDENCE.EXCERPT)
                    .select(dsl.select(FINDING.ID, org.jooq.impl.DSL.val(captureId), org.jooq.impl.DSL.val("模拟证据摘录"))
                            .from(FINDING).where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.UNIT_ID.eq(unitId))
                            .and(FINDING.STATUS.ne("PASS")))
                    .execute();
        }
        return ids;
    }

    private static void measure(Client client, String label, int requests, java.util.function.IntFunction<String> path)
            throws Exception {
        for (int i = 0; i < Math.max(20, requests / 10); i++) {
            client.get(path.apply(i));
        }
        long[] nanos = new long[requests];
        long bytes = 0;
        for (int i = 0; i < requests; i++) {
            String p = path.apply(i);
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.get(p);
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(p + " answered " + response.statusCode());
            }
            bytes += response.body().length;
        }
        Arrays.sort(nanos);
        System.out.printf("%-46s n=%d  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d KB/response)%n",
                label, requests, pct(nanos, 50), pct(nanos, 95), pct(nanos, 99), nanos[requests - 1] / 1e6,
                bytes / requests / 1024);
    }

    static double pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** A signed-in HTTP session on loopback. */
    record Client(String base, HttpClient http, String acceptEncoding) {

        static Client login(int port, String user, String password) throws Exception {
            Client client = new Client("http://127.0.0.1:" + port, HttpClient.newBuilder()
                    .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build(), "identity");
            String loginPage = new String(client.get("/login").body(), StandardCharsets.UTF_8);
            Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
            if (!token.find()) {
                throw new IllegalStateException("no CSRF token");
            }
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
            client.http.send(HttpRequest.newBuilder(URI.create(client.base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
            return client;
        }

        /** The same session, asking for gzip; the sizes printed are then the compressed ones. */
        Client acceptingGzip() {
            return new Client(base, http, "gzip");
        }

        HttpResponse<byte[]> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Encoding", acceptEncoding)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
