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
