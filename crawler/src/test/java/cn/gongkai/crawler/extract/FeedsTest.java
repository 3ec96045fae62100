package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rssAtomAndJsonFeedGiveUrlsTitlesAndTimes() throws Exception {
        var rss = Feeds.parse(b("""
                <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>清河发布</title>
                <item><title>权威发布</title><link>https://mp.weixin.qq.com/s/abc</link>
                <pubDate>Sun, 29 Nov 2026 10:30:00 +0800</pubDate></item></channel></rss>"""), "application/rss+xml");
        assertThat(rss).containsExactly(new Feeds.Entry("https://mp.weixin.qq.com/s/abc", "权威发布",
                Instant.parse("2026-11-29T02:30:00Z")));
        var atom = Feeds.parse(b("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>云山发布</title>
                <entry><title>一图读懂</title><link href="https://mp.weixin.qq.com/s/def"/><id>x</id>
                <updated>2026-11-28T20:00:00+08:00</updated></entry></feed>"""), null);
        assertThat(atom).extracting(Feeds.Entry::url, Feeds.Entry::published)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("https://mp.weixin.qq.com/s/def",
                        Instant.parse("2026-11-28T12:00:00Z")));
        var json = Feeds.parse(b("""
                {"version": "https://jsonfeed.org/version/1.1", "title": "示范教育", "items": [
                 {"id": "1", "url": "https:\\/\\/mp.weixin.qq.com\\/s\\/ghi", "title": "提醒", "date_published": "2026-11-27T09:00:00+08:00"}]}"""),
                "application/feed+json");
        assertThat(json).singleElement().satisfies(e -> {
            assertThat(e.url()).isEqualTo("https://mp.weixin.qq.com/s/ghi");
            assertThat(e.published()).isEqualTo(Instant.parse("2026-11-27T01:00:00Z"));
        });
    }

    @Test
    void anErrorPageIsNotAnEmptyFeed() {
        assertThatThrownBy(() -> Feeds.parse(b("<html><body>502 Bad Gateway</body></html>"), "text/html"))
                .isInstanceOf(Feeds.NotAFeedException.class);
        assertThatThrownBy(() -> Feeds.parse(b("{\"error\": \"upstream\"}"), "application/json"))
                .isInstanceOf(Feeds.NotAFeedException.class);
    }

    @Test
    void wechatPublishTimeComesFromTheScriptsCt() {
        assertThat(Feeds.wechatPublishTime("<script>var nickname = \"x\"; var ct = \"1764383400\";</script>"))
                .contains(Instant.ofEpochSecond(1764383400L));
        assertThat(Feeds.wechatPublishTime("<p>no time here</p>")).isEmpty();
    }
}
