package cn.gongkai.crawler.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The sandbox's planted defects, from {@code ground-truth.json} beside this class. The sandbox plants what the file
 * lists and nothing else, so a checker's findings on the sandbox can be compared with it item by item.
 */
public record GroundTruth(List<SiteTruth> sites, List<WechatTruth> wechat) {

    public static final String RESOURCE = "ground-truth.json";

    /** One planted defect: its kind (STALE_COLUMN, DEAD_LINK, …) and parameters as the file gives them. */
    public record Defect(String kind, Map<String, Object> params) {

        public String note() {
            return string("note");
        }

        public String string(String key) {
            Object v = params.get(key);
            return v == null ? null : v.toString();
        }

        public int integer(String key) {
            Object v = params.get(key);
            if (!(v instanceof Number n)) {
                throw new IllegalStateException("靶场真值文件中缺陷 " + kind + " 缺少数值参数 " + key);
            }
            return n.intValue();
        }

        @SuppressWarnings("unchecked")
        public List<String> strings(String key) {
            Object v = params.get(key);
            return v instanceof List<?> l ? (List<String>) l : List.of();
        }
    }

    /**
     * A sandbox website.
     *
     * @param demo     one of the six sites of the demo round (started by {@link Sandbox#start})
     * @param encoding the charset its pages are served in (UTF-8 unless stated)
     * @param annualReport how its annual report is published: html (tables on the page, the default), pdf, docx or
     *                     ofd (an attachment of the report page)
     * @param family the CMS family its template follows: classic (the sandbox's own, the default), trs, hanweb,
     *               divdl, spa or table
     */
    public record SiteTruth(String code, String name, String unitType, boolean demo, String encoding,
                            List<Defect> defects, String annualReport, String family) {

        public SiteTruth(String code, String name, String unitType, boolean demo, String encoding,
                         List<Defect> defects) {
            this(code, name, unitType, demo, encoding, defects, "html", "classic");
        }

        public List<Defect> defects(String kind) {
            return defects.stream().filter(d -> d.kind().equals(kind)).toList();
        }

        public Optional<Defect> defect(String kind) {
            return defects.stream().filter(d -> d.kind().equals(kind)).findFirst();
        }
    }

    /**
     * A sandbox WeChat official account.
     *
     * @param feed rss, atom, jsonfeed (served by the sandbox's bridge) or urls (an imported list of article URLs)
     */
    public record WechatTruth(String code, String unit, String name, String feed, List<Defect> defects) {

        public Optional<Defect> defect(String kind) {
            return defects.stream().filter(d -> d.kind().equals(kind)).findFirst();
        }
    }

    private static final GroundTruth LOADED = read();

    public static GroundTruth load() {
        return LOADED;
    }

    public SiteTruth site(String code) {
        return sites.stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("靶场真值文件中没有该网站：" + code));
    }

    @SuppressWarnings("unchecked")
    private static GroundTruth read() {
        try (InputStream in = GroundTruth.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("缺少靶场真值文件 " + RESOURCE);
            }
            // JSON is a subset of YAML; SnakeYAML is already a dependency, a JSON library would be one more
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<SiteTruth> sites = new ArrayList<>();
            for (Map<String, Object> s : (List<Map<String, Object>>) root.get("sites")) {
                sites.add(new SiteTruth((String) s.get("code"), (String) s.get("name"), (String) s.get("unitType"),
                        Boolean.TRUE.equals(s.get("demo")), (String) s.getOrDefault("encoding", "UTF-8"),
                        defects(s), (String) s.getOrDefault("annualReport", "html"),
                        (String) s.getOrDefault("family", "classic")));
            }
            List<WechatTruth> wechat = new ArrayList<>();
            for (Map<String, Object> w : (List<Map<String, Object>>) root.get("wechat")) {
                wechat.add(new WechatTruth((String) w.get("code"), (String) w.get("unit"), (String) w.get("name"),
                        (String) w.get("feed"), defects(w)));
            }
            return new GroundTruth(List.copyOf(sites), List.copyOf(wechat));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Defect> defects(Map<String, Object> owner) {
        List<Defect> out = new ArrayList<>();
        for (Map<String, Object> d : (List<Map<String, Object>>) owner.getOrDefault("defects", List.of())) {
            out.add(new Defect((String) d.get("kind"), Map.copyOf(d)));
        }
        return List.copyOf(out);
    }
}
