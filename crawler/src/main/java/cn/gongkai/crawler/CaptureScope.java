package cn.gongkai.crawler;

import cn.gongkai.crawler.fetch.AddressPolicy;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a one-off capture asked for from outside (the URL of a unit's appeal) may go, checked on every hop of its
 * redirect chain. The URL comes from the unit being evaluated, so it must stay on the unit's registered sites
 * (host and port); an evaluator may widen that to any public host. Whatever the round allows, it never reaches a
 * link-local address (cloud metadata), this application's own ports on this machine (the web server, the
 * database), nor loopback or another internal address unless that exact host and port is one of the unit's
 * registered sites (the sandbox, which lives on loopback).
 *
 * @param origins   the unit's registered sites as {@code host:port}, lower case, with the scheme's default port
 * @param widened   an evaluator allowed hosts off the registered sites (public addresses only)
 * @param ownPorts  the ports this application and its database listen on, refused on every local address
 */
public record CaptureScope(Set<String> origins, boolean widened, Set<Integer> ownPorts) {

    public CaptureScope {
        origins = origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        ownPorts = Set.copyOf(ownPorts);
    }

    /** {@code host:port} of an http(s) URL, with the scheme's default port; null when it has no host. */
    public static String origin(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getHost() == null || uri.getScheme() == null) {
                return null;
            }
            return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Why the URL may not be fetched, in Chinese, or null when it may. */
    String refusal(URI uri) {
        String origin = origin(uri.toString());
        boolean registered = origin != null && origins.contains(origin);
        if (!registered && !widened) {
            return "网址 " + Text.clip(uri.toString(), 200) + " 不在该单位登记的网站上（" + origin
                    + "），未采集；如确需采集，评估人员可说明理由后允许采集登记网站以外的网址";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return null; // the fetch fails on its own and records why
        }
        int port = port(uri);
        for (InetAddress a : addresses) {
            if (a.isLinkLocalAddress()) {
                return "目标主机 " + uri.getHost() + " 解析为链路本地地址 " + a.getHostAddress() + "，不予采集";
            }
            if (isLocal(a) && ownPorts.contains(port)) {
                return "目标 " + uri.getHost() + ":" + port + " 是本平台自身或其数据库的地址，不予采集";
            }
            if (!registered && AddressPolicy.isPrivate(a)) {
                return "目标主机 " + uri.getHost() + " 解析为内网、回环或保留地址 " + a.getHostAddress()
                        + "，登记网站以外的网址只能是公网地址，不予采集";
            }
        }
        return null;
    }

    /** An address of this machine: loopback, the wildcard, or one bound to one of its interfaces. */
    private static boolean isLocal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return true; // cannot tell: treat it as ours, the safe side
        }
    }
}
