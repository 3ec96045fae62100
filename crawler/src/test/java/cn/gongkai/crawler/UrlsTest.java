package cn.gongkai.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void normalFormDropsFragmentsAndDefaultPorts() {
        assertThat(Urls.normalize("HTTP://WWW.Example.GOV.cn:80/a/b.html#top")).contains("http://www.example.gov.cn/a/b.html");
        assertThat(Urls.normalize("https://example.gov.cn")).contains("https://example.gov.cn/");
        assertThat(Urls.normalize("javascript:void(0)")).isEmpty();
        assertThat(Urls.normalize("mailto:gk@example.gov.cn")).isEmpty();
        assertThat(Urls.normalize(null)).isEmpty();
    }

    @Test
    void hostKeyFillsInTheDefaultPort() {
        assertThat(Urls.hostKey("http://Example.gov.cn/x")).contains("example.gov.cn:80");
        assertThat(Urls.hostKey("https://example.gov.cn/x")).contains("example.gov.cn:443");
        assertThat(Urls.hostKey("http://127.0.0.1:8080/")).contains("127.0.0.1:8080");
    }

    @Test
    void hashIsSha256Hex() {
        assertThat(Urls.sha256Hex("http://example.gov.cn/")).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void mediaIsNotWorthFetchingButDocumentsAre() {
        assertThat(Urls.worthFetching("http://a.gov.cn/x.jpg")).isFalse();
        assertThat(Urls.worthFetching("http://a.gov.cn/report.pdf")).isTrue();
        assertThat(Urls.worthFetching("http://a.gov.cn/tzgg/")).isTrue();
        assertThat(Urls.worthFetching("http://a.gov.cn/t.html?a=b.jpg")).isTrue();
    }
}
