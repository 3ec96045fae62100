package cn.gongkai.evaluator.catalog;

import static cn.gongkai.evaluator.catalog.Systems.FIRST_CHECKERS;
import static cn.gongkai.evaluator.catalog.Systems.defaultCatalog;
import static cn.gongkai.evaluator.catalog.Systems.xlsx;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.sql.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IndicatorSystemStoreIT {

    private final DSLContext dsl = TestDatabase.get().dsl();
    private final IndicatorSystemStore store = new IndicatorSystemStore(dsl);

    @BeforeEach
    void reset() {
        TestDatabase.get().reset();
    }

    @Test
    void theDefaultCatalogInstallsOnceAndReadsBackEqual() {
        IndicatorSystemDefinition catalog = defaultCatalog();
        long id = store.install(catalog);
        assertThat(store.install(catalog)).isEqualTo(id);
        assertThat(dsl.fetchCount(EVALUATION_POINT)).isEqualTo(139);
        assertThat(dsl.fetchCount(INDICATOR_AREA)).isEqualTo(5);
        assertThat(store.pointIds(id)).hasSize(139).containsKey("ptjs-gx-01");
        assertThat(store.find("default", 1)).contains(catalog);
        assertThat(store.find("default", 2)).isEmpty();
        assertThat(dsl.select(EVALUATION_POINT.RULE_PARAMS, EVALUATION_POINT.CHECKER_PARAMS, EVALUATION_POINT.APPLIES_TO)
                .from(EVALUATION_POINT).where(EVALUATION_POINT.CODE.eq("ptjs-ky-02")).fetchOne().intoList())
                .containsExactly("{\"perViolation\":0.1,\"cap\":1}", "{\"maxDepth\":1}",
                        "COUNTY_GOVERNMENT,DEPARTMENT,TOWNSHIP");
    }

    @Test
    void anEditedWorkbookImportsAsANewSystemBesideTheDefault() throws Exception {
        store.install(defaultCatalog());
        byte[] edited = IndicatorSystemXlsxTest.edit(xlsx(defaultCatalog()), sheet -> {
            IndicatorSystemXlsxTest.set(sheet, 2, "评估点内容", "设置“政府信息公开”栏目（本市要求）");
            IndicatorSystemXlsxTest.set(sheet, 2, "检查参数", "{}");
        });
        IndicatorSystemDefinition city = IndicatorSystemXlsx.read(new ByteArrayInputStream(edited), "city", 1,
                "某市2026年度指标体系", FIRST_CHECKERS);
        store.install(city);
        assertThat(store.find("city", 1)).contains(city);
        assertThat(Systems.points(store.find("city", 1).orElseThrow()).findFirst().orElseThrow().text())
                .isEqualTo("设置“政府信息公开”栏目（本市要求）");
        assertThat(dsl.fetchCount(INDICATOR_SYSTEM)).isEqualTo(2);
        assertThat(dsl.fetchCount(EVALUATION_POINT)).isEqualTo(278);
    }

    @Test
    void aRefusedImportStoresNothing() throws Exception {
        store.install(IndicatorSystemDefinition.seed("foundation"));
        List<Integer> before = counts();
        byte[] oneBadRow = IndicatorSystemXlsxTest.edit(xlsx(defaultCatalog()),
                sheet -> IndicatorSystemXlsxTest.set(sheet, 140, "评估方式", "ROBOT"));
        byte[] wrongTotal = IndicatorSystemXlsxTest.edit(xlsx(defaultCatalog()),
                sheet -> IndicatorSystemXlsxTest.set(sheet, 50, "分值", 9.0));
        List<byte[]> brokenXlsx = List.of(oneBadRow, wrongTotal, new byte[0],
                "not a workbook".getBytes(StandardCharsets.UTF_8),
                IndicatorSystemXlsxTest.encrypted(xlsx(defaultCatalog()), "secret"));
        for (byte[] file : brokenXlsx) {
            assertThatThrownBy(() -> store.install(IndicatorSystemXlsx.read(new ByteArrayInputStream(file), "city", 1,
                    "某市", FIRST_CHECKERS))).isInstanceOf(IndicatorImportException.class);
        }
        byte[] badCsv = new String(Systems.csv(defaultCatalog()), StandardCharsets.UTF_8)
                .replace(",BINARY,", ",TWO_LEVELS,").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> store.install(IndicatorSystemCsv.read(new ByteArrayInputStream(badCsv), "city", 1,
                "某市", FIRST_CHECKERS))).isInstanceOf(IndicatorImportException.class)
                .hasMessageContaining("未知的计分规则“TWO_LEVELS”");
        assertThat(counts()).isEqualTo(before);
        assertThat(store.find("city", 1)).isEmpty();
    }

    private List<Integer> counts() {
        return List.of(dsl.fetchCount(INDICATOR_SYSTEM), dsl.fetchCount(INDICATOR_AREA), dsl.fetchCount(INDICATOR),
                dsl.fetchCount(EVALUATION_POINT));
    }
}
