package cn.gongkai.crawler.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * What a sandbox site answers instead of its page where the ground truth puts a wall (WALL) or a soft 404 (SOFT_404).
 * The answers copy what the real products send: 瑞数 (Ruishu) a 412 with a {@code $_ts} script and an {@code …80S}
 * cookie, 安全狗 (Safedog) a 403 block page, a CMS a 200 "升级维护" page, and a 200 "页面不存在" page for a link
 * whose target is gone. None of them is a defect of the county: what stands behind them was not read.
 */
final class Walls {

    /** An answer in place of the page; {@code setCookie} may be null. */
    record Reply(int status, byte[] body, String setCookie) {
    }

    private Walls() {
    }

    /** The wall or soft 404 that answers {@code path} on this site, or null if the page is served. */
    static Reply at(SiteProfile site, String path) {
        if (path.equals("/robots.txt")) {
            return null;
        }
        for (GroundTruth.Defect soft : site.truth().defects("SOFT_404")) {
            if (path.equals(soft.string("path")) || (path + "index.html").equals(soft.string("path"))) {
                return html(200, """
                        <!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在</title></head>
                        <body><div class="error"><p>抱歉，您访问的页面不存在或已被删除！</p>
                        <p><a href="/">返回首页</a></p></div></body></html>""", null);
            }
        }
        for (GroundTruth.Defect wall : site.truth().defects("WALL")) {
            if (!path.startsWith(wall.string("path"))) {
                continue;
            }
            return switch (wall.string("wall")) {
                case "ruishu" -> html(412, """
                        <!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
                        <meta id="9DhefwqGPrzGxEp9hPaoag" content="Xq7oLhVd1rKpZ0wJ3mT5cF8aB2nE6yU4sG9iH1jK" r='m'>
                        <script type="text/javascript" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=84920;\
                        $_ts.cd="qhxrrpAlEaVmwqLlxaZtcqLqWGVbJq3mJ1AlDs6";</script>
                        <script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js" r='m'>\
                        </script></head><body></body></html>""", "FSSBBIl1UgzbN7N80S=Yx9cT2bq; Path=/; HttpOnly");
                case "safedog" -> html(403, """
                        <!DOCTYPE html><html><head><meta charset="utf-8"><title>网站防火墙</title></head><body>
                        <div class="wrap"><p>您的请求带有不合法参数，已被网站管理员设置拦截！</p>
                        <p>可能原因：您提交的内容包含危险的攻击请求</p>
                        <img src="http://www.safedog.cn/images/safedogsite/head_logo.gif" alt="安全狗"></div>
                        </body></html>""", null);
                case "maintenance" -> html(200, """
                        <!DOCTYPE html><html><head><meta charset="utf-8"><title>系统维护</title></head><body>
                        <div class="notice"><h1>网站升级维护中</h1><p>为提供更好的服务，本网站正在进行系统升级，暂停访问，
                        给您带来的不便敬请谅解。</p></div></body></html>""", null);
                default -> throw new IllegalStateException("靶场真值文件中未知的防护页类型：" + wall.string("wall"));
            };
        }
        return null;
    }

    private static Reply html(int status, String body, String setCookie) {
        return new Reply(status, body.getBytes(StandardCharsets.UTF_8), setCookie);
    }
}
