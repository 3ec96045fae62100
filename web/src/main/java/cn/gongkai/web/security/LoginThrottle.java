package cn.gongkai.web.security;

import cn.gongkai.web.audit.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins counted per account and per client address: past the limit, each further failure locks the
 * account (or address) for twice as long as the last, from {@code gongkai.login.lock} up to an hour. A correct
 * password does not open a locked account. Failures are forgotten an hour after the last one, and an account's on
 * a successful sign-in (an address's are not, so one valid account does not open guessing on the others). Every
 * failure, refusal and lock is in the audit log. Counts are kept per node.
 */
@Component
class LoginThrottle {

    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final Duration LONGEST_LOCK = Duration.ofHours(1);
    private static final int MAX_TRACKED = 100_000;

    private final DSLContext dsl;
    private final Clock clock;
    private final int accountLimit;
    private final int addressLimit;
    private final Duration firstLock;
    private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

    @Autowired
    LoginThrottle(DSLContext dsl,
                  @Value("${gongkai.login.max-failures-per-account:5}") int accountLimit,
                  @Value("${gongkai.login.max-failures-per-address:20}") int addressLimit,
                  @Value("${gongkai.login.lock:PT1M}") Duration firstLock) {
        this(dsl, Clock.systemUTC(), accountLimit, addressLimit, firstLock);
    }

    LoginThrottle(DSLContext dsl, Clock clock, int accountLimit, int addressLimit, Duration firstLock) {
        this.dsl = dsl;
        this.clock = clock;
        this.accountLimit = accountLimit;
        this.addressLimit = addressLimit;
        this.firstLock = firstLock;
    }

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    /** Whether a sign-in may be tried now; a refusal is audited. */
    boolean mayTry(String username, String address) {
        Instant now = clock.instant();
        boolean locked = lockedAt(accounts.get(key(username)), now) || lockedAt(addresses.get(address), now);
        if (locked) {
            audit(username, "LOGIN_REFUSED", address, "账号或来源地址因多次登录失败被临时锁定，未校验密码");
        }
        return !locked;
    }

    /** Counts a failed sign-in; true if the account or the address is locked now. */
    boolean failed(String username, String address) {
        Instant now = clock.instant();
        Failures account = count(accounts, key(username), accountLimit, now);
        Failures from = count(addresses, address, addressLimit, now);
        audit(username, "LOGIN_FAILED", address, "用户名或密码错误（该账号第 " + account.count() + " 次、该地址第 "
                + from.count() + " 次）");
        if (lockedAt(account, now)) {
            audit(username, "LOGIN_LOCKED", address, "账号因连续 " + account.count() + " 次登录失败锁定至 "
                    + account.lockedUntil() + "（UTC）");
        }
        if (lockedAt(from, now)) {
            audit(username, "LOGIN_LOCKED", address, "来源地址 " + address + " 因 " + from.count()
                    + " 次登录失败锁定至 " + from.lockedUntil() + "（UTC）");
        }
        return lockedAt(account, now) || lockedAt(from, now);
    }

    void succeeded(String username) {
        accounts.remove(key(username));
    }

    private Failures count(Map<String, Failures> counts, String key, int limit, Instant now) {
        if (counts.size() > MAX_TRACKED) {
            counts.values().removeIf(f -> f.last().plus(FORGET_AFTER).isBefore(now));
        }
        return counts.compute(key, (k, before) -> {
            int count = before == null || before.last().plus(FORGET_AFTER).isBefore(now) ? 1 : before.count() + 1;
            Instant lockedUntil = before == null ? null : before.lockedUntil();
            if (count >= limit) {
                Duration lock = firstLock.multipliedBy(1L << Math.min(count - limit, 20));
                lockedUntil = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
            }
            return new Failures(count, now, lockedUntil);
        });
    }

    private static boolean lockedAt(Failures failures, Instant now) {
        return failures != null && failures.lockedUntil() != null && failures.lockedUntil().isAfter(now);
    }

    private static String key(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    private void audit(String username, String action, String address, String reason) {
        String actor = username == null || username.isBlank() ? "(空)" : username;
        AuditTrail.record(dsl, actor.length() > 100 ? actor.substring(0, 100) : actor, action, "login",
                address.length() > 64 ? address.substring(0, 64) : address, null, null, reason);
    }
}
