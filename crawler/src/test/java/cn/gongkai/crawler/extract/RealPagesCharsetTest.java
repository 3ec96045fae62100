package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every real page decodes without U+FFFD wherever its hand-cleaned text has none. */
class RealPagesCharsetTest {

    @Test
    void realPagesDecodeWithoutReplacementCharacters() {
        List<RealPages.Page> pages = RealPages.locate().pages();
        List<String> broken = new ArrayList<>();
        int clean = 0;
        int eligible = 0;
        for (RealPages.Page page : pages) {
            if (page.cleaned().indexOf('\uFFFD') >= 0) {
                continue;
            }
            eligible++;
            Charsets.Decoded d = Charsets.decode(page.html(), null);
            // the cleaned text must be found in what we decoded: a wrong charset would not contain it
            String firstLine = page.cleaned().strip().lines().filter(l -> l.strip().length() >= 6).findFirst()
                    .orElse("").strip();
            String probe = firstLine.substring(0, Math.min(6, firstLine.length()));
            if (d.text().indexOf('\uFFFD') >= 0 || !d.text().replace("&nbsp;", " ").contains(probe)) {
                broken.add(page.id() + " " + d.charset() + " (" + d.source() + ")");
            } else {
                clean++;
            }
        }
        System.out.printf("real-pages-open charsets: %d of %d pages decode without replacement characters%n",
                clean, eligible);
        assertThat(broken).isEmpty();
        assertThat(pages).hasSizeGreaterThanOrEqualTo(30);
    }
}
