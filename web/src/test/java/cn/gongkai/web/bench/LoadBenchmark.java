package cn.gongkai.web.bench;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_SCORING_POLICY;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.web.GongkaiApplication;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web application under {@code users} concurrent signed-in users (default 50) for {@code seconds} (default 60)
 * over HTTP on loopback, with no think time: every user sends its next request as soon as the last one answered.
 * All users sign in at once first (bcrypt, measured as "login"); the timed phase starts when all are signed in.
 *
 * <p>The data is a realistic round: the demo round, really captured from the sandbox sites, checked and scored
 * (its pages carry WARC evidence), next to a generated round of {@code units} units (default 500, a province's
 * counties and departments) scored by the real scorer. A fifth of the users are leaders (rankings, dashboard page
 * and dashboard API of the large round, unit pages), a fifth evaluators (workbench, crawl progress, unit pages and
 * evidence of the demo round), the rest county accounts (their own unit's page and the evidence behind it, viewer
 * and replay). Prints p50/p95/p99 per page and the error count: a
 * non-200 answer or a failed request is an error.
 */
public final class LoadBenchmark {

    private static final String PASSWORD = "load-password-1";

    private record Sample(String page, long nanos, boolean ok) {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int units = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Path home = Files.createTempDirectory("gongkai-load");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GongkaiApplication.class)
                .properties(Map.of("gongkai.demo", "true"))
                .run("--gongkai.home=" + home, "--server.port=0", "--logging.level.root=WARN")) {
            DSLContext dsl = context.getBean(DSLContext.class);
            long started = System.nanoTime();
            long demoRound = awaitDemoRound(dsl);
            System.out.printf("demo round %d captured, checked and scored in %.0f s%n", demoRound,
                    (System.nanoTime() - started) / 1e9);

            started = System.nanoTime();
            String yaml = cn.gongkai.web.SliceRound.yaml();
            long bigRound = context.getBean(RoundImporter.class)
                    .importRound(RoundDefinition.parse(yaml, code -> "http://127.0.0.1:9/" + code), yaml);
            List<Long> bigUnits = PageBenchmark.generate(dsl, bigRound, units);
            dsl.insertInto(ROUND_SCORING_POLICY).set(ROUND_SCORING_POLICY.ROUND_ID, bigRound)
                    .set(ROUND_SCORING_POLICY.UNCERTAINTY_DRAWS, 200)
                    .set(ROUND_SCORING_POLICY.UPDATED_AT, LocalDateTime.now())
                    .set(ROUND_SCORING_POLICY.UPDATED_BY, "bench").execute();
            context.getBean(RoundScorer.class).score(bigRound);
            PageBenchmark.publish(context, bigRound);
            System.out.printf("generated, scored and published a round of %d units in %.0f s%n", units,
                    (System.nanoTime() - started) / 1e9);

            // accounts: leaders and evaluators of our own, the demo's county accounts (named by unit code)
            UserAccounts accounts = context.getBean(UserAccounts.class);
            for (int i = 0; i < users; i++) {
                accounts.create("bench", "load-leader-" + i, "领导" + i, PASSWORD, null, EnumSet.of(Role.LEADER));
                accounts.create("bench", "load-evaluator-" + i, "评估人员" + i, PASSWORD, null,
                        EnumSet.of(Role.EVALUATOR));
            }
            var counties = dsl.select(UNIT.ID, UNIT.CODE).from(UNIT).join(ROUND_UNIT).on(ROUND_UNIT.UNIT_ID.eq(UNIT.ID))
                    .where(ROUND_UNIT.ROUND_ID.eq(demoRound)).orderBy(UNIT.ID).fetch();
            Map<Long, List<Long>> evidence = new TreeMap<>();
            dsl.select(CHANNEL.UNIT_ID, CAPTURE.ID).from(CAPTURE).join(CHANNEL).on(CHANNEL.ID.eq(CAPTURE.CHANNEL_ID))
                    .where(CAPTURE.ROUND_ID.eq(demoRound), CAPTURE.STATUS.eq("OK"), CAPTURE.CONTENT_TYPE.like("text/html%"))
                    .forEach(r -> evidence.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
            List<Long> demoUnits = counties.getValues(UNIT.ID);
            List<Long> allEvidence = evidence.values().stream().flatMap(List::stream).toList();

            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            AtomicLong deadline = new AtomicLong();
            ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
            Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();
            CountDownLatch loggedIn = new CountDownLatch(users);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(users);
            for (int i = 0; i < users; i++) {
                int user = i;
                Thread.ofPlatform().name("load-user-" + i).start(() -> {
                    try {
                        Random random = new Random(user);
                        String username;
                        Function<Integer, String[]> next;
                        if (user % 5 == 0) {
                            username = "load-leader-" + user;
                            next = step -> switch (step % 4) {
                                case 0 -> page("rankings (500-unit round)", "/rankings?round=" + bigRound);
                                case 1 -> page("dashboard API", "/api/v1/rounds/" + bigRound + "/dashboard");
                                case 2 -> page("dashboard page", "/dashboard?round=" + bigRound);
                                default -> page("unit page", "/rounds/" + bigRound + "/units/"
                                        + bigUnits.get(random.nextInt(bigUnits.size())));
                            };
                        } else if (user % 5 == 1) {
                            username = "load-evaluator-" + user;
                            next = step -> switch (step % 5) {
                                case 0 -> page("workbench", "/workbench");
                                case 1 -> page("crawl progress", "/rounds/" + demoRound + "/progress");
                                case 2 -> page("rankings (demo round)", "/rankings?round=" + demoRound);
                                case 3 -> page("unit page", "/rounds/" + demoRound + "/units/"
                                        + demoUnits.get(random.nextInt(demoUnits.size())));
                                default -> page("evidence viewer", "/evidence/"
                                        + allEvidence.get(random.nextInt(allEvidence.size())));
                            };
                        } else {
                            var county = counties.get(user % counties.size());
                            username = county.value2();
                            List<Long> own = evidence.getOrDefault(county.value1(), allEvidence);
                            next = step -> switch (step % 3) {
                                case 0 -> page("county: own unit page", "/rounds/" + demoRound + "/units/" + county.value1());
                                case 1 -> page("evidence viewer", "/evidence/" + own.get(random.nextInt(own.size())));
                                default -> page("evidence replay", "/evidence/" + own.get(random.nextInt(own.size()))
                                        + "/replay");
                            };
                        }
                        String password = username.startsWith("load-") ? PASSWORD : "gongkai-demo";
                        long start = System.nanoTime();
                        PageBenchmark.Client client;
                        try {
                            // everyone signs in at once, then the timed phase starts for all together
                            client = PageBenchmark.Client.login(port, username, password);
                            // signed in, "/" sends a user to their start page; signed out, to the login form
                            boolean signedIn = !client.get("/").headers().firstValue("Location").orElse("/login")
                                    .contains("/login");
                            samples.add(new Sample("login", System.nanoTime() - start, signedIn));
                            if (!signedIn) {
                                errorKinds.computeIfAbsent("login of " + username + " failed", k -> new AtomicInteger())
                                        .incrementAndGet();
                                return;
                            }
                        } catch (Exception e) {
                            samples.add(new Sample("login", System.nanoTime() - start, false));
                            errorKinds.computeIfAbsent("login: " + e, k -> new AtomicInteger()).incrementAndGet();
                            return;
                        } finally {
                            loggedIn.countDown();
                        }
                        go.await();
                        for (int step = random.nextInt(12); System.nanoTime() < deadline.get(); step++) {
                            String[] request = next.apply(step);
                            start = System.nanoTime();
                            boolean ok;
                            try {
                                HttpResponse<byte[]> response = client.get(request[1]);
                                ok = response.statusCode() == 200;
                                if (!ok) {
                                    errorKinds.computeIfAbsent(request[0] + ": HTTP " + response.statusCode(),
                                            k -> new AtomicInteger()).incrementAndGet();
                                }
                            } catch (Exception e) {
                                ok = false;
                                errorKinds.computeIfAbsent(request[0] + ": " + e, k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                            samples.add(new Sample(request[0], System.nanoTime() - start, ok));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                });
            }
            long loginsStarted = System.nanoTime();
            loggedIn.await();
            System.out.printf("%d users signed in at once in %.1f s; now %d s of page requests%n", users,
                    (System.nanoTime() - loginsStarted) / 1e9, seconds);
            deadline.set(System.nanoTime() + seconds * 1_000_000_000L);
            go.countDown();
            done.await();
            report(samples, users, seconds, errorKinds);
        }
    }

    private static String[] page(String label, String path) {
        return new String[] {label, path};
    }

    /** Waits until the demo round has been captured, checked and scored (it moves to REVIEWING). */
    private static long awaitDemoRound(DSLContext dsl) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            Long id = dsl.select(ASSESSMENT_ROUND.ID).from(ASSESSMENT_ROUND)
                    .where(ASSESSMENT_ROUND.STATUS.eq("REVIEWING")).limit(1).fetchOne(ASSESSMENT_ROUND.ID);
            if (id != null) {
                return id;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the demo round was not scored within 10 minutes");
    }

    private static void report(ConcurrentLinkedQueue<Sample> samples, int users, int seconds,
            Map<String, AtomicInteger> errorKinds) {
        Map<String, List<Sample>> byPage = new TreeMap<>();
        for (Sample s : samples) {
            byPage.computeIfAbsent(s.page(), k -> new ArrayList<>()).add(s);
        }
        long total = samples.size();
        long errors = samples.stream().filter(s -> !s.ok()).count();
        long pages = samples.stream().filter(s -> !s.page().equals("login")).count();
        System.out.printf("%d users for %d s: %d page requests (%.0f/s) and %d logins, %d errors%n", users, seconds,
                pages, (double) pages / seconds, total - pages, errors);
        for (var entry : byPage.entrySet()) {
            long[] nanos = entry.getValue().stream().mapToLong(Sample::nanos).sorted().toArray();
            long pageErrors = entry.getValue().stream().filter(s -> !s.ok()).count();
            System.out.printf("%-28s n=%6d  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms  errors %d%n",
                    entry.getKey(), nanos.length, PageBenchmark.pct(nanos, 50), PageBenchmark.pct(nanos, 95),
                    PageBenchmark.pct(nanos, 99), nanos[nanos.length - 1] / 1e6, pageErrors);
        }
        errorKinds.forEach((kind, n) -> System.out.println("error: " + kind + " x" + n.get()));
        if (errors > 0) {
            System.exit(1);
        }
    }
}
