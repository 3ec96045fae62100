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
            "0.0.0.0", "::1", "fd00::1", "fe80::1", "224.0.0.1", "255.255.255.255"})
    void internalAddressesArePrivate(String ip) throws UnknownHostException {
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName(ip))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "114.114.114.114", "203.119.25.1", "2400:3200::1"})
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
