package cn.gongkai.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged fat jar as evaluators and CI do. */
class RunRoundCommandIT {

    private static final Path JAR = Path.of("target", "gongkai.jar");

    record Result(int exitCode, String stdout, String stderr) {
    }

    // run-round --demo is run by DemoShowcaseIT, whose application then opens the database it leaves: the demo round
    // captures every sandbox site, and one capture in the build is enough.

    @Test
    void aUnitWhoseSiteCannotBeCapturedPrintsWithoutTotalAsPendingAndTheCommandExitsWith3(@TempDir Path home)
            throws Exception {
        Path yaml = home.resolve("unreachable.yaml");
        // Nothing listens on port 9 (discard): the capture fails, so nothing was read and nothing may be judged.
        Files.writeString(yaml, """
                name: 无法采集的轮次
                indicatorSystem: foundation
                points: [homepage-update]
                allowPrivateAddresses: true
                groups:
                  - code: counties
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                    units:
                      - code: wufa
                        name: 无法县人民政府
                        channels:
                          - kind: WEBSITE
                            name: 无法县人民政府门户网站
                            url: http://127.0.0.1:9/
                """, StandardCharsets.UTF_8);
        Result result = run(home, "run-round", yaml.toString());
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(3);
        assertThat(result.stdout().lines().toList()).containsExactly("group,rank,unit,total,grade,negative_list",
                "区县政府,,无法县人民政府,,待评,no");
        assertThat(result.stderr()).contains("待评");
    }

    private static final String SCORED_ROUND = """
            name: 人工评分的轮次
            indicatorSystem: default
            points: [zzbz-ld-01, hygq-hd-01, zzbz-rc-01]
            allowPrivateAddresses: true
            groups:
              - code: counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - {code: rr-jia, name: 甲县人民政府, channels: [{kind: WEBSITE, url: 'http://127.0.0.1:9/jia/'}]}
                  - {code: rr-yi, name: 乙县人民政府, channels: [{kind: WEBSITE, url: 'http://127.0.0.1:9/yi/'}]}
                  - {code: rr-bing, name: 丙县人民政府, channels: [{kind: WEBSITE, url: 'http://127.0.0.1:9/bing/'}]}
            """;

    @Test
    void manualScoresFromASheetCompleteUnitsAndAVetoHitPutsItsUnitOnTheNegativeList(@TempDir Path home)
            throws Exception {
        Path yaml = home.resolve("scored.yaml");
        Files.writeString(yaml, SCORED_ROUND, StandardCharsets.UTF_8);
        // CSV as Excel saves "CSV UTF-8": with a byte-order mark. 丙县 lacks two of its three points.
        Path sheet = home.resolve("scores.csv");
        Files.write(sheet, ("\uFEFF单位代码,单位名称,评估点代码,评估点,满分,得分,说明,否决情形\n"
                + "rr-jia,甲县人民政府,zzbz-ld-01,,1,1,,\n"
                + "rr-jia,甲县人民政府,hygq-hd-01,,1,1,,\n"
                + "rr-jia,甲县人民政府,zzbz-rc-01,,1.5,1.5,,\n"
                + "rr-yi,乙县人民政府,zzbz-ld-01,,1,0.5,听取汇报记录不全,\n"
                + "rr-yi,乙县人民政府,hygq-hd-01,,1,0,\"领导信箱无法提交留言，截图见附件\",是\n"
                + "rr-yi,乙县人民政府,zzbz-rc-01,,1.5,1.5,,\n"
                + "rr-bing,丙县人民政府,zzbz-ld-01,,1,1,,\n").getBytes(StandardCharsets.UTF_8));
        Result result = run(home, "run-round", yaml.toString(), "--manual-scores", sheet.toString());
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(3);
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("group,rank,unit,total,grade,negative_list");
        assertThat(lines.get(1)).startsWith("区县政府,1,甲县人民政府,100.00,").endsWith(",no");
        assertThat(lines.get(2)).startsWith("区县政府,2,乙县人民政府,").endsWith(",yes");
        assertThat(lines.get(3)).isEqualTo("区县政府,,丙县人民政府,,待评,no");
        assertThat(result.stderr()).contains("已从得分表导入 7 个人工或部门评分");

        // A sheet that does not fit the round is refused with every bad row before anything is captured.
        Path bad = home.resolve("bad.csv");
        Files.write(bad, ("单位代码,单位名称,评估点代码,评估点,满分,得分,说明\n"
                + "rr-ding,丁县人民政府,zzbz-ld-01,,1,1,\n"
                + "rr-jia,甲县人民政府,zzbz-ld-01,,1,5,\n"
                + "rr-jia,甲县人民政府,xxgk-pt-01,,1,1,\n").getBytes(StandardCharsets.UTF_8));
        Result refused = run(home, "run-round", yaml.toString(), "--manual-scores", bad.toString());
        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(2);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr()).contains("未采集", "第 2 行：单位代码「rr-ding」不在本轮评估中",
                "第 3 行：得分 5 超出范围", "第 4 行：评估点代码「xxgk-pt-01」不在本轮评估中");
        assertThat(refused.stderr()).doesNotContain(" captured: ");

        Result usage = run(home, "run-round", "--demo", "--manual-scores", sheet.toString());
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).contains("用法");
    }

    @Test
    void aBadRoundFileIsRefusedWithAChineseMessageAndNoOutput(@TempDir Path home) throws Exception {
        Path yaml = home.resolve("bad.yaml");
        Files.writeString(yaml, "name: 坏的轮次\ngroups: []\n");
        Result result = run(home, "run-round", yaml.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("缺少指标体系", "至少需要一个分组");

        Result missing = run(home, "run-round", home.resolve("none.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("无法读取轮次定义文件");
    }

    static Result run(Path home, String... args) throws IOException, InterruptedException {
        assertThat(JAR).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Dgongkai.home=" + home, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home, "stdout", ".txt");
        Path err = Files.createTempFile(home, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("run-round did not finish in 15 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
