package cn.gongkai.web.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A signed-in account; a COUNTY account carries the one unit it may read. */
public class GongkaiUser extends User {

    private final long id;
    private final String displayName;
    private final Long unitId;
    /** What the account was when it signed in; kept when Spring erases the password hash after sign-in. */
    private final String credentialStamp;

    GongkaiUser(long id, String username, String passwordHash, boolean enabled, String displayName, Long unitId,
                Collection<? extends GrantedAuthority> authorities, String credentialStamp) {
        super(username, passwordHash, enabled, true, true, true, authorities);
        this.id = id;
        this.displayName = displayName;
        this.unitId = unitId;
        this.credentialStamp = credentialStamp;
    }

    String credentialStamp() {
        return credentialStamp;
    }

    public long id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The unit of a COUNTY account; null for the other roles. */
    public Long unitId() {
        return unitId;
    }

    public boolean has(Role role) {
        return getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(role.authority()));
    }

    /** Sessions hold the principal; equality by username and id is what Spring Security needs of it. */
    @Override
    public boolean equals(Object other) {
        return other instanceof GongkaiUser user && user.id == id && super.equals(other);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + super.hashCode();
    }
}
