package io.memberlist.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's {@code CIDRsAllowed} / {@code ParseCIDRs} / {@code IPAllowed}. */
class CidrFilterTest {

    private static byte[] ip(String literal) throws Exception {
        return InetAddress.getByName(literal).getAddress();
    }

    private static byte[] mapped(int a, int b, int c, int d) {
        return new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void parse_empty_allowsEverything() throws Exception {
        CidrFilter f = CidrFilter.parse(List.of());
        assertThat(f.allowsAll()).isTrue();
        assertThat(f.allows(ip("8.8.8.8"))).isTrue();
        assertThat(f.allows(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void allows_ipv4Blocks_matchesByPrefix() throws Exception {
        CidrFilter f = CidrFilter.parse(List.of("10.0.0.0/8", "192.168.1.0/24", "172.16.0.0/12"));
        assertThat(f.allowsAll()).isFalse();
        assertThat(f.allows(ip("10.255.1.2"))).isTrue();
        assertThat(f.allows(ip("192.168.1.77"))).isTrue();
        assertThat(f.allows(ip("192.168.2.1"))).isFalse();
        assertThat(f.allows(ip("172.31.255.255"))).isTrue();
        assertThat(f.allows(ip("172.32.0.0"))).isFalse();
        assertThat(f.allows(ip("11.0.0.1"))).isFalse();
    }

    @Test
    void allows_ipv4MappedIpv6_matchesAsIpv4() {
        CidrFilter f = CidrFilter.parse(List.of("10.0.0.0/8"));
        assertThat(f.allows(mapped(10, 1, 2, 3))).isTrue();
        assertThat(f.allows(mapped(11, 1, 2, 3))).isFalse();
    }

    @Test
    void allows_ipv6Block_matchesIpv6Only() throws Exception {
        CidrFilter f = CidrFilter.parse(List.of("fd00::/8"));
        assertThat(f.allows(ip("fd12:3456::1"))).isTrue();
        assertThat(f.allows(ip("fe80::1"))).isFalse();
        assertThat(f.allows(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void allows_zeroPrefix_matchesWholeFamily() throws Exception {
        CidrFilter f = CidrFilter.parse(List.of("0.0.0.0/0"));
        assertThat(f.allows(ip("203.0.113.9"))).isTrue();
        assertThat(f.allows(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void allows_hostPrefix_matchesOneAddress() throws Exception {
        CidrFilter f = CidrFilter.parse(List.of("10.0.0.5/32"));
        assertThat(f.allows(ip("10.0.0.5"))).isTrue();
        assertThat(f.allows(ip("10.0.0.4"))).isFalse();
    }

    @Test
    void parse_surroundingSpaces_areTrimmed() throws Exception {
        assertThat(CidrFilter.parse(List.of(" 10.0.0.0/8 ")).allows(ip("10.1.1.1"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "example.com/8", "fd00::/129", "/8"})
    void parse_invalidBlock_throwsNamingIt(String cidr) {
        assertThatThrownBy(() -> CidrFilter.parse(List.of(cidr)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cidr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10/8", "10.1/16", "10.0.1/24", "1.2.3.256/32", "cafe/8", "10.0.0.0.0/8"})
    void parse_notAnIpLiteral_throwsLikeGoParseCidr(String cidr) {
        // Go's net.ParseCIDR accepts only full dotted-quad IPv4 or RFC 4291 IPv6 literals; InetAddress also
        // accepts BSD short forms ("10" = 0.0.0.10) and would try a DNS lookup for hex-only names ("cafe").
        assertThatThrownBy(() -> CidrFilter.parse(List.of(cidr)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cidr);
    }
}
