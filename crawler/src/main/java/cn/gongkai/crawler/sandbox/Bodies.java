package cn.gongkai.crawler.sandbox;

import java.time.LocalDate;
import java.util.List;

/** Body text of sandbox articles: plausible government prose, one list entry per paragraph. */
final class Bodies {

    private Bodies() {
    }

    static String chineseDate(LocalDate d) {
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    static List<String> news(SiteProfile site, String topic, LocalDate day) {
        return List.of(
                chineseDate(day) + "，" + site.shortName() + "组织召开专题会议，传达学习上级有关会议精神，研究部署"
                        + topic + "相关工作。",
                "会议指出，做好" + topic + "工作事关人民群众切身利益，各单位要提高政治站位，压实工作责任，"
                        + "细化工作举措，确保各项任务落到实处、见到实效。",
                "会议强调，要坚持问题导向和目标导向，加强统筹协调和督促检查，对发现的问题建立台账、限期整改，"
                        + "及时回应群众关切，主动公开工作进展。",
                "各相关单位主要负责同志参加会议。");
    }

    static List<String> notice(SiteProfile site, String topic, LocalDate day) {
        return List.of(
                site.addressee(),
                "为深入贯彻落实上级关于" + topic + "工作的决策部署，切实做好相关工作，现将有关事项通知如下。",
                "一、工作目标。以问题为导向，全面排查" + topic + "工作中的薄弱环节，推动各项制度措施落地见效。",
                "二、工作安排。各单位要结合实际制定具体方案，明确责任人和完成时限，并于每月5日前报送工作进展。",
                "三、工作要求。各单位要高度重视，加强组织领导，严格落实工作责任，确保按时保质完成各项任务。",
                "联系人：张明，联系电话：0999-12345678。",
                site.office(),
                chineseDate(day));
    }

    static List<String> policy(SiteProfile site, String topic, String core, String docNumber, LocalDate day) {
        return List.of(
                site.addressee(),
                "现将《" + core + "》印发给你们，请结合实际认真贯彻执行。",
                "一、总体要求。坚持以人民为中心的发展思想，围绕" + topic + "的重点任务，健全工作机制，"
                        + "强化政策保障，推动工作提质增效。",
                "二、主要任务。（一）完善制度体系；（二）强化部门协同；（三）加强监督考核；（四）做好政策宣传解读。",
                "三、保障措施。各单位要加强组织领导，落实经费保障，将" + topic + "工作纳入年度目标责任考核。",
                "本文件自印发之日起施行，有效期五年。",
                site.name(),
                chineseDate(day),
                "（此件公开发布） 文号：" + docNumber);
    }

    static List<String> interpretation(SiteProfile site, String topic, String core, LocalDate day) {
        return List.of(
                "一、出台背景。为贯彻落实上级关于" + topic + "的部署要求，解决工作中存在的突出问题，"
                        + site.name() + "制定了《" + core + "》。",
                "二、主要内容。文件共分为总体要求、主要任务和保障措施三个部分，明确了" + topic
                        + "工作的目标任务、责任分工和完成时限。",
                "三、创新举措。文件首次提出建立跨部门联席会议制度和年度评估机制，强化工作落实。",
                "四、解读机关及联系方式。解读机关：" + site.office() + "；解读人：李华；联系电话：0999-12345679。",
                "发布日期：" + chineseDate(day));
    }

    static List<String> disclosure(SiteProfile site, String title) {
        if (title.endsWith("政府信息公开指南")) {
            return List.of(
                    "为更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。",
                    "一、公开的主体和范围。" + site.name() + "主动公开和依申请公开本机关制作或者获取的政府信息。",
                    "二、主动公开。主动公开的政府信息通过本网站“政府信息公开”专栏发布，自信息形成或者变更之日起"
                            + "20个工作日内予以公开。",
                    "三、依申请公开。申请人可以通过信函、当面或者在线方式提出申请。",
                    guideContacts(site));
        }
        return List.of(
                "根据《中华人民共和国政府信息公开条例》有关规定，现将" + title + "予以公开。",
                "具体内容详见附件。如有疑问，请与" + site.office() + "联系，联系电话：0999-12345670。");
    }

    /** The office's contact line of the guide; elements the ground truth says are missing are left out. */
    static String guideContacts(SiteProfile site) {
        List<String> missing = site.truth().defects("GUIDE_ELEMENTS_MISSING").stream()
                .flatMap(d -> d.strings("missing").stream()).toList();
        java.util.Map<String, String> parts = new java.util.LinkedHashMap<>();
        parts.put("政府信息公开工作机构", site.office());
        parts.put("办公地址", "示范市人民路1号");
        parts.put("办公时间", "工作日上午8:30—12:00，下午14:30—18:00");
        parts.put("联系电话", "0999-12345670");
        parts.put("传真", "0999-12345671");
        parts.put("电子邮箱", "gk@" + site.domain());
        StringBuilder out = new StringBuilder();
        parts.forEach((k, v) -> {
            if (!missing.contains(k)) {
                out.append(out.isEmpty() ? "" : "；").append(k).append("：").append(v);
            }
        });
        return out.append("。").toString();
    }

    static List<String> annualReport(SiteProfile site, int year) {
        return List.of(
                "本报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
                        + "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。",
                "一、总体情况。" + year + "年，" + site.name() + "认真贯彻落实政务公开工作部署，持续深化主动公开，"
                        + "规范依申请公开办理。",
                "二、主动公开政府信息情况。本年制发规范性文件6件，现行有效规范性文件42件。",
                "三、收到和处理政府信息公开申请情况。本年新收申请12件，上年结转1件，予以公开8件，部分公开2件，"
                        + "无法提供2件，结转下年度继续办理1件。",
                "四、政府信息公开行政复议、行政诉讼情况。本年未发生政府信息公开行政复议和行政诉讼案件。",
                "五、存在的主要问题及改进情况。部分栏目更新不够及时，政策解读形式较为单一，下一步将加强统筹。",
                "六、其他需要报告的事项。本年未收取信息处理费。");
    }
}
