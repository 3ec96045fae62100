package cn.gongkai.evaluator.wording;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * A list of wrong → right forms and an Aho–Corasick automaton over the wrong ones: one pass over a page finds every
 * entry, however long the list grows. Overlapping hits resolve to the longest (国家工商行政管理总局 over a shorter
 * entry inside it).
 */
public final class WordingErrors {

    /** Characters that make a preceding name a reference to the former institution, not a mistake: 原农业部. */
    private static final String FORMER = "原前";
    private static final String SENTENCE_END = "。！？!?；;\n";
    private static final int MAX_SIDE = 80;

    /**
     * One entry of the list.
     *
     * @param outdatedSince pages published before this day may use the wrong form: it was right then
     * @param notFollowedBy characters that, right after the wrong form, make it another word (农业部门 is not 农业部)
     * @param basis         why the form is wrong, for the evaluator
     */
    public record Entry(String wrong, String right, LocalDate outdatedSince, String notFollowedBy, String basis) {

        public Entry {
            if (wrong == null || wrong.isBlank() || right == null || right.isBlank()) {
                throw new IllegalArgumentException("表述错误条目的错误表述和正确表述都不能为空");
            }
            notFollowedBy = notFollowedBy == null ? "" : notFollowedBy;
        }
    }

    /** One occurrence: where it is in the text and the sentence around it. */
    public record Hit(Entry entry, int start, int end, String sentence) {

        /** The hit as one line of evidence, in Chinese. */
        public String describe() {
            return "「" + entry.wrong() + "」应为「" + entry.right() + "」：" + sentence;
        }
    }

    private final Map<String, Entry> entries;
    private final Trie trie;

    private WordingErrors(List<Entry> list) {
        Map<String, Entry> byWrong = new HashMap<>();
        for (Entry e : list) {
            byWrong.put(e.wrong(), e);
        }
        this.entries = Map.copyOf(byWrong);
        this.trie = Trie.builder().ignoreOverlaps().addKeywords(byWrong.keySet()).build();
    }

    public static WordingErrors of(List<Entry> entries) {
        return new WordingErrors(entries);
    }

    /** The list gongkai ships: institutions abolished or renamed by the 2018 reform. */
    public static WordingErrors seed() {
        return of(seedEntries());
    }

    public static List<Entry> seedEntries() {
        try (InputStream in = WordingErrors.class.getResourceAsStream("serious-wording-errors.tsv")) {
            if (in == null) {
                throw new IllegalStateException("缺少内置的严重表述错误清单");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a list as the evaluators keep it: tab-separated, {@code #} comments, see the seed file's header. */
    public static List<Entry> parse(Reader tsv) throws IOException {
        List<Entry> list = new ArrayList<>();
        BufferedReader reader = new BufferedReader(tsv);
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 2) {
                throw new IllegalArgumentException("表述错误清单第 " + number + " 行应至少有「错误表述」和「正确表述」两列");
            }
            LocalDate since = null;
            if (f.length > 2 && !f[2].isBlank()) {
                try {
                    since = LocalDate.parse(f[2].strip());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("表述错误清单第 " + number + " 行的停用日期应为 yyyy-MM-dd：" + f[2], e);
                }
            }
            list.add(new Entry(f[0].strip(), f[1].strip(), since, f.length > 3 ? f[3].strip() : "",
                    f.length > 4 ? f[4].strip() : ""));
        }
        return list;
    }

    public int size() {
        return entries.size();
    }

    /** Every hit in the text, in order. */
    public List<Hit> find(String text) {
        List<Hit> hits = new ArrayList<>();
        for (Emit emit : trie.parseText(text)) {
            Entry entry = entries.get(emit.getKeyword());
            int start = emit.getStart();
            int end = emit.getEnd() + 1;
            if (start > 0 && FORMER.indexOf(text.charAt(start - 1)) >= 0) {
                continue;
            }
            if (end < text.length() && entry.notFollowedBy().indexOf(text.charAt(end)) >= 0) {
                continue;
            }
            hits.add(new Hit(entry, start, end, sentence(text, start, end)));
        }
        return hits;
    }

    /** The sentence around a hit, at most {@value #MAX_SIDE} characters either side. */
    static String sentence(String text, int start, int end) {
        int from = start;
        while (from > 0 && start - from < MAX_SIDE && SENTENCE_END.indexOf(text.charAt(from - 1)) < 0) {
            from--;
        }
        int to = end;
        while (to < text.length() && to - end < MAX_SIDE && SENTENCE_END.indexOf(text.charAt(to)) < 0) {
            to++;
        }
        if (to < text.length() && SENTENCE_END.indexOf(text.charAt(to)) >= 0 && text.charAt(to) != '\n') {
            to++;
        }
        return text.substring(from, to).strip();
    }
}
