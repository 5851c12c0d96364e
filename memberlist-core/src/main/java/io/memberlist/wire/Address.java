package io.memberlist.wire;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A node's network address as memberlist carries it on the wire: raw IP bytes (4, or 16 for IPv6 and
 * the IPv4-mapped form Go nodes often advertise) and a port.
 *
 * <p>The byte form is kept verbatim: address-conflict detection compares raw bytes, so a node must
 * re-emit other nodes' addresses exactly as it learned them (memberlist-protocol.md §2.4).
 * Instances are immutable; the array is copied on the way in and never handed out.
 */
public final class Address {
    private final byte[] ip;
    private final int port;
    private final int hash;

    private Address(byte[] ip, int port) {
        this.ip = ip;
        this.port = port;
        this.hash = 31 * Arrays.hashCode(ip) + port;
    }

    /** An address from raw IP bytes (4 or 16 bytes) and a port in 0..65535. */
    public static Address of(byte[] ip, int port) {
        if (ip == null || (ip.length != 4 && ip.length != 16)) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, got "
                    + (ip == null ? "none" : ip.length));
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be within 0..65535, got " + port);
        }
        return new Address(ip.clone(), port);
    }

    /** An address from a resolved {@link InetAddress}; keeps its natural byte form. */
    public static Address of(InetAddress ip, int port) {
        return of(ip.getAddress(), port);
    }

    /** An IPv4 address {@code a.b.c.d}, handy in tests and the simulator. */
    public static Address ipv4(int a, int b, int c, int d, int port) {
        return of(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, port);
    }

    /** A copy of the raw IP bytes, in the form they were learned. */
    public byte[] ip() {
        return ip.clone();
    }

    /** Number of bytes of the IP (4 or 16); cheaper than {@code ip().length}. */
    public int ipLength() {
        return ip.length;
    }

    /** Whether {@code other} carries exactly these IP bytes (no copy). */
    public boolean sameIp(byte[] other) {
        return Arrays.equals(ip, other);
    }

    public int port() {
        return port;
    }

    /** This address with another port, same IP bytes. */
    public Address withPort(int newPort) {
        return newPort == port ? this : of(ip, newPort);
    }

    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: IP length is validated", e);
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(inetAddress(), port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address other && other.port == port && Arrays.equals(other.ip, ip);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        String host = inetAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
