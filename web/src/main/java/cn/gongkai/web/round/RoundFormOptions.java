package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;

import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition;
import cn.gongkai.scoring.RoundPolicies;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What the round-creation form offers: the seed indicator systems with their points by area, and the rounds whose
 * scoring policy a new round may take over. Also copies such a policy, since the form names a round, not a policy.
 */
@Component
public class RoundFormOptions {

    /** A seed system as the form lists it. */
    public record SystemChoice(String code, String name, int pointCount, List<AreaChoice> areas) {
    }

    public record AreaChoice(String code, String name, List<PointChoice> points) {
    }

    public record PointChoice(String code, String text, String method) {
    }

    /** A round whose policy can be taken over (one of the same indicator system, which the server checks). */
    public record PolicySource(long id, String name, String system) {
    }

    private static final List<SystemChoice> SYSTEMS = IndicatorSystemDefinition.SEED_CODES.stream()
            .map(IndicatorSystemDefinition::seed)
            .map(s -> new SystemChoice(s.code(), s.name(),
                    s.areas().stream().mapToInt(a -> a.indicators().stream().mapToInt(i -> i.points().size()).sum()).sum(),
                    s.areas().stream().map(a -> new AreaChoice(a.code(), a.name(), a.indicators().stream()
                            .flatMap(i -> i.points().stream())
                            .map(p -> new PointChoice(p.code(), p.text(), p.method())).toList())).toList()))
            .toList();

    private final DSLContext dsl;

    RoundFormOptions(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Adds the form's choices to a page, and a blank form unless one came back with an error. */
    public void addTo(Model model) {
        model.addAttribute("systems", SYSTEMS);
        model.addAttribute("policySources", dsl.select(ASSESSMENT_ROUND.ID, ASSESSMENT_ROUND.NAME, INDICATOR_SYSTEM.CODE)
                .from(ASSESSMENT_ROUND).join(INDICATOR_SYSTEM)
                .on(INDICATOR_SYSTEM.ID.eq(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID))
                .orderBy(ASSESSMENT_ROUND.ID.desc())
                .fetch(r -> new PolicySource(r.value1(), r.value2(), r.value3())));
        if (!model.containsAttribute("roundForm")) {
            RoundForm form = RoundForm.blank();
            // Every point ticked: narrowing a round means unticking the few it leaves out.
            form.setPoints(SYSTEMS.stream().flatMap(s -> s.areas().stream().flatMap(a -> a.points().stream()
                    .map(p -> s.code() + ":" + p.code()))).collect(java.util.stream.Collectors.toList()));
            model.addAttribute("roundForm", form);
        }
    }

    /**
     * The policy of round {@code fromRound} as the {@code policy:} block of a new round of {@code system} that uses
     * {@code points} (null: all). Grades, weights, bonus and the negative list's cap carry over; composite units do
     * not, since they name units the new round may not have, and pools keep only points the new round uses.
     */
    PolicyDefinition copyPolicy(long fromRound, String system, List<String> points) {
        var source = dsl.select(ASSESSMENT_ROUND.NAME, INDICATOR_SYSTEM.CODE).from(ASSESSMENT_ROUND)
                .join(INDICATOR_SYSTEM).on(INDICATOR_SYSTEM.ID.eq(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID))
                .where(ASSESSMENT_ROUND.ID.eq(fromRound)).fetchOne();
        if (source == null) {
            throw new RoundDefinitionException("要沿用评分规则的轮次不存在（编号 " + fromRound + "）");
        }
        if (!source.value2().equals(system)) {
            throw new RoundDefinitionException("轮次「" + source.value1() + "」使用指标体系 " + source.value2()
                    + "，与新轮次的 " + system + " 不同，不能沿用其评分规则");
        }
        Map<Long, String> pointCodes = new TreeMap<>(dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE)
                .from(ROUND_POINT).join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(fromRound)).fetchMap(EVALUATION_POINT.ID, EVALUATION_POINT.CODE));
        var policy = new RoundPolicies(dsl).load(fromRound).withComposites(List.of());
        PolicyDefinition copied = PolicyDefinition.of(policy, Map.of(), pointCodes);
        Set<String> kept = points == null ? null : Set.copyOf(points);
        return copied.keepingPoints(code -> kept == null || kept.contains(code));
    }
}
