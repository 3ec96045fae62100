package cn.gongkai.evaluator.check.platform;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jsoup.nodes.Document;

/** The checkers that read the homepage (and for meta tags, column and article pages) of a website. */
public final class HomepageChecks {

    private HomepageChecks() {
    }

    /** 网站标识：网站标识码、ICP备案号、公安机关备案号、党政机关网站标识. */
    public static Checker siteIdentifiers() {
        return homepageChecker("site-identifiers", (home) -> {
            List<String> problems = HomepageFacts.identifierProblems(home.page());
            if (problems.isEmpty()) {
                return CheckResult.pass("0", "首页网站标识码、ICP备案号、公安机关备案号、党政机关网站标识齐全且格式正确",
                        List.of(new Evidence(home.capture().id(), "首页页脚标识齐全")));
            }
            return CheckResult.fail(String.valueOf(problems.size()), "首页" + String.join("；", problems),
                    List.of(new Evidence(home.capture().id(), String.join("；", problems))));
        });
    }

    /** 搜索功能. */
    public static Checker searchFunction() {
        return homepageChecker("search-function", (home) -> HomepageFacts.hasSearch(home.page())
                ? CheckResult.pass("0", "首页提供站内搜索", List.of(new Evidence(home.capture().id(), "首页有搜索框或搜索入口")))
                : CheckResult.fail("1", "首页未发现站内搜索功能（搜索框或搜索入口）",
                        List.of(new Evidence(home.capture().id(), "首页无搜索框或搜索入口"))));
    }

    /** 页面元数据：homepage, column and article pages carry the meta tags of 《政府网站发展指引》. */
    public static Checker metaTags() {
        return new Checker() {
            @Override
            public String type() {
                return "meta-tags";
            }

            @Override
            public CheckResult check(CheckContext context) {
                Optional<Homepage> homepage = Homepage.load(context);
                if (homepage.isEmpty()) {
                    return Homepage.unavailable(context);
                }
                Captures captures = context.captures();
                List<Evidence> missing = new ArrayList<>();
                List<String> unread = new ArrayList<>();
                int pages = 1;
                note(missing, homepage.get().capture(), "首页", HomepageFacts.missingMeta(homepage.get().page(),
                        HomepageFacts.HOMEPAGE_META));
                for (Captures.Column column : captures.columns(context.channelId())) {
                    boolean articleColumn = ARTICLE_COLUMNS.contains(column.type());
                    Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), column.url());
                    Optional<Document> page = capture.filter(CaptureRef::ok).flatMap(c -> captures.html(c.id()));
                    if (page.isEmpty()) {
                        captures.unread(context.roundId(), context.channelId(), column.url()).ifPresent(unread::add);
                        continue;
                    }
                    pages++;
                    note(missing, capture.get(), "栏目「" + column.name() + "」",
                            HomepageFacts.missingMeta(page.get(), HomepageFacts.COLUMN_META));
                    // One article per column is a fair sample: articles share their template.
                    for (DatedItem item : captures.listItems(capture.get().id()).stream().limit(articleColumn ? 1 : 0)
                            .toList()) {
                        Optional<CaptureRef> article = captures.latest(context.roundId(), context.channelId(), item.url());
                        Optional<Document> articlePage = article.filter(CaptureRef::ok).flatMap(c -> captures.html(c.id()));
                        if (articlePage.isPresent()) {
                            pages++;
                            note(missing, article.get(), "文章《" + item.title() + "》",
                                    HomepageFacts.missingArticleMeta(articlePage.get()));
                        } else {
                            captures.unread(context.roundId(), context.channelId(), item.url()).ifPresent(unread::add);
                        }
                    }
                }
                // A page not read could lack its tags (no pass) or have them (the share, and so a failure, changes).
                if (!unread.isEmpty()) {
                    return CheckResult.uncertain("抽查的页面中有 " + unread.size() + " 个未能读取，无法判断元数据情况："
                            + String.join("；", unread.stream().limit(10).toList())
                            + (missing.isEmpty() ? "" : "；已读取的页面中 " + missing.size() + " 个缺少元数据："
                            + String.join("；", missing.stream().map(Evidence::excerpt).limit(10).toList())), missing);
                }
                if (missing.isEmpty()) {
                    return CheckResult.pass("0", "抽查 " + pages + " 个页面，元数据齐全",
                            List.of(new Evidence(homepage.get().capture().id(), "首页元数据齐全")));
                }
                String message = "抽查 " + pages + " 个页面，" + missing.size() + " 个缺少元数据："
                        + String.join("；", missing.stream().map(Evidence::excerpt).limit(10).toList());
                return missing.size() == pages ? CheckResult.fail(String.valueOf(missing.size()), message, missing)
                        : CheckResult.partial(1 - (double) missing.size() / pages, String.valueOf(missing.size()), message, missing);
            }
        };
    }

    /** Columns whose entries are articles; message boards and the disclosure platform list other pages. */
    private static final java.util.Set<String> ARTICLE_COLUMNS = java.util.Set.of("NEWS", "NOTICE", "POLICY",
            "INTERPRETATION");

    private static void note(List<Evidence> missing, CaptureRef capture, String where, List<String> names) {
        if (!names.isEmpty()) {
            missing.add(new Evidence(capture.id(), where + "缺少 " + String.join("、", names)));
        }
    }

    private static Checker homepageChecker(String type, Function<Homepage, CheckResult> judge) {
        return new Checker() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public CheckResult check(CheckContext context) {
                return Homepage.load(context).map(judge).orElseGet(() -> Homepage.unavailable(context));
            }
        };
    }

    /** The homepage's latest successful capture, parsed. */
    record Homepage(CaptureRef capture, Document page) {

        static Optional<Homepage> load(CheckContext context) {
            return context.captures().latest(context.roundId(), context.channelId(), context.channelUrl())
                    .filter(CaptureRef::ok)
                    .flatMap(capture -> context.captures().html(capture.id()).map(page -> new Homepage(capture, page)));
        }

        static CheckResult unavailable(CheckContext context) {
            Optional<CaptureRef> home = context.captures().latest(context.roundId(), context.channelId(),
                    context.channelUrl());
            String why = context.captures().unread(context.roundId(), context.channelId(), context.channelUrl())
                    .orElse(context.channelUrl() + "（页面不是 HTML）");
            return CheckResult.uncertain("首页未能读取：" + why + "，无法检查",
                    home.map(h -> List.of(new Evidence(h.id(), "首页未能读取：" + why))).orElse(List.of()));
        }
    }
}
