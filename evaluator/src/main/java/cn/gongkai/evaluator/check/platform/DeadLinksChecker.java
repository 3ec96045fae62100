package cn.gongkai.evaluator.check.platform;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 链接可用性：links of the site that answer 404 or 410 are dead. A 5xx, a timeout, a wall, a maintenance page or a
 * page that only says it is gone (soft 404) proves nothing certain about the link, so those only make the finding
 * uncertain when no dead link was found.
 */
public final class DeadLinksChecker implements Checker {

    public static final String TYPE = "dead-links";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        Map<String, CaptureRef> latestByUrl = new LinkedHashMap<>();
        for (CaptureRef capture : context.captures().all(context.roundId(), context.channelId())) {
            if (!capture.url().endsWith("/robots.txt")) {
                latestByUrl.put(capture.url(), capture);
            }
        }
        if (latestByUrl.isEmpty()) {
            return CheckResult.uncertain("本渠道没有任何采集记录，无法检查链接");
        }
        List<Evidence> dead = new ArrayList<>();
        List<String> unsure = new ArrayList<>();
        for (CaptureRef capture : latestByUrl.values()) {
            Integer status = capture.httpStatus();
            // A firewall or maintenance page answering 404 is a wall, not the link's own answer.
            if (status != null && (status == 404 || status == 410) && "HTTP_ERROR".equals(capture.status())) {
                dead.add(new Evidence(capture.id(), "HTTP " + status + "：" + capture.url()));
            } else if (!capture.ok()) {
                unsure.add(capture.unread().orElseThrow());
            }
        }
        if (!dead.isEmpty()) {
            return CheckResult.fail(String.valueOf(dead.size()), "发现 " + dead.size() + " 个无法访问的链接："
                    + String.join("；", dead.stream().map(Evidence::excerpt).limit(20).toList()), dead);
        }
        if (!unsure.isEmpty()) {
            return CheckResult.uncertain("未发现确定的死链，但有 " + unsure.size() + " 个链接暂时无法访问，需复核："
                    + String.join("；", unsure.stream().limit(20).toList()));
        }
        return CheckResult.pass("0", "已检查 " + latestByUrl.size() + " 个链接，均可访问", List.of());
    }
}
