package cn.gongkai.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "::1", "fd00::1", "fe80::1", "224.0.0.1", "255.255.255.255",
            // special-use ranges (RFC 6890): none is a public website
            "0.1.2.3", "100.127.255.254", "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.19.255.1", "198.51.100.7",
            "203.0.113.9", "239.255.255.250", "240.0.0.1", "::", "fc00::1", "2001:db8::1", "2001:db8:ffff::1",
            "::ffff:10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::c0a8:1", "2002:c0a8:0101::1", "2002:7f00:1::1",
            "::7f00:1", "100::1", "2001::1"})
    void internalAddressesArePrivate(String ip) throws UnknownHostException {
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName(ip))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "114.114.114.114", "203.119.25.1", "2400:3200::1", "192.0.3.1",
            "198.20.0.1", "203.0.114.1", "100.128.0.1", "223.5.5.5", "2001:4860::8888", "64:ff9b::808:808",
            "2002:0808:0808::1"})
    void publicAddressesAreNot(String ip) throws UnknownHostException {
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName(ip))).isFalse();
    }

    @Test
    void loopbackIsRefusedWithAReasonUnlessAllowed() {
        AddressPolicy.Decision refused = new AddressPolicy(false).check("127.0.0.1");
        assertThat(refused.refused()).isTrue();
        assertThat(refused.refusal()).contains("127.0.0.1", "内网");

        AddressPolicy.Decision allowed = new AddressPolicy(true).check("127.0.0.1");
        assertThat(allowed.refused()).isFalse();
        assertThat(allowed.address().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void unresolvableHostIsNotRefusedButNoted() {
        AddressPolicy.Decision d = new AddressPolicy(false).check("no-such-host.invalid");
        assertThat(d.refused()).isFalse();
        assertThat(d.lookupError()).contains("域名解析失败");
    }
}
