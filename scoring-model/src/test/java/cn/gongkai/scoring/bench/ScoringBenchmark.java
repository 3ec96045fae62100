package cn.gongkai.scoring.bench;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;

import cn.gongkai.scoring.GradingPolicy;
import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.ScoringSummary;
import cn.gongkai.scoring.publish.Publisher;
import cn.gongkai.scoring.uncertainty.RankUncertaintyAnalysis;
import cn.gongkai.sql.EmbeddedMariaDb;
import cn.gongkai.sql.Migrations;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Times a full recompute of a round of 3,000 units × 139 points on the embedded MariaDB, and the Monte Carlo rank
 * uncertainty of 300 units with 1,000 draws. Prints figures; asserts nothing. See the README's "Benchmarks".
 *
 * <p>Arguments (all optional): units (3000), uncertainty units (300), draws (1000), repetitions (5).
 */
public final class ScoringBenchmark {

    private static final int POINTS = 139;
    private static final String[] AREAS = {"信息公开", "政策解读", "回应关切", "平台建设", "组织保障"};
    private static final String[] TYPES = {"COUNTY_GOVERNMENT", "DEPARTMENT", "TOWNSHIP"};

    public static void main(String[] args) throws Exception {
        int units = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int uncertaintyUnits = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int draws = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path home = Files.createTempDirectory("gongkai-bench");
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(home, 0)) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.jdbcUrl());
            config.setUsername(db.user());
            config.setPassword(db.password());
            config.setMaximumPoolSize(4);
            try (HikariDataSource dataSource = new HikariDataSource(config)) {
                Migrations.migrate(dataSource);
                DSLContext dsl = DSL.using(dataSource, SQLDialect.MYSQL);
                run(dsl, units, uncertaintyUnits, draws, repetitions);
            }
        }
        System.out.println("(the temporary database under " + home + " may be deleted)");
    }

    private static void run(DSLContext dsl, int units, int uncertaintyUnits, int draws, int repetitions) {
        long started = System.nanoTime();
        long system = indicatorSystem(dsl);
        long bigRound = round(dsl, system, units, "big");
        long smallRound = round(dsl, system, uncertaintyUnits, "small");
        long freshRound = round(dsl, system, units, "fresh");
        System.out.printf("generated 2 x %d + %d units x %d points of findings in %.1f s%n", units, uncertaintyUnits,
                POINTS, seconds(System.nanoTime() - started));

        RoundPolicies policies = new RoundPolicies(dsl);
        RoundScorer scorer = new RoundScorer(dsl, GradingPolicy.defaults());
        RoundPolicy noDraws = RoundPolicy.defaults().withUncertainty(new RoundPolicy.Uncertainty(0, 0.2, 1, true));
        policies.save(bigRound, noDraws, "benchmark", "full recompute without uncertainty");
        ScoringSummary[] summary = new ScoringSummary[1];
        report("full recompute, " + units + " units x " + POINTS + " points", repetitions,
                () -> summary[0] = scorer.score(bigRound));
        System.out.printf("  wrote %d point scores, %d unit results, %d negative-list entries, %d uncertain points%n",
                summary[0].pointScores(), summary[0].units(), summary[0].negativeListEntries(),
                summary[0].uncertainPoints());
        // Two implementations of the scoring rules can be compared by these digests of what they stored.
        System.out.println("  results digest: " + digest(dsl, bigRound));
        // Only changed point scores are rewritten, so also time recomputes after a mass change of findings: every
        // other unit's PASS and FAIL findings swap before each run (about 80,000 point scores change each time).
        report("full recompute after swapping PASS/FAIL of half the units", repetitions,
                () -> dsl.execute("UPDATE finding SET status = CASE status WHEN 'PASS' THEN 'FAIL' ELSE 'PASS' END "
                        + "WHERE round_id = ? AND status IN ('PASS', 'FAIL') AND MOD(unit_id, 2) = 0", bigRound),
                () -> scorer.score(bigRound));

        policies.save(bigRound, RoundPolicy.defaults().withUncertainBlocksPublication(false), "benchmark",
                "full recompute with the default 1,000 draws");
        report("full recompute incl. uncertainty (1000 draws), " + units + " units", Math.min(repetitions, 3),
                () -> scorer.score(bigRound));
        // The first scoring above also warmed the JVM up; a server that has been running scores a new round like this.
        policies.save(freshRound, noDraws, "benchmark", "first scoring in a warm JVM");
        report("first scoring of a new round (warm JVM), " + units + " units", 1, () -> scorer.score(freshRound));
        // Publication is refused while any point is 待评, so an evaluator first decides every open finding (untimed).
        report("publish a snapshot, " + units + " units", 1, () -> {
            reviewOpenFindings(dsl, bigRound);
            scorer.score(bigRound);
        }, () -> new Publisher(dsl).publish(bigRound, "benchmark", "benchmark"));

        policies.save(smallRound, noDraws, "benchmark", "scores first");
        scorer.score(smallRound);
        RoundPolicy withDraws = RoundPolicy.defaults()
                .withUncertainty(new RoundPolicy.Uncertainty(draws, 0.2, 1, true));
        report("uncertainty, " + draws + " draws x " + uncertaintyUnits + " units", repetitions,
                () -> dsl.transaction(tx -> RankUncertaintyAnalysis.analyse(tx.dsl(), smallRound, withDraws)));
    }

    /**
     * What an evaluator does before publishing: UNCERTAIN findings overridden to PASS, veto FAILs confirmed; one
     * review row each, as the review queue writes them.
     */
    private static void reviewOpenFindings(DSLContext dsl, long round) {
        dsl.execute("INSERT IGNORE INTO app_user (username, password_hash, display_name, created_at) "
                + "VALUES ('benchmark', '-', '基准测试评估人员', NOW(3))");
        long reviewer = dsl.fetchOne("SELECT id FROM app_user WHERE username = 'benchmark'").get(0, Long.class);
        int reviewed = dsl.execute("INSERT INTO review (finding_id, reviewer_id, kind, decision, status, "
                + "score_fraction, reason, reviewed_at) SELECT f.id, ?, 'FIRST', "
                + "CASE f.status WHEN 'UNCERTAIN' THEN 'OVERRIDE' ELSE 'CONFIRM' END, "
                + "CASE f.status WHEN 'UNCERTAIN' THEN 'PASS' END, CASE f.status WHEN 'UNCERTAIN' THEN 1 END, "
                + "'基准测试复核', NOW(3) FROM finding f JOIN evaluation_point p ON p.id = f.point_id "
                + "WHERE f.round_id = ? AND (f.status = 'UNCERTAIN' OR (p.veto AND f.status = 'FAIL'))",
                reviewer, round);
        System.out.printf("  (before publishing: %d open findings reviewed)%n", reviewed);
    }

    private static String digest(DSLContext dsl, long round) {
        return dsl.fetchOne("SELECT (SELECT CONCAT_WS('/', COUNT(*), BIT_XOR(CRC32(CONCAT_WS(',', unit_id, point_id, "
                + "COALESCE(score, 'null'), max_score, source)))) FROM point_score WHERE round_id = ?) AS points, "
                + "(SELECT CONCAT_WS('/', COUNT(*), BIT_XOR(CRC32(CONCAT_WS(',', unit_id, area_id, pool, score, "
                + "max_score)))) FROM area_score WHERE round_id = ?) AS areas, "
                + "(SELECT CONCAT_WS('/', COUNT(*), BIT_XOR(CRC32(CONCAT_WS(',', unit_id, total, raw_score, max_score, "
                + "rank_in_group, grade, negative_list)))) FROM unit_result WHERE round_id = ?) AS units",
                round, round, round).intoList().stream().map(v -> v instanceof byte[] b ? new String(b) : String.valueOf(v))
                .toList().toString();
    }

    private static void report(String what, int repetitions, Runnable task) {
        report(what, repetitions, () -> { }, task);
    }

    /** Times {@code task} only; {@code setup} runs untimed before each repetition. */
    private static void report(String what, int repetitions, Runnable setup, Runnable task) {
        double[] times = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            setup.run();
            long t = System.nanoTime();
            task.run();
            times[i] = seconds(System.nanoTime() - t);
        }
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        System.out.printf("%-62s min %.2f s, median %.2f s (%d runs: %s)%n", what, sorted[0],
                sorted[repetitions / 2], repetitions, Arrays.toString(Arrays.stream(times)
                        .map(x -> Math.round(x * 100) / 100.0).toArray()));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /**
     * 139 points in 5 areas and 28 indicators: mostly binary, some graded, proportional, deduction, veto, bonus.
     * Also used by the scoring fault test, which needs a round large enough to be killed mid-recompute.
     */
    public static long indicatorSystem(DSLContext dsl) {
        LocalDateTime now = LocalDateTime.of(2026, 1, 1, 0, 0);
        long system = dsl.insertInto(INDICATOR_SYSTEM, INDICATOR_SYSTEM.CODE, INDICATOR_SYSTEM.VERSION,
                        INDICATOR_SYSTEM.NAME, INDICATOR_SYSTEM.CREATED_AT)
                .values("bench", 1, "基准测试指标体系", now).returning(INDICATOR_SYSTEM.ID).fetchOne().getId();
        List<Long> indicators = new ArrayList<>();
        for (int a = 0; a < AREAS.length; a++) {
            long area = dsl.insertInto(INDICATOR_AREA, INDICATOR_AREA.SYSTEM_ID, INDICATOR_AREA.CODE,
                            INDICATOR_AREA.NAME, INDICATOR_AREA.ORDINAL)
                    .values(system, "a" + a, AREAS[a], a + 1).returning(INDICATOR_AREA.ID).fetchOne().getId();
            for (int i = 0; i < (a == 3 ? 8 : 5); i++) {
                indicators.add(dsl.insertInto(INDICATOR, INDICATOR.AREA_ID, INDICATOR.CODE, INDICATOR.NAME,
                                INDICATOR.MAX_SCORE, INDICATOR.ORDINAL)
                        .values(area, "i" + a + "-" + i, "指标" + a + "-" + i, new BigDecimal("100"), i + 1)
                        .returning(INDICATOR.ID).fetchOne().getId());
            }
        }
        for (int p = 0; p < POINTS; p++) {
            String rule;
            String params = null;
            switch (p % 10) {
                case 1 -> {
                    rule = "GRADED";
                    params = "{\"levels\":[0,0.5,0.8,1]}";
                }
                case 2 -> rule = "PROPORTIONAL";
                case 3 -> {
                    rule = "DEDUCTION";
                    params = "{\"perViolation\":0.5,\"cap\":1}";
                }
                default -> rule = "BINARY";
            }
            boolean veto = p % 29 == 0;
            boolean bonus = p >= POINTS - 4;
            dsl.insertInto(EVALUATION_POINT, EVALUATION_POINT.INDICATOR_ID, EVALUATION_POINT.CODE,
                            EVALUATION_POINT.TEXT, EVALUATION_POINT.MAX_SCORE, EVALUATION_POINT.SCORING_RULE,
                            EVALUATION_POINT.RULE_PARAMS, EVALUATION_POINT.METHOD, EVALUATION_POINT.VETO,
                            EVALUATION_POINT.VETO_REASON, EVALUATION_POINT.APPLIES_TO, EVALUATION_POINT.BONUS,
                            EVALUATION_POINT.ORDINAL)
                    .values(indicators.get(p % indicators.size()), "p" + p, "评估点 " + p, BigDecimal.ONE, rule, params,
                            p % 7 == 0 ? "DEPARTMENT" : "AUTO", veto, veto ? "单项否决 " + p : null,
                            p % 11 == 0 ? "COUNTY_GOVERNMENT" : "COUNTY_GOVERNMENT,DEPARTMENT,TOWNSHIP", bonus, p)
                    .execute();
        }
        return system;
    }

    /** A round of {@code units} units in three groups with one finding per (unit, point), generated in SQL. */
    public static long round(DSLContext dsl, long system, int units, String code) {
        long round = dsl.insertInto(ASSESSMENT_ROUND, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.PERIOD_START,
                        ASSESSMENT_ROUND.PERIOD_END, ASSESSMENT_ROUND.REFERENCE_DATE,
                        ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, ASSESSMENT_ROUND.STATUS, ASSESSMENT_ROUND.CONFIG_YAML,
                        ASSESSMENT_ROUND.CREATED_AT)
                .values("基准测试 " + code, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
                        LocalDate.of(2026, 11, 30), system, "REVIEWING", "{}", LocalDateTime.of(2026, 1, 1, 0, 0))
                .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
        dsl.execute("INSERT INTO round_point (round_id, point_id) SELECT ?, p.id FROM evaluation_point p "
                + "JOIN indicator i ON i.id = p.indicator_id JOIN indicator_area a ON a.id = i.area_id "
                + "WHERE a.system_id = ?", round, system);
        long[] groups = new long[TYPES.length];
        for (int g = 0; g < TYPES.length; g++) {
            groups[g] = dsl.insertInto(UNIT_GROUP, UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE)
                    .values(code + "-" + TYPES[g], "组 " + TYPES[g], TYPES[g]).returning(UNIT_GROUP.ID).fetchOne().getId();
        }
        for (int from = 0; from < units; from += 1000) {
            var insert = dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE);
            for (int u = from; u < Math.min(units, from + 1000); u++) {
                insert = insert.values(code + "-" + u, "单位 " + code + "-" + u, TYPES[u % TYPES.length]);
            }
            insert.execute();
        }
        dsl.insertInto(ROUND_UNIT, ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .select(DSL.select(DSL.val(round), UNIT.ID, UNIT_GROUP.ID).from(UNIT)
                        .join(UNIT_GROUP).on(UNIT_GROUP.UNIT_TYPE.eq(UNIT.UNIT_TYPE))
                        .where(UNIT.CODE.like(code + "-%")).and(UNIT_GROUP.CODE.like(code + "-%")))
                .execute();
        // A deterministic spread of outcomes: mostly PASS, some FAIL and PARTIAL, a few UNCERTAIN and N/A; veto
        // points fail rarely. CRC32 of (unit, point) stands in for a random number both servers compute alike.
        String r = "MOD(CRC32(CONCAT(ru.unit_id, '-', rp.point_id)), 1000)";
        dsl.execute("INSERT INTO finding (round_id, unit_id, point_id, status, score_fraction, measured_value, "
                + "message, checked_at) SELECT ru.round_id, ru.unit_id, rp.point_id, "
                + "CASE WHEN p.veto THEN (CASE WHEN " + r + " < 10 THEN 'FAIL' ELSE 'PASS' END) "
                + "WHEN " + r + " < 600 THEN 'PASS' WHEN " + r + " < 800 THEN 'FAIL' WHEN " + r + " < 950 THEN 'PARTIAL' "
                + "WHEN " + r + " < 980 THEN 'UNCERTAIN' ELSE 'NOT_APPLICABLE' END, "
                + "MOD(" + r + ", 100) / 100, CASE WHEN p.scoring_rule = 'DEDUCTION' THEN MOD(" + r + ", 4) END, "
                + "'基准测试', '2026-11-01 00:00:00' "
                + "FROM round_unit ru JOIN round_point rp ON rp.round_id = ru.round_id "
                + "JOIN evaluation_point p ON p.id = rp.point_id WHERE ru.round_id = ?", round);
        return round;
    }

    private ScoringBenchmark() {
    }
}
