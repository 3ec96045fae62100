package cn.gongkai.scoring.publish;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_POINT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.scoring.GradingPolicy;
import cn.gongkai.scoring.RoundFixture;
import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.publish.Snapshot.Change;
import cn.gongkai.sql.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PublisherIT {

    private final DSLContext dsl = TestDatabase.get().dsl();
    private final Publisher publisher = new Publisher(dsl);
    private RoundFixture f;
    private long round;
    private long a;
    private long b;
    private long point;
    private long findingOfB;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        f = new RoundFixture(dsl);
        round = f.round();
        long group = f.group("counties", "COUNTY_GOVERNMENT");
        point = f.point(f.indicator(f.area("a"), "i", "10"), "p", "10").rule("PROPORTIONAL", null).create();
        f.include(round, point);
        a = f.unitIn(round, group, "a", "COUNTY_GOVERNMENT");
        b = f.unitIn(round, group, "b", "COUNTY_GOVERNMENT");
        f.finding(round, a, point, "PARTIAL", "0.9", null);
        findingOfB = f.finding(round, b, point, "PARTIAL", "0.8", null);
    }

    private void score() {
        new RoundScorer(dsl, GradingPolicy.defaults()).score(round);
    }

    @Test
    void publishingFreezesTheResultsAndANewVersionCarriesItsChangeLog() {
        assertThatThrownBy(() -> publisher.publish(round, "组长", null))
                .isInstanceOf(PublicationRefusedException.class).hasMessage("本轮次尚未计分，没有可发布的结果");
        score();

        Snapshot v1 = publisher.publish(round, "组长", null);

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.contentHash()).matches("[0-9a-f]{64}");
        assertThat(v1.units()).extracting(Snapshot.UnitRow::unitId).containsExactly(a, b);
        assertThat(v1.units().get(0).medianRank()).isNotNull();
        assertThat(v1.changes()).isEmpty();
        assertThat(publisher.verify(v1.id())).isTrue();
        // publishing the same results again is the same version; rescoring unchanged inputs changes nothing
        score();
        assertThat(publisher.publish(round, "组长", "重复发布").id()).isEqualTo(v1.id());

        // an appeal raises b above a
        dsl.update(FINDING).set(FINDING.SCORE_FRACTION, new BigDecimal("0.95"))
                .set(FINDING.CHECKED_AT, LocalDateTime.now(ZoneOffset.UTC))
                .where(FINDING.ID.eq(findingOfB)).execute();
        assertThatThrownBy(() -> publisher.publish(round, "组长", "申诉"))
                .isInstanceOf(PublicationRefusedException.class).hasMessageContaining("请重新计分后再发布");
        score();
        assertThatThrownBy(() -> publisher.publish(round, "组长", " "))
                .isInstanceOf(PublicationRefusedException.class).hasMessage("本轮次已发布过结果，再次发布须说明变更原因");
        Snapshot v2 = publisher.publish(round, "复核组", "单位b申诉成立");

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.contentHash()).isNotEqualTo(v1.contentHash());
        assertThat(v2.publishedBy()).isEqualTo("复核组");
        assertThat(v2.reason()).isEqualTo("单位b申诉成立");
        assertThat(v2.changes()).containsExactlyInAnyOrder(
                new Change(a, "rank_in_group", "1", "2"),
                new Change(b, "total", "80", "95"),
                new Change(b, "rank_in_group", "2", "1"),
                new Change(b, "grade", "良好", "优秀"));
        assertThat(publisher.latest(round)).get().extracting(Snapshot::id).isEqualTo(v2.id());
        assertThat(publisher.history(round)).extracting(Snapshot::version).containsExactly(1, 2);
        // version 1 is still what it was
        assertThat(publisher.read(v1.id()).units()).filteredOn(u -> u.unitId() == b).singleElement()
                .extracting(Snapshot.UnitRow::total).satisfies(t -> assertThat(t).isEqualByComparingTo("80"));
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("PUBLISH_RESULTS"))).isEqualTo(2);
    }

    @Test
    void uncertainPointsBlockPublicationEvenWhenTheRoundSaysOtherwiseSinceTheyAreUnassessed() {
        dsl.update(FINDING).set(FINDING.STATUS, "UNCERTAIN").where(FINDING.ID.eq(findingOfB)).execute();
        score();
        assertThatThrownBy(() -> publisher.publish(round, "组长", null))
                .isInstanceOf(PublicationRefusedException.class)
                .hasMessage("还有 1 个评估点的检查结果不确定，须经评估人员复核后才能发布");

        new RoundPolicies(dsl).save(round, RoundPolicy.defaults().withUncertainBlocksPublication(false), "组长",
                "不确定项不单独拦截");
        score();
        String unitB = dsl.select(UNIT.NAME).from(UNIT).where(UNIT.ID.eq(b)).fetchOne(UNIT.NAME);
        assertThatThrownBy(() -> publisher.publish(round, "组长", null))
                .isInstanceOf(PublicationRefusedException.class)
                .hasMessage("还有 1 个单位的 1 个评估点待评，须全部评定后才能发布：" + unitB
                        + "（已评 0/1）待评：p 检查结果不确定，待评估人员复核（检查结果PARTIAL）。");
        assertThat(dsl.fetchCount(RESULT_SNAPSHOT)).isZero();
    }

    @Test
    void anUnscoredManualPointMakesTheUnitPendingAndPublicationIsRefusedUntilSomeoneScoresIt() {
        long manual = f.point(f.indicator(f.area("m"), "im", "10"), "m-01", "10").method("MANUAL").create();
        f.include(round, manual);
        score();

        // neither full marks nor zero: out of the maximum, the total is a provisional 90 (9 of 10), and no grade
        assertThat(f.pointScore(round, a, manual)).isEqualTo("null/PENDING");
        assertThat(f.result(round, a)).isEqualTo("90.000|0|待评|false|10.000");
        assertThat(dsl.select(UNIT_RESULT.PENDING_POINTS).from(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(round))
                .and(UNIT_RESULT.UNIT_ID.eq(a)).fetchOne(UNIT_RESULT.PENDING_POINTS)).isEqualTo(1);
        String unitA = dsl.select(UNIT.NAME).from(UNIT).where(UNIT.ID.eq(a)).fetchOne(UNIT.NAME);
        String unitB = dsl.select(UNIT.NAME).from(UNIT).where(UNIT.ID.eq(b)).fetchOne(UNIT.NAME);
        assertThatThrownBy(() -> publisher.publish(round, "组长", null))
                .isInstanceOf(PublicationRefusedException.class)
                .hasMessage("还有 2 个单位的 2 个评估点待评，须全部评定后才能发布：" + unitA + "（已评 1/2）待评：m-01 人工评估项尚未评分；"
                        + unitB + "（已评 1/2）待评：m-01 人工评估项尚未评分。");
        assertThat(dsl.fetchCount(RESULT_SNAPSHOT)).isZero();

        f.manual(round, a, manual, "10", "MANUAL", 1);
        score();
        assertThat(f.result(round, a)).isEqualTo("95.000|1|优秀|false|20.000");
        assertThatThrownBy(() -> publisher.publish(round, "组长", null))
                .isInstanceOf(PublicationRefusedException.class)
                .hasMessageStartingWith("还有 1 个单位的 1 个评估点待评");

        f.manual(round, b, manual, "6", "MANUAL", 2);
        score();
        assertThat(f.result(round, b)).isEqualTo("70.000|2|良好|false|20.000");
        assertThat(publisher.publish(round, "组长", null).version()).isEqualTo(1);
    }

    @Test
    void aSnapshotAlteredInTheDatabaseNoLongerVerifies() {
        score();
        Snapshot snapshot = publisher.publish(round, "组长", null);

        dsl.update(RESULT_SNAPSHOT_POINT).set(RESULT_SNAPSHOT_POINT.SCORE, new BigDecimal("10"))
                .where(RESULT_SNAPSHOT_POINT.UNIT_ID.eq(b)).execute();
        assertThat(publisher.verify(snapshot.id())).isFalse();

        dsl.update(RESULT_SNAPSHOT_POINT).set(RESULT_SNAPSHOT_POINT.SCORE, new BigDecimal("8"))
                .where(RESULT_SNAPSHOT_POINT.UNIT_ID.eq(b)).execute();
        assertThat(publisher.verify(snapshot.id())).isTrue();
        dsl.update(RESULT_SNAPSHOT_UNIT).set(RESULT_SNAPSHOT_UNIT.GRADE, "优秀")
                .where(RESULT_SNAPSHOT_UNIT.UNIT_ID.eq(b)).execute();
        assertThat(publisher.verify(snapshot.id())).isFalse();
    }
}
