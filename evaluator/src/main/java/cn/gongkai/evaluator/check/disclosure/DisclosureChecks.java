package cn.gongkai.evaluator.check.disclosure;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The disclosure platform (《政府信息公开条例》 and 《政府网站发展指引》): one column named 政府信息公开 holding the guide
 * (指南), the rules (制度), the statutory proactive content (法定主动公开内容) and the annual reports (年报); the guide
 * states what Art. 12 lists; the catalogue gives each item's index, name, summary and date.
 */
public final class DisclosureChecks {

    /** Section → the link texts that lead to it. */
    static final Map<String, List<String>> SECTIONS = new LinkedHashMap<>();
    /** Guide element → words any of which shows it is stated (Art. 12). */
    static final Map<String, List<String>> GUIDE_ELEMENTS = new LinkedHashMap<>();
    /** Catalogue field → words any of which names it (Art. 12). */
    static final Map<String, List<String>> CATALOGUE_FIELDS = new LinkedHashMap<>();
    /** Below this many characters of main text a section page counts as empty. */
    private static final int MIN_CONTENT_CHARS = 30;

    static {
        SECTIONS.put("指南", List.of("指南"));
        SECTIONS.put("制度", List.of("制度"));
        SECTIONS.put("法定主动公开内容", List.of("法定主动公开", "主动公开内容"));
        SECTIONS.put("年报", List.of("年报", "年度报告"));
        GUIDE_ELEMENTS.put("信息分类", List.of("分类", "编排", "公开的主体和范围", "公开范围", "公开内容"));
        GUIDE_ELEMENTS.put("获取方式", List.of("获取方式", "获取政府信息", "申请方式", "申请渠道", "提出申请"));
        GUIDE_ELEMENTS.put("工作机构名称", List.of("机构名称", "工作机构", "办公室"));
        GUIDE_ELEMENTS.put("办公地址", List.of("地址"));
        GUIDE_ELEMENTS.put("办公时间", List.of("办公时间", "工作时间", "受理时间"));
        GUIDE_ELEMENTS.put("联系电话", List.of("电话"));
        GUIDE_ELEMENTS.put("传真号码", List.of("传真"));
        GUIDE_ELEMENTS.put("互联网联系方式", List.of("电子邮箱", "电子信箱", "邮箱", "网址", "在线申请"));
        CATALOGUE_FIELDS.put("索引", List.of("索引"));
        CATALOGUE_FIELDS.put("名称", List.of("名称", "标题"));
        CATALOGUE_FIELDS.put("内容概述", List.of("内容概述", "概述", "摘要"));
        CATALOGUE_FIELDS.put("生成日期", List.of("生成日期", "成文日期", "生成时间"));
    }

    private DisclosureChecks() {
    }

    /** 政府信息公开 column with its four sections present and not empty. */
    public static Checker structure() {
        return checker("disclosure-structure", (context, platform) -> {
            List<String> problems = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            Optional<String> homepageUnread = platform.homepageUnread(context);
            for (var section : SECTIONS.entrySet()) {
                Optional<DisclosurePlatform.Section> found = platform.section(context, section.getValue());
                if (found.isEmpty() && homepageUnread.isPresent()) {
                    unknown.add(section.getKey() + "（首页未能读取，入口可能在首页：" + homepageUnread.get() + "）");
                } else if (found.isEmpty()) {
                    problems.add("缺少「" + section.getKey() + "」");
                    evidence.add(new Evidence(platform.capture().id(), "政府信息公开栏目中没有「" + section.getKey() + "」"));
                } else if (!found.get().captured()) {
                    if (found.get().capture().map(c -> "HTTP_ERROR".equals(c.status()) && c.httpStatus() != null
                            && c.httpStatus() == 404).orElse(false)) {
                        problems.add("「" + section.getKey() + "」链接无法打开");
                        evidence.add(new Evidence(found.get().capture().get().id(),
                                "「" + section.getKey() + "」HTTP 404：" + found.get().url()));
                    } else {
                        unknown.add(section.getKey() + "（" + context.captures().unread(context.roundId(),
                                context.channelId(), found.get().url()).orElse(found.get().url()) + "）");
                    }
                } else if (DisclosurePlatform.mainText(context.captures(), found.get()).length() < MIN_CONTENT_CHARS) {
                    problems.add("「" + section.getKey() + "」内容为空");
                    evidence.add(new Evidence(found.get().capture().get().id(), "「" + section.getKey() + "」页面无内容"));
                }
            }
            // A missing or empty section fails whatever the unread parts hold.
            if (!problems.isEmpty()) {
                return CheckResult.fail(String.valueOf(problems.size()), "政府信息公开栏目" + String.join("；", problems)
                        + (unknown.isEmpty() ? "" : "；另有部分未能读取：" + String.join("；", unknown)), evidence);
            }
            if (!unknown.isEmpty()) {
                return CheckResult.uncertain("政府信息公开栏目中这些部分未能读取：" + String.join("；", unknown));
            }
            return CheckResult.pass("0", "政府信息公开栏目设有指南、制度、法定主动公开内容、年报且均有内容",
                    List.of(new Evidence(platform.capture().id(), "政府信息公开栏目结构完整")));
        });
    }

    /** 公开指南 states every element of Art. 12. */
    public static Checker guide() {
        return sectionContentChecker("disclosure-guide", "指南", SECTIONS.get("指南"), GUIDE_ELEMENTS, "政府信息公开指南");
    }

    /** 公开目录 gives each item's 索引, 名称, 内容概述 and 生成日期. */
    public static Checker catalogue() {
        return sectionContentChecker("disclosure-catalogue", "目录", List.of("目录", "法定主动公开", "主动公开内容"),
                CATALOGUE_FIELDS, "政府信息公开目录");
    }

    private static Checker sectionContentChecker(String type, String sectionName, List<String> linkTexts,
                                                 Map<String, List<String>> required, String label) {
        return checker(type, (context, platform) -> {
            Optional<DisclosurePlatform.Section> section = platform.section(context, linkTexts);
            if (section.isEmpty() && platform.homepageUnread(context).isPresent()) {
                return CheckResult.uncertain("政府信息公开栏目中未见" + label + "入口，首页未能读取（入口可能在首页）："
                        + platform.homepageUnread(context).get());
            }
            if (section.isEmpty()) {
                return CheckResult.failNotFound("1", "政府信息公开栏目中没有" + label,
                        List.of(new Evidence(platform.capture().id(), "没有「" + sectionName + "」入口")));
            }
            if (!section.get().captured()) {
                return CheckResult.uncertain(label + "页面未能读取：" + context.captures().unread(context.roundId(),
                        context.channelId(), section.get().url()).orElse(section.get().url()),
                        section.get().capture().map(c -> List.of(new Evidence(c.id(), label + "页面未能读取")))
                                .orElse(List.of()));
            }
            String text = DisclosurePlatform.mainText(context.captures(), section.get());
            List<String> missing = required.entrySet().stream()
                    .filter(element -> element.getValue().stream().noneMatch(text::contains))
                    .map(Map.Entry::getKey)
                    .toList();
            long captureId = section.get().capture().get().id();
            if (missing.isEmpty()) {
                return CheckResult.pass("0", label + "要素齐全：" + String.join("、", required.keySet()),
                        List.of(new Evidence(captureId, label + "要素齐全")));
            }
            String message = label + "缺少要素：" + String.join("、", missing);
            List<Evidence> evidence = List.of(new Evidence(captureId, message));
            return missing.size() == required.size() ? CheckResult.fail(String.valueOf(missing.size()), message, evidence)
                    : CheckResult.partial(1 - (double) missing.size() / required.size(), String.valueOf(missing.size()),
                            message, evidence);
        });
    }

    private interface Judge {
        CheckResult judge(CheckContext context, DisclosurePlatform platform);
    }

    private static Checker checker(String type, Judge judge) {
        return new Checker() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public CheckResult check(CheckContext context) {
                if (!DisclosurePlatform.declared(context)) {
                    return CheckResult.uncertain("本轮未登记政府信息公开栏目，需人工核实网站是否设有该栏目");
                }
                return DisclosurePlatform.load(context).map(platform -> judge.judge(context, platform))
                        .orElseGet(() -> CheckResult.uncertain("政府信息公开栏目未能读取，无法检查："
                                + String.join("；", DisclosurePlatform.unread(context))));
            }
        };
    }
}
