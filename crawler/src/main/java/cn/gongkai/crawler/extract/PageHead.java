package cn.gongkai.crawler.extract;

import java.util.Optional;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Evaluator;

/**
 * What an article page says of itself, read once for the steps that ask: its {@code <meta>} elements (wherever they
 * stand: a page with text before {@code <html>} has them in the body) and the heading that names the article. Each
 * question of the metadata was a search of the whole page, and the date and the title both looked for the heading.
 * Made for one reading of a page that nothing changes meanwhile.
 */
public final class PageHead {

    private final Document doc;
    private final Elements metas;
    private Optional<String> heading;

    private PageHead(Document doc) {
        this.doc = doc;
        this.metas = doc.getElementsByTag("meta");
    }

    public static PageHead of(Document doc) {
        return new PageHead(doc);
    }

    /** Article metadata ({@code PubDate}, {@code ArticleTitle}) says the page is an article. */
    public boolean statesArticle() {
        return !select(Css.of("meta[name=PubDate], meta[name=ArticleTitle]")).isEmpty();
    }

    /** The {@code Description} metadata, stripped; "" without it. */
    public String description() {
        return select(Css.of("meta[name=Description]")).attr("content").strip();
    }

    Document doc() {
        return doc;
    }

    /** {@code doc.select(query)} for a query only {@code <meta>} elements can match, in page order. */
    Elements select(Evaluator query) {
        Elements out = new Elements();
        for (Element meta : metas) {
            if (query.matches(doc, meta)) {
                out.add(meta);
            }
        }
        return out;
    }

    /** {@link Articles#headingTitle}, found on first use. */
    Optional<String> heading() {
        if (heading == null) {
            heading = Articles.headingTitle(this);
        }
        return heading;
    }
}
