package cn.gongkai.web.policy;

import cn.gongkai.scoring.Grades;
import cn.gongkai.scoring.GradingPolicy;
import cn.gongkai.scoring.RoundPolicies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The grades a round can give, as its policy names them, in the order pages list them: the bands from the highest
 * down, the lowest grade, the separate 待改进 category and the negative list's forced grade, then 待评. Each has a
 * colour for charts and legends, by its place rather than by its name, so a round's own labels are coloured too.
 */
@Component
public class GradeScale {

    /** What a label stands for: a band, the grade below them, the 待改进 category, the negative list's grade, 待评. */
    public enum Kind { BAND, LOWEST, IMPROVEMENT, NEGATIVE_LIST, PENDING }

    /** {@code cssClass} colours legends' swatches with the same colour as the charts (no inline styles: CSP). */
    public record Grade(String label, Kind kind, String colour, String cssClass) {
        public boolean improvement() {
            return kind == Kind.IMPROVEMENT;
        }
    }

    /** Greens and blues for the bands from the best down; the lowest grade grey, 待改进 orange, 待评 light grey. */
    private static final String[] BAND_COLOURS = {"#2e7d32", "#1565c0", "#f9a825", "#6a1b9a", "#00838f", "#5d4037"};
    static final String LOWEST_COLOUR = "#9e9e9e";
    static final String IMPROVEMENT_COLOUR = "#ef6c00";
    static final String NEGATIVE_COLOUR = "#c62828";
    static final String PENDING_COLOUR = "#cfd8dc";

    private final DSLContext dsl;

    GradeScale(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Grade> of(long roundId) {
        GradingPolicy grading = new RoundPolicies(dsl).load(roundId).grading();
        Map<String, Grade> grades = new LinkedHashMap<>();
        List<GradingPolicy.Band> bands = grading.bands();
        for (int i = 0; i < bands.size(); i++) {
            String label = bands.get(i).grade();
            grades.putIfAbsent(label, new Grade(label, Kind.BAND, BAND_COLOURS[Math.min(i, BAND_COLOURS.length - 1)],
                    "grade-band-" + Math.min(i, BAND_COLOURS.length - 1)));
        }
        grades.putIfAbsent(grading.lowestGrade(), new Grade(grading.lowestGrade(), Kind.LOWEST, LOWEST_COLOUR,
                "grade-lowest"));
        if (grading.improvement() != null) {
            String label = grading.improvement().grade();
            grades.putIfAbsent(label, new Grade(label, Kind.IMPROVEMENT, IMPROVEMENT_COLOUR, "grade-improvement"));
        }
        if (grading.negativeListGrade() != null) {
            grades.putIfAbsent(grading.negativeListGrade(),
                    new Grade(grading.negativeListGrade(), Kind.NEGATIVE_LIST, NEGATIVE_COLOUR, "grade-negative"));
        }
        grades.putIfAbsent(Grades.PENDING, new Grade(Grades.PENDING, Kind.PENDING, PENDING_COLOUR, "grade-pending"));
        return new ArrayList<>(grades.values());
    }

    /** The label of the round's 待改进 category, or null when its policy has none. */
    public String improvementLabel(long roundId) {
        GradingPolicy.Improvement improvement = new RoundPolicies(dsl).load(roundId).grading().improvement();
        return improvement == null ? null : improvement.grade();
    }

    /** Label to colour, for the charts' scripts. */
    public static Map<String, String> colours(List<Grade> grades) {
        Map<String, String> out = new LinkedHashMap<>();
        grades.forEach(g -> out.put(g.label(), g.colour()));
        return out;
    }
}
