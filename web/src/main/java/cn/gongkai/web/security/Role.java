package cn.gongkai.web.security;

/** What an account may do; enforced on the server for pages and API alike. */
public enum Role {
    /** Runs rounds: capture, review, publication. */
    EVALUATOR("评估人员"),
    /** Reads every result. */
    LEADER("领导"),
    /** One unit's account: reads only its own breakdown and evidence, files appeals. */
    COUNTY("被评估单位"),
    /** Enters the supervising department's scores. */
    DEPARTMENT_SCORER("主管部门评分人");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
