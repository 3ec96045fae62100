package cn.gongkai.web.security;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.USER_ROLE;

import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.error.NotFound;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Accounts and their roles, stored in app_user and user_role; passwords only as hashes. */
@Service
public class UserAccounts implements UserDetailsService {

    /** Without look-alike characters (0/O, 1/l/I), as the password is read off a screen and typed in. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

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
        List<String> roles = dsl.select(USER_ROLE.ROLE).from(USER_ROLE)
                .where(USER_ROLE.USER_ID.eq(user.getId())).fetch(USER_ROLE.ROLE);
        boolean enabled = Boolean.TRUE.equals(user.getEnabled());
        return new GongkaiUser(user.getId(), user.getUsername(), user.getPasswordHash(), enabled,
                user.getDisplayName(), user.getUnitId(),
                roles.stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList(),
                credentialStamp(user.getPasswordHash(), enabled, user.getUnitId(), roles));
    }

    /**
     * Whether a signed-in account is still what it was at sign-in: same password, still enabled, same roles and
     * unit. Read from the database on every request, so a change made on any node ends the session on all of them.
     */
    boolean unchangedSince(GongkaiUser user) {
        var rows = dsl.select(APP_USER.PASSWORD_HASH, APP_USER.ENABLED, APP_USER.UNIT_ID, USER_ROLE.ROLE)
                .from(APP_USER).leftJoin(USER_ROLE).on(USER_ROLE.USER_ID.eq(APP_USER.ID))
                .where(APP_USER.ID.eq(user.id())).fetch();
        if (rows.isEmpty()) {
            return false;
        }
        var first = rows.get(0);
        boolean enabled = Boolean.TRUE.equals(first.value2());
        List<String> roles = rows.stream().map(r -> r.value4()).filter(Objects::nonNull).toList();
        return enabled && user.credentialStamp() != null
                && user.credentialStamp().equals(credentialStamp(first.value1(), enabled, first.value3(), roles));
    }

    /** A digest rather than the bcrypt hash itself, so the hash is not kept in every session. */
    private static String credentialStamp(String passwordHash, boolean enabled, Long unitId, List<String> roles) {
        String state = passwordHash + '\n' + enabled + '\n' + unitId + '\n' + new TreeSet<>(roles);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** A 16-character random password, shown once to whoever creates or resets the account. */
    public static String randomPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** Sets a new random password and returns it. */
    public String resetPassword(String actor, long userId) {
        String password = randomPassword();
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            if (db.update(APP_USER).set(APP_USER.PASSWORD_HASH, passwords.encode(password))
                    .where(APP_USER.ID.eq(userId)).execute() == 0) {
                throw new NotFound("账号不存在：" + userId);
            }
            AuditTrail.record(db, actor, "USER_PASSWORD_RESET", "app_user", String.valueOf(userId), null, null,
                    "重置密码");
        });
        return password;
    }

    /** Enables or disables an account; a disabled account cannot sign in, its history stays. */
    public void setEnabled(String actor, long userId, boolean enabled) {
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            Boolean before = db.select(APP_USER.ENABLED).from(APP_USER).where(APP_USER.ID.eq(userId))
                    .fetchOne(APP_USER.ENABLED);
            if (before == null) {
                throw new NotFound("账号不存在：" + userId);
            }
            db.update(APP_USER).set(APP_USER.ENABLED, enabled).where(APP_USER.ID.eq(userId)).execute();
            AuditTrail.record(db, actor, enabled ? "USER_ENABLED" : "USER_DISABLED", "app_user",
                    String.valueOf(userId), "{\"enabled\":" + before + "}", "{\"enabled\":" + enabled + "}",
                    enabled ? "启用账号" : "停用账号");
        });
    }
}
