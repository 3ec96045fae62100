package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;

import cn.gongkai.crawler.extract.Attachments;
import cn.gongkai.crawler.extract.Css;
import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.crawler.extract.Hrefs;
import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.fetch.FetchResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What joins the frontier: the channels' seeds, then the links, further list pages and redirect targets found on
 * captured pages, within each channel's hosts, its page budget and its columns' list-page budget. URLs a budget or a
 * trap leaves out are recorded with the reason. The links of one page go to {@code frontier_url} together, in a few
 * multi-row statements, before the page itself is indexed as done.
 */
final class Discovery {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);

    private final CrawlRun run;
    private final Frontier frontier;
    private final TrapGuard traps = new TrapGuard();
    /** For redirect loop detection: each redirect target and the URL that pointed at it. */
    private final Map<String, String> redirectedFrom = new ConcurrentHashMap<>();
    /** Per channel, the host:port keys whose links are followed: the homepage's and the configured columns'. */
    private final Map<Long, Set<String>> scopes = new HashMap<>();
    private final Map<Long, AtomicInteger> channelCounts = new ConcurrentHashMap<>();
    /** Per column list (the frontier id of its first page): its pages queued or fetched. */
    private final Map<Long, AtomicInteger> listCounts = new ConcurrentHashMap<>();
    /** Per channel: URLs this call left out by the page budget, and list pages left out by the column budget. */
    final Map<Long, AtomicInteger> cutByPages = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> cutByLists = new ConcurrentHashMap<>();
    /**
     * Per channel, every URL queued, fetched or recorded in this call. The URL strings are the ones the frontier rows
     * hold, so the set costs its entries only; a crawl keeps it to its end.
     */
    private final Map<Long, Set<String>> known = new ConcurrentHashMap<>();
    /**
     * Channels whose frontier was empty when this call began: every row they have was added by this call and is in
     * {@link #known}, so their links need no look-up of rows left by an earlier crawl.
     */
    private final Set<Long> fresh = new HashSet<>();
    /** The normal forms of the links pages repeat (menus, footers), kept for the whole crawl. */
    private final FetchableLinks fetchable = new FetchableLinks();

    Discovery(CrawlRun run, Frontier frontier) {
        this.run = run;
        this.frontier = frontier;
    }

    /** The channels seeded (website and WeChat), in the order of their ids. */
    Set<Long> channels() {
        return scopes.keySet();
    }

    /** Seeds the frontier from the round's channels (or the one channel), their columns and earlier budget cuts. */
    void seed(Long onlyChannel) {
        var channels = run.dsl.select(CHANNEL.ID, CHANNEL.URL, CHANNEL.KIND, CHANNEL.FEED_URL, CHANNEL.PRIVATE_FEED_ALLOWED,
                        CHANNEL.EXTRACTION_PROFILE, CHANNEL.CRAWL_MAX_DEPTH, CHANNEL.CRAWL_MAX_PAGES_PER_CHANNEL,
                        CHANNEL.CRAWL_MAX_LIST_PAGES, CHANNEL.CRAWL_DELAY_MS)
                .from(CHANNEL)
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(run.roundId), CHANNEL.KIND.in("WEBSITE", CrawlRun.WECHAT))
                .and(onlyChannel == null ? DSL.noCondition() : CHANNEL.ID.eq(onlyChannel))
                .orderBy(CHANNEL.ID)
                .fetch();
        if (onlyChannel != null && channels.isEmpty()) {
            throw new IllegalArgumentException("渠道 " + onlyChannel + " 不属于评估轮次 " + run.roundId + "，或不是网站/公众号");
        }
        Map<Long, List<String>> columns = new LinkedHashMap<>();
        if (!channels.isEmpty()) {
            run.dsl.select(CHANNEL_COLUMN.CHANNEL_ID, CHANNEL_COLUMN.URL)
                    .from(CHANNEL_COLUMN)
                    .where(CHANNEL_COLUMN.CHANNEL_ID.in(channels.getValues(CHANNEL.ID)))
                    .orderBy(CHANNEL_COLUMN.ID)
                    .forEach(r -> columns.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
            Set<Long> started = run.dsl.selectDistinct(FRONTIER_URL.CHANNEL_ID).from(FRONTIER_URL)
                    .where(FRONTIER_URL.ROUND_ID.eq(run.roundId),
                            FRONTIER_URL.CHANNEL_ID.in(channels.getValues(CHANNEL.ID)))
                    .fetchSet(FRONTIER_URL.CHANNEL_ID);
            channels.getValues(CHANNEL.ID).stream().filter(id -> !started.contains(id)).forEach(fresh::add);
        }
        for (var channel : channels) {
            long channelId = channel.value1();
            Set<String> scope = ConcurrentHashMap.newKeySet();
            scopes.put(channelId, scope);
            run.applyChannelLimits(channelId, channel.value7(), channel.value8(), channel.value9(), channel.value10());
            ChannelCaptures.start(run.dsl, run.roundId, channelId);
            if (CrawlRun.WECHAT.equals(channel.value3())) {
                // The allowance covers the feed URL it was given for, not one changed since.
                boolean bridgeAllowed = channel.value4() != null && channel.value4().equals(channel.value5());
                run.wechat.seed(channelId, channel.value4(), bridgeAllowed, scope);
                continue;
            }
            profile(channelId, channel.value6()).ifPresent(p -> run.profiles.put(channelId, p));
            seedUrl(channelId, channel.value2(), 0, scope);
            for (String column : columns.getOrDefault(channelId, List.of())) {
                seedUrl(channelId, column, 1, scope);
            }
            CrawlSettings limits = run.settings(channelId);
            int requeued = frontier.requeueCut(channelId, limits.maxPagesPerChannel(), limits.maxListPagesPerColumn());
            if (requeued > 0) {
                log.info("Round {} channel {}: {} URLs left out by a budget before are queued again", run.roundId,
                        channelId, requeued);
            }
        }
        frontier.countsByChannel().forEach((channel, n) -> channelCounts.put(channel, new AtomicInteger(n)));
        frontier.listPageCounts().forEach((root, n) -> listCounts.put(root, new AtomicInteger(n)));
    }

    /** A channel's stored profile; one that no longer reads (it was checked on entry) is logged and left out. */
    private Optional<ExtractionProfile> profile(long channelId, String json) {
        try {
            return ExtractionProfile.fromJson(json);
        } catch (IllegalArgumentException e) {
            log.warn("Round {} channel {}: extraction profile ignored: {}", run.roundId, channelId, e.getMessage());
            return Optional.empty();
        }
    }

    void seedUrl(long channelId, String rawUrl, int depth, Set<String> scope) {
        Optional<String> url = Urls.normalize(rawUrl);
        if (url.isEmpty()) {
            if (frontier.addUnusable(channelId, rawUrl == null ? "" : rawUrl, depth,
                    "网址格式无效（须为 http 或 https 网址），无法抓取：" + rawUrl)) {
                run.skipped.incrementAndGet();
            }
            return;
        }
        Urls.hostKey(url.get()).ifPresent(scope::add);
        frontier.add(channelId, url.get(), depth);
        known(channelId).add(url.get());
    }

    /**
     * Follows a captured HTML page: its further list pages as the extraction chain found them (first, at the list's
     * own depth), then its links; attachments are fetched even from a page at the depth limit, being part of what it
     * publishes.
     */
    void follow(String hostKey, Frontier.Row row, Document doc, List<String> nextPages, Deque<Frontier.Row> queue) {
        boolean attachmentsOnly = row.depth() >= run.settings(row.channelId()).maxDepth();
        List<String> pagination = paginationCandidates(row, nextPages);
        Set<String> links = linkCandidates(row, doc, attachmentsOnly);
        Found found = new Found(row.channelId(), pagination, links);
        followPagination(row, pagination, found);
        discoverLinks(row, links, found);
        found.commit(hostKey, queue);
    }

    /** Queues a redirect's target; returns why the chain is broken (a loop, too many hops), or null. */
    String followRedirect(String hostKey, Frontier.Row row, FetchResult fetch, Deque<Frontier.Row> queue) {
        String location = fetch.header("Location");
        if (location == null || location.isBlank()) {
            return "重定向响应（HTTP " + fetch.status() + "）缺少 Location";
        }
        String target;
        try {
            target = URI.create(row.url()).resolve(location.strip()).toString();
        } catch (IllegalArgumentException e) {
            return "重定向目标网址无效：" + Text.clip(location, 200);
        }
        Optional<String> normalized = Urls.normalize(target);
        if (normalized.isEmpty()) {
            return "重定向目标网址无效：" + Text.clip(location, 200);
        }
        String next = normalized.get();
        // A loop: the target is somewhere up the chain that led here.
        List<String> chain = new ArrayList<>();
        chain.add(row.url());
        for (String u = redirectedFrom.get(row.url()); u != null && chain.size() <= run.settings.maxRedirects() + 1;
                u = redirectedFrom.get(u)) {
            chain.add(u);
        }
        if (next.equals(row.url()) || chain.contains(next)) {
            List<String> shown = new ArrayList<>(chain.reversed());
            shown.add(next);
            return "重定向循环：" + Text.clip(String.join(" → ", shown), 400);
        }
        int hops = row.redirectHops() + 1;
        if (hops > run.settings.maxRedirects()) {
            return "重定向超过 " + run.settings.maxRedirects() + " 次，未继续跟随：" + Text.clip(next, 300);
        }
        redirectedFrom.putIfAbsent(next, row.url());
        // A homepage may move to another host (http to https, a new domain): that move is followed, since the
        // channel's homepage is wherever it leads. Deeper redirects stay within the channel's hosts. Either way
        // the target's host is checked against the address policy before it is fetched.
        if (row.depth() == 0 && !inScope(row.channelId(), next)) {
            Urls.hostKey(next).ifPresent(h -> scopes.get(row.channelId()).add(h));
        }
        if (inScope(row.channelId(), next) || isAttachment(next)) {
            Found found = new Found(row.channelId(), List.of(next), List.of());
            enqueue(row.channelId(), next, row.depth(), hops, null, found);
            found.commit(hostKey, queue);
        }
        return null;
    }

    private static boolean isAttachment(String url) {
        return Attachments.type(null, url).isPresent();
    }

    private List<String> paginationCandidates(Frontier.Row row, List<String> pages) {
        List<String> next = new ArrayList<>();
        for (String page : pages) {
            fetchable.of(page).filter(u -> inScope(row.channelId(), u))
                    .filter(u -> !isAttachment(u)).filter(u -> !known(row.channelId()).contains(u))
                    .ifPresent(next::add);
        }
        return next;
    }

    private Set<String> linkCandidates(Frontier.Row row, Document doc, boolean attachmentsOnly) {
        Set<String> links = new LinkedHashSet<>();
        Hrefs hrefs = Hrefs.of(doc);
        for (Element e : doc.select(Css.of("a[href], area[href], frame[src], iframe[src]"))) {
            String abs = e.hasAttr("href") ? hrefs.abs(e, "href") : hrefs.abs(e, "src");
            // attachments may live on another host (a file server, a CDN); they are fetched, not followed
            fetchable.of(abs)
                    .filter(u -> attachmentsOnly ? isAttachment(u) : inScope(row.channelId(), u) || isAttachment(u))
                    .ifPresent(links::add);
        }
        if (!attachmentsOnly) {
            for (String abs : PageExtractor.scriptListLinks(doc)) {
                fetchable.of(abs).filter(u -> inScope(row.channelId(), u) || isAttachment(u)).ifPresent(links::add);
            }
        }
        return links;
    }

    /**
     * Queues the further pages of a list at the list's own depth, so that depth never cuts a column's pagination; the
     * per-column budget does, counted per list (the frontier id of its first page). Runs before the page's other links
     * are followed, so that a next page is never queued as an ordinary link one level deeper.
     */
    private void followPagination(Frontier.Row row, List<String> next, Found found) {
        if (next.isEmpty()) {
            return;
        }
        long channelId = row.channelId();
        long root = row.listRootId() != null ? row.listRootId() : row.id();
        if (row.listRootId() == null) {
            found.markListRoot = row.id();
        }
        AtomicInteger pages = listCounts.computeIfAbsent(root, k -> new AtomicInteger(1));
        int budget = run.settings(channelId).maxListPagesPerColumn();
        for (String url : next) {
            if (pages.incrementAndGet() > budget) {
                pages.decrementAndGet();
                if (known(channelId).add(url)) {
                    cut(channelId, url, row.depth(), root, cutByLists, Frontier.CUT_BY_LIST_BUDGET + "（"
                            + budget + " 页），该列表页未读；提高上限后重新抓取即继续", found);
                }
                continue;
            }
            if (!enqueue(channelId, url, row.depth(), 0, root, found)) {
                pages.decrementAndGet();
            }
        }
    }

    private void discoverLinks(Frontier.Row row, Set<String> links, Found found) {
        for (String link : links) {
            Optional<String> trap = traps.check(row.channelId(), link);
            if (trap.isPresent()) {
                if (known(row.channelId()).add(link) && !found.inFrontier(link)) {
                    found.skips.add(new Frontier.Skip(link, row.depth() + 1, null, trap.get()));
                    run.skipped.incrementAndGet();
                }
                continue;
            }
            enqueue(row.channelId(), link, row.depth() + 1, 0, null, found);
        }
    }

    /** Records a URL a budget leaves out: counted always, stored up to {@link CrawlRun#MAX_CUT_RECORDED} per budget. */
    private void cut(long channelId, String url, int depth, Long listRootId, Map<Long, AtomicInteger> counter,
            String reason, Found found) {
        int n = counter.computeIfAbsent(channelId, k -> new AtomicInteger()).incrementAndGet();
        if (n <= CrawlRun.MAX_CUT_RECORDED) {
            found.skips.add(new Frontier.Skip(url, depth, listRootId, reason));
        }
    }

    private Set<String> known(long channelId) {
        return known.computeIfAbsent(channelId, k -> ConcurrentHashMap.newKeySet());
    }

    boolean inScope(long channelId, String url) {
        Set<String> scope = scopes.get(channelId);
        return scope != null && Urls.hostKey(url).map(scope::contains).orElse(false);
    }

    /** Queues a URL unless known or over the channel's page budget; returns whether it was queued. */
    private boolean enqueue(long channelId, String url, int depth, int redirectHops, Long listRootId, Found found) {
        if (!known(channelId).add(url)) {
            return false; // already queued or fetched for this channel in this call
        }
        AtomicInteger count = channelCounts.computeIfAbsent(channelId, k -> new AtomicInteger());
        int budget = run.settings(channelId).maxPagesPerChannel();
        if (count.incrementAndGet() > budget) {
            count.decrementAndGet();
            cut(channelId, url, depth, listRootId, cutByPages, Frontier.CUT_BY_PAGE_BUDGET + "（"
                    + budget + " 个），未抓取；提高上限后重新抓取即继续", found);
            return false;
        }
        if (found.inFrontier(url)) {
            count.decrementAndGet(); // in the frontier from an earlier crawl, counted there
            return false;
        }
        found.queued.add(new Frontier.NewUrl(url, depth, redirectHops, listRootId));
        return true;
    }

    /**
     * What one page adds to the frontier, decided link by link in the page's order and then written at once. Whether
     * a URL is already in the frontier (from an earlier crawl) is asked of the database in chunks, ahead of need.
     */
    private final class Found {

        private final long channelId;
        private final Iterator<String> ahead;
        private final Map<String, Boolean> answers = new HashMap<>();
        final List<Frontier.NewUrl> queued = new ArrayList<>();
        final List<Frontier.Skip> skips = new ArrayList<>();
        Long markListRoot;

        Found(long channelId, Collection<String> first, Collection<String> then) {
            this.channelId = channelId;
            List<String> candidates = new ArrayList<>(first.size() + then.size());
            candidates.addAll(first);
            candidates.addAll(then);
            this.ahead = candidates.iterator();
        }

        boolean inFrontier(String url) {
            if (fresh.contains(channelId)) {
                return false;
            }
            Boolean answer = answers.get(url);
            if (answer != null) {
                return answer;
            }
            List<String> ask = new ArrayList<>();
            ask.add(url);
            while (ask.size() < Captures.ROWS_PER_STATEMENT && ahead.hasNext()) {
                String u = ahead.next();
                if (!answers.containsKey(u) && !u.equals(url) && !known(channelId).contains(u)) {
                    ask.add(u);
                }
            }
            Set<String> found = frontier.existing(channelId, ask);
            for (String u : ask) {
                answers.put(u, found.contains(u));
            }
            return answers.get(url);
        }

        /** Writes the page's new rows; the queued ones on the worker's own host join its queue at once. */
        void commit(String workerHost, Deque<Frontier.Row> queue) {
            if (markListRoot != null) {
                frontier.markListRoot(markListRoot);
            }
            if (!skips.isEmpty()) {
                frontier.addSkipped(channelId, skips);
            }
            for (Frontier.Row added : frontier.addAll(channelId, queued)) {
                if (Urls.hostKey(added.url()).map(workerHost::equals).orElse(false)) {
                    queue.add(added);
                }
            }
        }
    }
}
