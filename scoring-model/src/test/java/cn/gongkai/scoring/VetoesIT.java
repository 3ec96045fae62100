package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE_FILE;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_NEGATIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.scoring.publish.PublicationRefusedException;
import cn.gongkai.scoring.publish.Publisher;
import cn.gongkai.scoring.publish.Snapshot;
import cn.gongkai.sql.TestDatabase;
import java.time.LocalDateTime;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vetoes from every method, and confirmation before the negative list: a person's veto hit on a MANUAL or DEPARTMENT
 * point counts like a checker's FAIL; a checker's veto FAIL waits, 待评, for an evaluator's confirmation.
 */
class VetoesIT {

    private final DSLContext dsl = TestDatabase.get().dsl();
    private RoundFixture f;
    private long round;
    private long group;
    private long indicator;
    private long rest;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        f = new RoundFixture(dsl);
        round = f.round();
        group = f.group("counties", "COUNTY_GOVERNMENT");
        indicator = f.indicator(f.area("a"), "i", "100");
        rest = f.point(indicator, "rest", "95").create();
    }

    private long unit(String code) {
        long unit = f.unitIn(round, group, code, "COUNTY_GOVERNMENT");
        f.finding(round, unit, rest, "PASS");
        return unit;
    }

    private void score() {
        new RoundScorer(dsl, GradingPolicy.defaults()).score(round);
    }

    private int entries(long unit) {
        return dsl.fetchCount(NEGATIVE_LIST_ENTRY, NEGATIVE_LIST_ENTRY.ROUND_ID.eq(round)
                .and(NEGATIVE_LIST_ENTRY.UNIT_ID.eq(unit)));
    }

    @Test
    void aManualVetoHitPutsTheUnitOnTheNegativeListWithItsReasonAndEvidenceUntilALaterEntryWithdrawsIt() {
        long veto = f.point(indicator, "hd", "5").method("MANUAL").veto().create();
        f.include(round, rest, veto);
        long hit = unit("hit");
        long clean = unit("clean");
        long hitScore = f.vetoHit(round, hit, veto, "MANUAL", "留言提交后报错，无法提交", 1);
        dsl.insertInto(MANUAL_SCORE_FILE, MANUAL_SCORE_FILE.MANUAL_SCORE_ID, MANUAL_SCORE_FILE.FILE_NAME,
                        MANUAL_SCORE_FILE.CONTENT_TYPE, MANUAL_SCORE_FILE.SIZE_BYTES, MANUAL_SCORE_FILE.SHA256,
                        MANUAL_SCORE_FILE.UPLOADED_AT)
                .values(hitScore, "留言截图.png", "image/png", 1234L, "ab".repeat(32), LocalDateTime.of(2026, 11, 20, 8, 0))
                .execute();
        f.manual(round, clean, veto, "5", "MANUAL", 1);

        score();
        assertThat(f.result(round, hit)).isEqualTo("95.000|2|不合格|true|100.000");
        assertThat(f.pointScore(round, hit, veto)).isEqualTo("0.000/MANUAL");
        assertThat(f.result(round, clean)).isEqualTo("100.000|1|优秀|false|100.000");
        var entry = dsl.selectFrom(NEGATIVE_LIST_ENTRY).where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(round)).fetchSingle();
        assertThat(entry.getUnitId()).isEqualTo(hit);
        assertThat(entry.getFindingId()).isNull();
        assertThat(entry.getManualScoreId()).isEqualTo(hitScore);
        assertThat(entry.getReason()).isEqualTo("否决项hd：留言提交后报错，无法提交（评估员 人工认定）");
        assertThat(entry.getEvidence()).startsWith("证据文件 #").contains("留言截图.png", "SHA-256 abababababab");

        // published as it stands, and the snapshot verifies
        Snapshot snapshot = new Publisher(dsl).publish(round, "组长", null);
        var published = dsl.selectFrom(RESULT_SNAPSHOT_NEGATIVE)
                .where(RESULT_SNAPSHOT_NEGATIVE.SNAPSHOT_ID.eq(snapshot.id())).fetchSingle();
        assertThat(published.getManualScoreId()).isEqualTo(hitScore);
        assertThat(published.getReason()).isEqualTo(entry.getReason());
        assertThat(published.getEvidence()).isEqualTo(entry.getEvidence());
        assertThat(new Publisher(dsl).verify(snapshot.id())).isTrue();

        // a later entry without the hit is the one that counts
        f.manual(round, hit, veto, "5", "MANUAL", 2);
        score();
        assertThat(f.result(round, hit)).isEqualTo("100.000|1|优秀|false|100.000");
        assertThat(entries(hit)).isZero();
    }

    @Test
    void aDepartmentVetoHitWithoutAFileSaysSo() {
        long veto = f.point(indicator, "gx", "5").method("DEPARTMENT").veto().create();
        f.include(round, rest, veto);
        long hit = unit("hit");
        f.vetoHit(round, hit, veto, "DEPARTMENT", "未按期报送年报", 1);
        score();
        assertThat(f.result(round, hit)).endsWith("|不合格|true|100.000");
        assertThat(dsl.select(NEGATIVE_LIST_ENTRY.EVIDENCE).from(NEGATIVE_LIST_ENTRY)
                .where(NEGATIVE_LIST_ENTRY.UNIT_ID.eq(hit)).fetchSingle().value1()).isEqualTo("未附证据文件");
    }

    @Test
    void anAssistedVetoFailIsPendingUntilConfirmedAndAnOverrideToPassTakesTheUnitOff() {
        long veto = f.point(indicator, "wording", "5").method("ASSISTED").veto().create();
        f.include(round, rest, veto);
        // only ASSISTED checkers need a confirmation in this round
        f.confirmVetoes(round, false);
        long unit = unit("u");
        long finding = f.finding(round, unit, veto, "FAIL");

        score();
        assertThat(entries(unit)).isZero();
        assertThat(f.pointScore(round, unit, veto)).isEqualTo("null/PENDING");
        assertThat(f.grade(round, unit)).isEqualTo("待评");
        var pending = new PendingPoints(dsl).list(round);
        assertThat(pending).hasSize(1);
        assertThat(pending.getFirst().points()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("wording");
            assertThat(p.reason()).startsWith("否决项检查不通过，待评估人员确认");
        });
        assertThatThrownBy(() -> new Publisher(dsl).publish(round, "组长", null))
                .isInstanceOf(PublicationRefusedException.class).hasMessageContaining("wording");

        f.review(finding, "CONFIRM", null, null, 1);
        score();
        assertThat(entries(unit)).isOne();
        assertThat(f.result(round, unit)).isEqualTo("95.000|1|不合格|true|100.000");

        f.review(finding, "OVERRIDE", "PASS", "1", 2);
        score();
        assertThat(entries(unit)).isZero();
        assertThat(f.result(round, unit)).isEqualTo("100.000|1|优秀|false|100.000");
    }

    @Test
    void anyCheckersVetoFailWaitsForConfirmationWhileTheRoundAsksForIt() {
        long veto = f.point(indicator, "homepage", "5").veto().create();
        f.include(round, rest, veto);
        long unit = unit("u");
        long finding = f.finding(round, unit, veto, "FAIL");
        // a manual score on the point does not stand in for the confirmation
        f.manual(round, unit, veto, "0", "MANUAL", 1);

        score(); // confirm_vetoes is on by default
        assertThat(entries(unit)).isZero();
        assertThat(f.pointScore(round, unit, veto)).isEqualTo("null/PENDING");

        f.confirmVetoes(round, false);
        score();
        assertThat(entries(unit)).isOne();

        f.confirmVetoes(round, true);
        f.review(finding, "OVERRIDE", "FAIL", "0", 1); // an evaluator's own FAIL is a decision
        score();
        assertThat(entries(unit)).isOne();
        assertThat(f.grade(round, unit)).isEqualTo("不合格");
    }
}
