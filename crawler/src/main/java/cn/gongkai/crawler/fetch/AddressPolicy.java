package cn.gongkai.crawler.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keeps the crawler off internal networks: a unit's website is registered by people, and a URL pointing at the
 * platform's own network (or the cloud metadata service) must not be fetched unless the round allows it, as the
 * sandbox on loopback needs.
 *
 * <p>All addresses of a host are checked, not just the first. The JDK caches successful lookups (30 s by default),
 * so the client that connects right after sees the addresses checked here; a host that changes its answer between
 * lookups could still slip through, which is accepted for a crawler of public government sites.
 */
public final class AddressPolicy {

    /** The outcome for one host: its address to record, or why it is refused. */
    public record Decision(InetAddress address, String refusal, String lookupError) {
        public boolean refused() {
            return refusal != null;
        }
    }

    private final boolean allowPrivate;

    public AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public Decision check(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            // not refused: the fetch itself fails and that failure is the evidence of an unreachable site
            return new Decision(null, null, "域名解析失败：" + host);
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (isPrivate(a)) {
                    return new Decision(a, "目标主机 " + host + " 解析为内网、回环或保留地址 " + a.getHostAddress()
                            + "，本轮未允许抓取内网地址，已跳过", null);
                }
            }
        }
        return new Decision(addresses[0], null, null);
    }

    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xFF;
            int b1 = b[1] & 0xFF;
            return b0 == 0                                  // "this network"
                    || (b0 == 100 && (b1 & 0xC0) == 64)     // 100.64.0.0/10 carrier-grade NAT
                    || (b0 == 192 && b1 == 0 && (b[2] & 0xFF) == 0) // 192.0.0.0/24 protocol assignments
                    || (b0 == 198 && (b1 == 18 || b1 == 19)) // 198.18.0.0/15 benchmarking
                    || b0 >= 240;                           // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xFE) == 0xFC; // fc00::/7 unique local
        }
        return false;
    }
}
