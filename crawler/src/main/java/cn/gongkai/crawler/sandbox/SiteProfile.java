package cn.gongkai.crawler.sandbox;

import java.util.List;

/**
 * Who a sandbox site belongs to. All identifiers are fictitious: division codes start with 99 (no such province),
 * domains end in sandbox.gov.cn, and record numbers use the made-up province abbreviation 示.
 */
record SiteProfile(
        int index,
        String code,
        String name,
        String shortName,
        String unitType,
        String domain,
        String siteIdCode,
        String icp,
        String policeRecord,
        String docPrefix,
        String meeting,
        String addressee,
        List<String> topics) {

    static final String COUNTY = "COUNTY_GOVERNMENT";
    static final String DEPARTMENT = "DEPARTMENT";

    private static final List<String> COUNTY_TOPICS = List.of("安全生产", "防汛抗旱", "优化营商环境", "乡村振兴",
            "森林防火", "城乡环境整治", "民生实事项目", "耕地保护", "食品安全", "稳就业促创业", "政务服务“一网通办”",
            "河湖长制");
    private static final List<String> EDU_TOPICS = List.of("校园安全", "义务教育优质均衡发展", "学前教育普及普惠",
            "教师队伍建设", "中小学课后服务", "学生资助", "义务教育招生入学", "职业教育产教融合", "学生体质健康",
            "教育督导", "“双减”", "家校社协同育人");
    private static final List<String> HEALTH_TOPICS = List.of("基层医疗卫生服务能力提升", "家庭医生签约服务",
            "传染病防控", "医疗质量安全", "妇幼健康", "爱国卫生运动", "院前医疗急救", "老年健康服务",
            "公立医院高质量发展", "职业病防治", "无偿献血", "健康科普");

    private static final List<String> DEPARTMENT_TOPICS = List.of("重点项目建设", "营商环境优化", "安全生产",
            "民生保障", "“放管服”改革", "依法行政", "政务服务", "信用体系建设", "数字化转型", "基层治理",
            "社会保障", "行业监管");

    /** The six sites of the demo round. */
    static List<SiteProfile> demo() {
        return all().stream().filter(p -> p.truth().demo()).toList();
    }

    /** Every site of the sandbox: the demo six, then the sites with planted defects. */
    static List<SiteProfile> all() {
        return ALL;
    }

    private static final List<SiteProfile> ALL = build();

    private static List<SiteProfile> build() {
        return List.of(
                county(0, "qinghe", "清河区人民政府", "清河区", "990102", "清政发"),
                county(1, "yunshan", "云山县人民政府", "云山县", "990123", "云政发"),
                county(2, "shimen", "石门县人民政府", "石门县", "990124", "石政发"),
                county(3, "baiyang", "白杨县人民政府", "白杨县", "990125", "白政发"),
                new SiteProfile(4, "edu", "市教育局", "市教育局", DEPARTMENT, "jyj.city.sandbox.gov.cn", "9901000012",
                        "示ICP备99010012号-1", "示公网安备99010002000121号", "市教发", "党组（扩大）会议",
                        "各区县教育局，局属各学校、各科室：", EDU_TOPICS),
                new SiteProfile(5, "health", "市卫生健康委员会", "市卫生健康委", DEPARTMENT, "wjw.city.sandbox.gov.cn",
                        "9901000023", "示ICP备99010023号-1", "示公网安备99010002000232号", "市卫健发", "党组（扩大）会议",
                        "各区县卫生健康局，委属各单位：", HEALTH_TOPICS),
                county(6, "songlin", "松林县人民政府", "松林县", "990126", "松政发"),
                county(7, "dongpo", "东坡县人民政府", "东坡县", "990127", "东政发"),
                county(8, "nanhu", "南湖县人民政府", "南湖县", "990128", "南政发"),
                county(9, "beishan", "北山县人民政府", "北山县", "990129", "北政发"),
                county(10, "xishui", "西水县人民政府", "西水县", "990130", "西政发"),
                county(11, "longquan", "龙泉县人民政府", "龙泉县", "990131", "龙政发"),
                county(12, "taoyuan", "桃源县人民政府", "桃源县", "990132", "桃政发"),
                county(13, "yanbo", "烟波县人民政府", "烟波县", "990133", "烟政发"),
                county(14, "jiulong", "九龙县人民政府", "九龙县", "990134", "九政发"),
                county(15, "shuangxi", "双溪县人民政府", "双溪县", "990135", "双政发"),
                county(16, "linjiang", "临江县人民政府", "临江县", "990136", "临政发"),
                department(17, "fgw", "市发展和改革委员会", "市发展改革委", "fgw", "市发改发"),
                department(18, "mzj", "市民政局", "市民政局", "mzj", "市民发"),
                department(19, "zjj", "市住房和城乡建设局", "市住建局", "zjj", "市建发"),
                department(20, "rsj", "市人力资源和社会保障局", "市人社局", "rsj", "市人社发"),
                department(21, "gaj", "市公安局", "市公安局", "gaj", "市公发"),
                county(22, "qiaotou", "桥头县人民政府", "桥头县", "990137", "桥政发"),
                county(23, "hexi", "河西县人民政府", "河西县", "990138", "河政发"),
                county(24, "anping", "安平县人民政府", "安平县", "990139", "安政发"));
    }

    private static SiteProfile department(int index, String code, String name, String shortName, String sub,
            String docPrefix) {
        String serial = String.format("%04d", 30 + index);
        return new SiteProfile(index, code, name, shortName, DEPARTMENT, sub + ".city.sandbox.gov.cn",
                "990100" + serial, "示ICP备9901" + serial + "号-1", "示公网安备9901000200" + serial + "号", docPrefix,
                "党组（扩大）会议", "各区县有关部门，局属各单位：", DEPARTMENT_TOPICS);
    }

    /** What the ground-truth file says about this site: its planted defects, its encoding. */
    GroundTruth.SiteTruth truth() {
        return GroundTruth.load().sites().stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseGet(() -> new GroundTruth.SiteTruth(code, name, unitType, false, "UTF-8", List.of()));
    }

    /**
     * Whether the site was left alone (STALE_HOMEPAGE with no other cause): everything on it is as it stood
     * {@link #staleDays()} ago.
     */
    boolean stale() {
        return staleDays() > 0;
    }

    int staleDays() {
        return truth().defects("STALE_HOMEPAGE").stream().filter(d -> d.string("cause") == null)
                .mapToInt(d -> d.integer("days")).findFirst().orElse(0);
    }

    /** The day the site's content stands at: today, or for a stale site {@link #staleDays()} before. */
    java.time.LocalDate asOf(java.time.LocalDate today) {
        return today.minusDays(staleDays());
    }

    boolean has(String defectKind) {
        return truth().defect(defectKind).isPresent();
    }

    private static SiteProfile county(int index, String code, String name, String shortName, String division,
            String docPrefix) {
        String level = shortName.endsWith("区") ? "区" : "县";
        return new SiteProfile(index, code, name, shortName, COUNTY, "www." + code + ".sandbox.gov.cn",
                division + "0001", "示ICP备" + division + "01号-1", "示公网安备" + division + "02000101号", docPrefix,
                level + "政府常务会议", "各乡镇人民政府、街道办事处，" + level + "政府各部门：", COUNTY_TOPICS);
    }

    /** Names of the sites' principal leaders (主要负责人), by site index; all fictitious. */
    private static final List<String> PRINCIPALS = List.of("王建国", "陈志强", "刘德明", "赵文华", "孙立新", "周海涛",
            "吴国庆", "郑永红", "冯晓东", "褚建军", "卫国平", "蒋振华", "沈明远", "韩志刚", "杨光辉", "朱正清", "秦海峰",
            "许文斌", "何立群", "吕建平", "施永安", "张德胜");

    /** A leader as the 领导之窗 page shows them. */
    record Leader(String name, String position, String duties) {
    }

    /**
     * The unit's leaders, principal first: a county's 县长 (区长), a department's 局长 (主任 for a 委员会), then the
     * deputies. 李华, who signs the usual interpretations as 解读人, is a deputy everywhere.
     */
    List<Leader> leaders() {
        boolean county = unitType.equals(COUNTY);
        String head = county ? (shortName.endsWith("区") ? "区长" : "县长") : (name.endsWith("委员会") ? "主任" : "局长");
        String principalPosition = county ? (head.equals("区长") ? "区委副书记、区长" : "县委副书记、县长") : "党组书记、" + head;
        return List.of(
                new Leader(PRINCIPALS.get(index % PRINCIPALS.size()), principalPosition,
                        county ? "主持" + shortName + "政府全面工作。" : "主持" + shortName + "全面工作。"),
                new Leader("马晓军", "常务副" + head, "负责政府常务工作，分管财政、审计、发展改革工作。"),
                new Leader("李华", "副" + head, "负责政务公开、政策研究、办公室工作。"));
    }

    /** The office that runs the site (主办), as printed in the footer and as the source of articles. */
    String office() {
        return name + "办公室";
    }
}
