package cn.gongkai.crawler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * {@code bench crawl | extract}: the crawler's benchmarks as commands ({@code java -jar gongkai.jar bench …}, or this
 * class on the crawler's class path). {@code farm} is the crawl benchmark's own child process, not for people.
 */
public final class Bench {

    public static final String USAGE = """
            用法 / usage:
              bench crawl [--hosts 100] [--pages 200] [--delay-ms 0,1000] [--warm-up-hosts 100]
                                                               抓取基准 / crawl benchmark
              bench extract [--repetitions 20] [--dir 网页目录]             抽取基准 / extraction benchmark
            """;

    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the benchmark named by the first argument; returns the exit code (2 for an unknown one). */
    public static int run(String[] args) {
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        String name = args.length == 0 ? "" : args[0];
        try {
            return switch (name) {
                case "crawl" -> CrawlBenchmark.run(rest, System.out, System.err);
                case "extract" -> ExtractionBenchmark.run(rest, System.out, System.err);
                case "farm" -> CrawlBenchmark.farm(args);
                default -> {
                    System.err.print(USAGE);
                    yield 2;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
