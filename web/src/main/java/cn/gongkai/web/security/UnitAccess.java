package cn.gongkai.web.security;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;

import org.jooq.DSLContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** The object-level rule: a COUNTY account reads its own unit's results and evidence, nothing else. */
@Component
public class UnitAccess {

    private final DSLContext dsl;

    public UnitAccess(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void requireUnit(Authentication authentication, long unitId) {
        if (authentication.getPrincipal() instanceof GongkaiUser user && user.has(Role.COUNTY)
                && !user.has(Role.EVALUATOR) && !user.has(Role.LEADER)) {
            if (user.unitId() == null || user.unitId() != unitId) {
                throw new AccessDeniedException("无权查看其他单位的评估结果");
            }
        }
    }

    public void requireCapture(Authentication authentication, long captureId) {
        Long unitId = dsl.select(CHANNEL.UNIT_ID).from(CAPTURE).join(CHANNEL).on(CHANNEL.ID.eq(CAPTURE.CHANNEL_ID))
                .where(CAPTURE.ID.eq(captureId)).fetchOne(CHANNEL.UNIT_ID);
        requireUnit(authentication, unitId == null ? -1 : unitId);
    }
}
