package cn.gongkai.crawler;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.crawler.extract.PageHead;
import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.extract.PageExtractor.ListItem;
import cn.gongkai.crawler.extract.PubDate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jsoup.nodes.Document;

/**
 * How the content of an HTML page is read once it has been decoded, parsed and found not to be a wall
 * ({@link PageReader}): an ordered chain of small steps, as StormCrawler's parse filters, each reading the parsed page
 * and what the steps before it found. The links to follow are {@link Discovery}'s part.
 */
final class ExtractionChain {

    /** One step: it reads the page and records what it found on it. */
    interface Step {
        String name();

        void read(Page page);
    }

    /** The page as the steps see it, with the site's profile (may be null), and what they found so far. */
    static final class Page {
        final String url;
        final Document doc;
        /** The day the page was captured, in China: what a list's dates without a year are read against. */
        final LocalDate day;
        final ExtractionProfile profile;
        /** The page's metadata and article heading, read once for the steps that ask. */
        final PageHead head;
        /** Article metadata (PubDate, ArticleTitle) says the page is an article, whatever lists it shows. */
        final boolean articleMeta;
        /** The list the profile selects; present makes the page a list page even if no entry has a date. */
        Optional<PageExtractor.ListReading> profiledList = Optional.empty();
        List<ListItem> listItems = List.of();
        Captures.Item article;
        final List<Captures.Item> messages = new ArrayList<>();
        final List<Captures.Item> attachments = new ArrayList<>();
        /** The list's further pages this page links to or its pager names (the profile's first), as written. */
        final List<String> nextPages = new ArrayList<>();

        Page(String url, Document doc, LocalDate day, ExtractionProfile profile) {
            this.url = url;
            this.doc = doc;
            this.day = day;
            this.profile = profile;
            this.head = PageHead.of(doc);
            this.articleMeta = head.statesArticle();
        }

        /** What to index, in the order the index keeps: the article, list entries, messages, attachments. */
        List<Captures.Item> items() {
            List<Captures.Item> out = new ArrayList<>();
            if (article != null) {
                out.add(article);
            }
            for (ListItem item : listItems) {
                out.add(new Captures.Item("LIST_ITEM", item.title(), item.url(), item.date(), null));
            }
            out.addAll(messages);
            out.addAll(attachments);
            return out;
        }
    }

    private record Named(String name, Consumer<Page> body) implements Step {
        @Override
        public void read(Page page) {
            body.accept(page);
        }
    }

    /** The entries of a column's list: what the profile selects, else the generic reading; none on an article. */
    static final Step LIST = new Named("list entries", page -> {
        if (page.articleMeta) {
            return;
        }
        if (page.profile != null) {
            page.profiledList = page.profile.readList(page.doc, page.day);
        }
        page.listItems = page.profiledList.map(PageExtractor.ListReading::items)
                .orElseGet(() -> PageExtractor.listItems(page.doc, page.day));
    });

    /**
     * The page as an article, with its title and publication date (the profile's selectors first): a page with
     * article metadata always, else one that is no list page and states a date. An article with metadata but no
     * date is recorded all the same: a missing date counts against it.
     */
    static final Step ARTICLE = new Named("article", page -> {
        if (!page.articleMeta && (page.profiledList.isPresent() || !page.listItems.isEmpty())) {
            return;
        }
        Optional<ExtractionProfile> profile = Optional.ofNullable(page.profile);
        Optional<LocalDate> pubDate = profile.flatMap(p -> p.articleDate(page.doc)).map(PubDate::date)
                .or(() -> PageExtractor.pubDate(page.head));
        if (!page.articleMeta && pubDate.isEmpty()) {
            return;
        }
        String excerpt = page.head.description();
        Optional<String> title = profile.flatMap(p -> p.articleTitle(page.doc))
                .or(() -> PageExtractor.articleTitle(page.head));
        page.article = new Captures.Item("ARTICLE", title.orElse(null), page.url, pubDate.orElse(null),
                excerpt.isEmpty() ? null : excerpt);
    });

    /** Messages of a message board: 留言时间 as the date, the status as the page words it, the reply in its columns. */
    static final Step MESSAGES = new Named("messages", page -> {
        for (PageExtractor.Message m : PageExtractor.messages(page.doc)) {
            page.messages.add(new Captures.Item("MESSAGE", m.title(), m.url(), m.askedAt(), m.statusText(),
                    new Captures.Reply(m.status(), m.repliedAt(), m.replyUnit())));
        }
    });

    /** Links to document files (PDF, DOC, DOCX, WPS, XLS, XLSX, OFD), with their type. */
    static final Step ATTACHMENTS = new Named("attachments", page -> {
        for (PageExtractor.Attachment a : PageExtractor.attachments(page.doc)) {
            page.attachments.add(new Captures.Item("ATTACHMENT", a.text(), a.url(), null, a.type()));
        }
    });

    /**
     * The list's further pages (static next pages, TRS {@code createPageHTML}, 下一页/尾页 links, query pages), the
     * profile's next-page selector first; the crawler follows them at the list's own depth.
     */
    static final Step PAGINATION = new Named("pagination", page -> {
        if (page.profile != null) {
            page.nextPages.addAll(page.profile.nextPages(page.doc));
        }
        page.nextPages.addAll(PageExtractor.pagination(page.doc));
    });

    /** The chain, in order: the article step needs to know whether the page is a list. */
    static final List<Step> STEPS = List.of(LIST, ARTICLE, PAGINATION, MESSAGES, ATTACHMENTS);

    private ExtractionChain() {
    }

    static Page read(String url, Document doc, LocalDate day, ExtractionProfile profile) {
        Page page = new Page(url, doc, day, profile);
        for (Step step : STEPS) {
            step.read(page);
        }
        return page;
    }
}
