package cn.gongkai.web.unit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A unit's points as its page and PDF arrange them, problems first: the points the filter picks ({@link Show}) on
 * top, those that lost marks ordered by the marks lost, then every other point under its area. Nothing is dropped
 * except by the search: a county can always open an area and read the rest.
 */
public final class UnitPoints {

    /** What goes on top; {@code code} is the query parameter's value, {@code label} the filter's name on the page. */
    public enum Show {
        DEDUCTED("deducted", "扣分"),
        FAILED("failed", "不通过"),
        PENDING("pending", "待评"),
        ALL("all", "全部");

        private final String param;
        private final String label;

        Show(String param, String label) {
            this.param = param;
            this.label = label;
        }

        /** The value of the {@code show} query parameter. */
        public String code() {
            return param;
        }

        public String label() {
            return label;
        }

        /** The filter a query parameter names; null for an unknown value. Absent means {@link #DEDUCTED}. */
        public static Show of(String param) {
            if (param == null || param.isBlank()) {
                return DEDUCTED;
            }
            for (Show show : values()) {
                if (show.param.equals(param.strip())) {
                    return show;
                }
            }
            return null;
        }

        boolean picks(UnitBreakdown.PointLine p) {
            return switch (this) {
                case DEDUCTED -> deducted(p);
                case FAILED -> failed(p);
                case PENDING -> p.pending();
                case ALL -> true;
            };
        }
    }

    /**
     * An area's points not on top; {@code line} its score (null when the unit has no score in it), {@code open}
     * whether it is shown unfolded (all points asked for, or a search found points in it).
     */
    public record Group(String area, UnitBreakdown.AreaLine line, List<UnitBreakdown.PointLine> points, boolean open) {
    }

    /** {@code counts} are the points each filter would put on top (the search applied). */
    public record Arranged(Show show, String query, List<UnitBreakdown.PointLine> top, List<Group> groups,
                           Map<Show, Integer> counts) {
    }

    private UnitPoints() {
    }

    /** Marks lost on a scored point; null when it is 待评 or does not apply. */
    public static BigDecimal lost(UnitBreakdown.PointLine p) {
        if (p.pending() || p.score() == null || p.maxScore() == null) {
            return null;
        }
        return p.maxScore().subtract(p.score());
    }

    public static boolean deducted(UnitBreakdown.PointLine p) {
        BigDecimal lost = lost(p);
        return lost != null && lost.signum() > 0;
    }

    /** 不通过 after the evaluators' decisions; a veto FAIL still awaiting confirmation is 待评, not failed. */
    public static boolean failed(UnitBreakdown.PointLine p) {
        return !p.pending() && "FAIL".equals(p.status());
    }

    /** The points in catalogue order, the areas in theirs; {@code query} matches point texts (blank: all). */
    public static Arranged arrange(List<UnitBreakdown.PointLine> points, List<UnitBreakdown.AreaLine> areas, Show show,
                                   String query) {
        String q = query == null ? "" : query.strip();
        String needle = q.toLowerCase(Locale.ROOT);
        List<UnitBreakdown.PointLine> matching = points.stream()
                .filter(p -> needle.isEmpty() || p.pointText().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        Map<Show, Integer> counts = new EnumMap<>(Show.class);
        for (Show s : Show.values()) {
            counts.put(s, (int) matching.stream().filter(s::picks).count());
        }
        List<UnitBreakdown.PointLine> top = new ArrayList<>();
        if (show != Show.ALL) {
            top.addAll(matching.stream().filter(show::picks).toList());
            if (show != Show.PENDING) {
                // most marks lost first; a stable sort keeps catalogue order among equals
                top.sort(Comparator.comparing((UnitBreakdown.PointLine p) -> lost(p) == null ? BigDecimal.ZERO : lost(p))
                        .reversed());
            }
        }
        Map<String, List<UnitBreakdown.PointLine>> byArea = new LinkedHashMap<>();
        areas.forEach(a -> byArea.put(a.area(), new ArrayList<>()));
        for (UnitBreakdown.PointLine p : matching) {
            if (!top.contains(p)) {
                byArea.computeIfAbsent(p.area(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Group> groups = new ArrayList<>();
        for (var e : byArea.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            UnitBreakdown.AreaLine line = areas.stream().filter(a -> a.area().equals(e.getKey())).findFirst()
                    .orElse(null);
            groups.add(new Group(e.getKey(), line, List.copyOf(e.getValue()), show == Show.ALL || !q.isEmpty()));
        }
        return new Arranged(show, q, List.copyOf(top), List.copyOf(groups), counts);
    }
}
