package cn.gongkai.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FetchableLinksTest {

    @Test
    void answersAsNormalisingDoesWhetherALinkIsSeenOnceTwiceOrOftenAndAcrossClears() {
        List<String> menu = List.of("http://www.xx.gov.cn/", "http://www.xx.gov.cn/zwgk/index.html",
                "HTTP://WWW.XX.GOV.CN/zwgk/../hdjl/", "javascript:void(0)", "mailto:zw@xx.gov.cn",
                "http://www.xx.gov.cn/a.css", "http://www.xx.gov.cn/zwgk/t1.html#top", "ftp://xx.gov.cn/x");
        FetchableLinks links = new FetchableLinks();
        Random random = new Random(3);
        List<String> asked = new ArrayList<>();
        for (int page = 0; page < 2_000; page++) {
            asked.addAll(menu); // every page repeats its menu
            for (int i = 0; i < 20; i++) { // and links articles seen once or twice
                asked.add("http://www.xx.gov.cn/zwgk/" + (page * 20 + i) / (1 + random.nextInt(2)) + ".html");
            }
        }
        for (String link : asked) {
            assertThat(links.of(link)).as(link).isEqualTo(Urls.normalize(link).filter(Urls::worthFetching));
        }
        assertThat(links.of(null)).isEmpty();
    }
}
