package cn.gongkai.web.security;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.USER_ROLE;

import cn.gongkai.web.audit.AuditTrail;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Accounts and their roles, stored in app_user and user_role; passwords only as hashes. */
@Service
public class UserAccounts implements UserDetailsService {

    private final DSLContext dsl;
    private final PasswordEncoder passwords;

    public UserAccounts(DSLContext dsl, PasswordEncoder passwords) {
        this.dsl = dsl;
        this.passwords = passwords;
    }

    @Override
    public GongkaiUser loadUserByUsername(String username) {
        var user = dsl.selectFrom(APP_USER).where(APP_USER.USERNAME.eq(username)).fetchOne();
        if (user == null) {
            throw new UsernameNotFoundException("用户不存在");
        }
        List<SimpleGrantedAuthority> authorities = dsl.select(USER_ROLE.ROLE).from(USER_ROLE)
                .where(USER_ROLE.USER_ID.eq(user.getId()))
                .fetch(r -> new SimpleGrantedAuthority("ROLE_" + r.value1()));
        return new GongkaiUser(user.getId(), user.getUsername(), user.getPasswordHash(),
                Boolean.TRUE.equals(user.getEnabled()), user.getDisplayName(), user.getUnitId(), authorities);
    }

    public boolean exists(String username) {
        return dsl.fetchExists(APP_USER, APP_USER.USERNAME.eq(username));
    }

    public boolean anyWithRole(Role role) {
        return dsl.fetchExists(USER_ROLE, USER_ROLE.ROLE.eq(role.name()));
    }

    /** Creates an account; a COUNTY account must name its unit, and only a COUNTY account may. */
    public long create(String actor, String username, String displayName, String rawPassword, Long unitId,
                       Set<Role> roles) {
        if (roles.contains(Role.COUNTY) != (unitId != null)) {
            throw new IllegalArgumentException("被评估单位账号必须且只能关联一个单位");
        }
        if (rawPassword.length() < 8) {
            throw new IllegalArgumentException("密码至少需要 8 个字符");
        }
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            long id = db.insertInto(APP_USER, APP_USER.USERNAME, APP_USER.PASSWORD_HASH, APP_USER.DISPLAY_NAME,
                            APP_USER.UNIT_ID, APP_USER.ENABLED, APP_USER.CREATED_AT)
                    .values(username, passwords.encode(rawPassword), displayName, unitId, true, now)
                    .returning(APP_USER.ID).fetchOne().getId();
            for (Role role : roles) {
                db.insertInto(USER_ROLE, USER_ROLE.USER_ID, USER_ROLE.ROLE).values(id, role.name()).execute();
            }
            AuditTrail.record(db, actor, "USER_CREATED", "app_user", String.valueOf(id), null,
                    "{\"username\":\"" + username + "\",\"roles\":\"" + roles + "\",\"unitId\":" + unitId + "}",
                    "创建账号");
            return id;
        });
    }
}
