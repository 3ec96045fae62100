package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundPipeline;
import cn.gongkai.web.round.RunRoundCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole slice on the embedded MariaDB: sandbox → crawl → finding → score → rank → pages and evidence. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoRoundEndToEndIT {

    private static Path home;
    private final Sandbox sandbox = Sandbox.start(LocalDate.now());
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired RoundImporter importer;
    @Autowired RoundPipeline pipeline;
    @Autowired Rankings rankings;
    @Autowired DSLContext dsl;
    @Autowired EvidenceStore evidence;
    @LocalServerPort int port;

    private long roundId;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-e2e");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void runDemoRound() throws IOException {
        String yaml = RunRoundCommand.demoRoundYaml();
        roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        pipeline.run(roundId);
    }

    @AfterAll
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void staleCountyIsOnTheNegativeListAndRankedLastInItsGroup() {
        List<Rankings.Row> counties = rankings.of(roundId).stream()
                .filter(row -> row.groupName().equals("区县政府")).toList();
        assertThat(counties).hasSize(4);
        Rankings.Row stale = counties.stream().filter(row -> row.unitCode().equals("shimen")).findFirst().orElseThrow();
        assertThat(stale.negativeList()).isTrue();
        assertThat(stale.negativeReasons()).contains("首页超过两周未更新");
        assertThat(stale.grade()).isEqualTo("不合格");
        assertThat(counties).filteredOn(row -> row != stale)
                .allSatisfy(row -> {
                    assertThat(row.negativeList()).isFalse();
                    assertThat(row.rank()).isLessThan(stale.rank());
                    assertThat(row.total()).isGreaterThan(stale.total());
                });
        assertThat(stale.rank()).isEqualTo(4);
        assertThat(rankings.of(roundId)).filteredOn(row -> row.groupName().equals("市直部门"))
                .hasSize(2).allSatisfy(row -> assertThat(row.negativeList()).isFalse());

        String csv = rankings.csv(roundId);
        assertThat(csv).startsWith("group,rank,unit,total,grade,negative_list\n");
        assertThat(csv).contains("区县政府,4,石门县人民政府,0.00,不合格,yes\n");
    }

    @Test
    void everyCaptureReadsBackFromWarcWithAMatchingDigest() {
        var captures = dsl.selectFrom(CAPTURE).where(CAPTURE.ROUND_ID.eq(roundId)).and(CAPTURE.STATUS.eq("OK")).fetch();
        assertThat(captures).hasSizeGreaterThan(6 * 6);
        for (var capture : captures) {
            var record = evidence.read(capture.getWarcFile(), capture.getWarcOffset());
            assertThat(record.digestMatches()).as("digest of %s", capture.getUrl()).isTrue();
            assertThat(record.payloadDigest()).isEqualTo(capture.getPayloadDigest());
            assertThat(record.targetUri()).isEqualTo(capture.getUrl());
        }
    }

    @Test
    void pagesShowTheRankingAndLeadFromADeductionToItsEvidenceReplayedWithoutScripts() throws Exception {
        HttpResponse<String> ranking = get("/rankings?round=" + roundId);
        assertThat(ranking.statusCode()).isEqualTo(200);
        assertThat(ranking.body()).contains("区县政府排名", "石门县人民政府", "/webjars/echarts/5.5.0/echarts.min.js");
        assertThat(get("/webjars/echarts/5.5.0/echarts.min.js").statusCode()).isEqualTo(200);

        Matcher unitLink = Pattern.compile("href=\"(/rounds/" + roundId + "/units/\\d+)\">石门县人民政府<").matcher(ranking.body());
        assertThat(unitLink.find()).isTrue();
        HttpResponse<String> unit = get(unitLink.group(1));
        assertThat(unit.body()).contains("不通过", "整改建议");
        Matcher evidenceLink = Pattern.compile("href=\"(/evidence/\\d+)\"").matcher(unit.body());
        assertThat(evidenceLink.find()).isTrue();

        HttpResponse<String> evidencePage = get(evidenceLink.group(1));
        assertThat(evidencePage.body()).contains("已校验，与存档内容一致", "sandbox=\"\"");
        HttpResponse<String> replay = get(evidenceLink.group(1) + "/replay");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("sandbox;").contains("default-src 'none'");
        assertThat(replay.body()).contains("石门县");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
