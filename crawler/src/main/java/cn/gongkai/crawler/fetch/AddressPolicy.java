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

    /**
     * Internal, loopback and the special-use ranges of RFC 6890 (documentation, benchmarking, carrier-grade NAT,
     * reserved): none of them is a government's public website. IPv6 forms that carry an IPv4 address (mapped,
     * compatible, NAT64, 6to4) are judged by that address.
     */
    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return isSpecialV4(b);
        }
        if (a instanceof Inet6Address) {
            int w0 = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
            int w1 = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
            if ((b[0] & 0xFE) == 0xFC                       // fc00::/7 unique local
                    || (w0 == 0x2001 && w1 == 0x0db8)       // 2001:db8::/32 documentation
                    || (w0 == 0x2001 && w1 < 0x0200)        // 2001::/23 IETF protocol assignments (Teredo, ORCHID…)
                    || (w0 == 0x0100 && w1 == 0 && zero(b, 4, 8))) { // 100::/64 discard-only
                return true;
            }
            if (zero(b, 0, 12)) {                            // ::a.b.c.d, IPv4-compatible (deprecated)
                return true;
            }
            if (zero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) { // ::ffff:a.b.c.d mapped
                return isSpecialV4(java.util.Arrays.copyOfRange(b, 12, 16));
            }
            if (w0 == 0x0064 && w1 == 0xff9b) {              // 64:ff9b::/96 NAT64
                return isSpecialV4(java.util.Arrays.copyOfRange(b, 12, 16));
            }
            if (w0 == 0x2002) {                              // 2002::/16 6to4 carries the IPv4 in bytes 2–5
                return isSpecialV4(java.util.Arrays.copyOfRange(b, 2, 6));
            }
        }
        return false;
    }

    private static boolean isSpecialV4(byte[] b) {
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        int b2 = b[2] & 0xFF;
        return b0 == 0                                       // 0.0.0.0/8 "this network"
                || b0 == 127                                 // loopback
                || b0 == 10                                  // private
                || (b0 == 172 && (b1 & 0xF0) == 16)          // private
                || (b0 == 192 && b1 == 168)                  // private
                || (b0 == 169 && b1 == 254)                  // link-local
                || (b0 == 100 && (b1 & 0xC0) == 64)          // 100.64.0.0/10 carrier-grade NAT
                || (b0 == 192 && b1 == 0 && b2 == 0)         // 192.0.0.0/24 protocol assignments
                || (b0 == 192 && b1 == 0 && b2 == 2)         // 192.0.2.0/24 TEST-NET-1
                || (b0 == 192 && b1 == 88 && b2 == 99)       // 192.88.99.0/24 6to4 relay anycast
                || (b0 == 198 && (b1 == 18 || b1 == 19))     // 198.18.0.0/15 benchmarking
                || (b0 == 198 && b1 == 51 && b2 == 100)      // 198.51.100.0/24 TEST-NET-2
                || (b0 == 203 && b1 == 0 && b2 == 113)       // 203.0.113.0/24 TEST-NET-3
                || b0 >= 224;                                // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, broadcast
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
