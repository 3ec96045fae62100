package cn.gongkai.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line answers help and mistakes with its usage, before anything is started. */
class GongkaiApplicationTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int refuse(String... args) {
        return GongkaiApplication.refuseUnknown(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsTheUsageWithEveryCommandAndExits2() {
        assertThat(refuse("--help")).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("用法 / Usage", "demo", "run-round", "inspect-page", "inspect-document", "bench crawl",
                        "--hosts", "--delay-ms", "bench extract", "--help");
        assertThat(refuse("-h")).isEqualTo(2);
        assertThat(refuse("--server.port=8081", "--help")).isEqualTo(2);
    }

    @Test
    void anUnknownCommandOrArgumentIsNamedAndExits2() {
        assertThat(refuse("sever")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("未知的命令或参数", "sever", "run-round");
        assertThat(refuse("--gongkai.home")).isEqualTo(2);
        assertThat(refuse("-Dgongkai.home=/x")).isEqualTo(2);
        assertThat(refuse("--server.port=8081", "extra")).isEqualTo(2);
    }

    @Test
    void springOptionsStartTheServer() {
        assertThat(refuse()).isZero();
        assertThat(refuse("--server.port=8081", "--gongkai.home=/srv/gongkai", "--debug",
                "--spring.datasource.url=jdbc:mysql://db:3306/gongkai?a=b")).isZero();
        assertThat(out.size() + err.size()).isZero();
    }
}
