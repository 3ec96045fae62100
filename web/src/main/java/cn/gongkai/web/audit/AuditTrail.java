package cn.gongkai.web.audit;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/**
 * The one way the application writes the audit log: who, what, on which record, before, after and why. There is
 * deliberately no update or delete next to it; pass the transaction's {@code DSLContext} so the entry commits with
 * the change it records.
 */
public final class AuditTrail {

    private AuditTrail() {
    }

    public static void record(DSLContext db, String actor, String action, String entity, String entityId,
                              String beforeJson, String afterJson, String reason) {
        db.insertInto(AUDIT_LOG, AUDIT_LOG.AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION, AUDIT_LOG.ENTITY, AUDIT_LOG.ENTITY_ID,
                        AUDIT_LOG.BEFORE_JSON, AUDIT_LOG.AFTER_JSON, AUDIT_LOG.REASON)
                .values(LocalDateTime.now(ZoneOffset.UTC), actor, action, entity, entityId, beforeJson, afterJson, reason)
                .execute();
    }
}
