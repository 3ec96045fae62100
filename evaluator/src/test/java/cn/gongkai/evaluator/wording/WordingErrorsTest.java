package cn.gongkai.evaluator.wording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordingErrorsTest {

    private final WordingErrors seed = WordingErrors.seed();

    @Test
    void seedListLoadsWithDatesAndBases() {
        List<WordingErrors.Entry> entries = WordingErrors.seedEntries();

        assertThat(entries).hasSizeGreaterThanOrEqualTo(15);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.outdatedSince()).isNotNull();
            assertThat(e.basis()).isNotBlank();
            assertThat(e.right()).doesNotContain(e.wrong());
        });
        assertThat(entries).filteredOn(e -> e.wrong().equals("国家卫计委")).singleElement()
                .extracting(WordingErrors.Entry::right).isEqualTo("国家卫生健康委员会");
    }

    @Test
    void everyHitComesWithItsSentence() {
        String text = "为贯彻落实国家卫计委有关要求，我县开展了专项行动。同时，县农业部门按照农业部部署推进春耕！";

        List<WordingErrors.Hit> hits = seed.find(text);

        assertThat(hits).extracting(h -> h.entry().wrong()).containsExactly("国家卫计委", "农业部");
        assertThat(hits.get(0).sentence()).isEqualTo("为贯彻落实国家卫计委有关要求，我县开展了专项行动。");
        assertThat(hits.get(1).sentence()).isEqualTo("同时，县农业部门按照农业部部署推进春耕！");
        assertThat(hits.get(1).describe()).startsWith("「农业部」应为「农业农村部」：");
        assertThat(text.substring(hits.get(0).start(), hits.get(0).end())).isEqualTo("国家卫计委");
    }

    @Test
    void departmentsDeploymentsAndFormerInstitutionsAreNotErrors() {
        assertThat(seed.find("各级环境保护部门要加强监管，做好农业部署，文化部分内容另行公布。")).isEmpty();
        assertThat(seed.find("根据原国家卫计委2017年印发的文件，原国土资源部的职责已划入自然资源部。")).isEmpty();
        assertThat(seed.find("国家卫生健康委员会、自然资源部、生态环境部、农业农村部、文化和旅游部")).isEmpty();
    }

    @Test
    void longestFormWinsOverAShorterEntryInsideIt() {
        WordingErrors list = WordingErrors.of(List.of(
                new WordingErrors.Entry("国家工商总局", "国家市场监督管理总局", null, "", ""),
                new WordingErrors.Entry("工商总局", "市场监管总局", null, "", "")));

        assertThat(list.find("原文：国家工商总局通知")).singleElement()
                .extracting(h -> h.entry().wrong()).isEqualTo("国家工商总局");
    }

    @Test
    void longTextsAreCutAroundTheHit() {
        String text = "甲".repeat(500) + "国务院法制办" + "乙".repeat(500);

        WordingErrors.Hit hit = seed.find(text).getFirst();

        assertThat(hit.sentence()).hasSize(80 + "国务院法制办".length() + 80);
    }

    @Test
    void listFileErrorsAreExplainedInChinese() throws Exception {
        assertThatThrownBy(() -> WordingErrors.parse(new StringReader("只有一列\n")))
                .hasMessageContaining("第 1 行");
        assertThatThrownBy(() -> WordingErrors.parse(new StringReader("甲\t乙\t2018/03/17\n")))
                .hasMessageContaining("yyyy-MM-dd");
        assertThat(WordingErrors.parse(new StringReader("# 注释\n\n甲\t乙\t2018-03-17\t门\t依据\n")))
                .containsExactly(new WordingErrors.Entry("甲", "乙", LocalDate.of(2018, 3, 17), "门", "依据"));
    }
}
