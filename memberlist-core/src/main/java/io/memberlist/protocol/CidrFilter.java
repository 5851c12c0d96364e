package io.memberlist.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which IP addresses may be members (Go's {@code CIDRsAllowed}). An empty filter allows every address.
 * IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) are matched as the IPv4 address they carry.
 */
public final class CidrFilter {
    private static final CidrFilter ALLOW_ALL = new CidrFilter(List.of());

    private final List<Block> blocks;

    private CidrFilter(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Parses blocks like {@code 10.0.0.0/8} or {@code fd00::/8}; throws with the offending text. */
    public static CidrFilter parse(List<String> cidrs) {
        if (cidrs.isEmpty()) {
            return ALLOW_ALL;
        }
        List<Block> blocks = new ArrayList<>();
        for (String cidr : cidrs) {
            blocks.add(Block.parse(cidr.trim()));
        }
        return new CidrFilter(List.copyOf(blocks));
    }

    public boolean allowsAll() {
        return blocks.isEmpty();
    }

    /** Whether an address given as raw bytes (4 or 16) is inside one of the blocks. */
    public boolean allows(byte[] ip) {
        if (blocks.isEmpty()) {
            return true;
        }
        byte[] normalized = unmapIpv4(ip);
        for (Block b : blocks) {
            if (b.contains(normalized)) {
                return true;
            }
        }
        return false;
    }

    static byte[] unmapIpv4(byte[] ip) {
        if (ip.length != 16) {
            return ip;
        }
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return ip;
            }
        }
        if (ip[10] != (byte) 0xFF || ip[11] != (byte) 0xFF) {
            return ip;
        }
        return new byte[] {ip[12], ip[13], ip[14], ip[15]};
    }

    private record Block(byte[] network, int prefixBits) {
        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block such as 10.0.0.0/8");
            }
            String host = cidr.substring(0, slash);
            String prefix = cidr.substring(slash + 1);
            if (!prefix.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block such as 10.0.0.0/8");
            }
            byte[] ip = unmapIpv4(parseLiteral(host, cidr));
            int bits = Integer.parseInt(prefix);
            if (bits > ip.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix longer than its address");
            }
            return new Block(ip, bits);
        }

        /**
         * An IP literal as Go's {@code net.ParseIP} takes it: a full dotted quad or an IPv6 literal. Never a
         * host name, never a DNS lookup, and none of {@link InetAddress}'s BSD short forms ("10" = 0.0.0.10).
         */
        private static byte[] parseLiteral(String host, String cidr) {
            if (host.indexOf(':') < 0) {
                String[] parts = host.split("\\.", -1);
                if (parts.length != 4) {
                    throw new IllegalArgumentException("'" + cidr + "' does not start with an IP address");
                }
                byte[] ip = new byte[4];
                for (int i = 0; i < 4; i++) {
                    if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
                        throw new IllegalArgumentException("'" + cidr + "' does not start with an IP address");
                    }
                    ip[i] = (byte) Integer.parseInt(parts[i]);
                }
                return ip;
            }
            if (!host.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("'" + cidr + "' does not start with an IP address");
            }
            try {
                // Brackets make InetAddress treat the text as an IPv6 literal only: no name resolution.
                return InetAddress.getByName("[" + host + "]").getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + cidr + "' does not start with an IP address", e);
            }
        }

        boolean contains(byte[] ip) {
            if (ip.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (ip[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (ip[full] & mask) == (network[full] & mask);
        }
    }
}
