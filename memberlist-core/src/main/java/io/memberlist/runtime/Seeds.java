package io.memberlist.runtime;

import io.memberlist.wire.Address;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns join seeds into addresses: {@code host:port}, {@code host} ({@link #DEFAULT_PORT}), {@code [v6]:port},
 * and Go's {@code name/host:port} form (the name is ignored). A host name may resolve to several
 * addresses (a Kubernetes headless service, say); each becomes a seed.
 */
public final class Seeds {
    /**
     * The port of a seed written without one: 7946, the {@code BindPort} of Go's {@code DefaultLANConfig}.
     *
     * <p>Diverges from Go: v0.2.2's {@code resolveAddr} (memberlist.go) appends the joining node's own
     * {@code BindPort} ({@code ensurePort(hostStr, m.config.BindPort)}, util.go). That equals 7946 only with
     * the default port; on a node bound elsewhere, a port-less seed on its own host pointed at the node
     * itself and the join "succeeded" alone. A fixed, documented default does not depend on this node.
     */
    public static final int DEFAULT_PORT = 7946;

    private Seeds() {
    }

    /** The resolved addresses, in order, without repeats; failures are collected into {@code errors}. */
    public static List<Address> resolve(List<String> seeds, int defaultPort, List<String> errors) {
        return resolve(seeds, defaultPort, a -> false, errors);
    }

    /**
     * As {@link #resolve(List, int, List)}, leaving out the addresses {@code self} accepts (this node's own),
     * each reported in {@code errors} as "'seed': address is this node itself".
     */
    public static List<Address> resolve(List<String> seeds, int defaultPort, Predicate<Address> self,
                                        List<String> errors) {
        Set<Address> out = new LinkedHashSet<>();
        for (String raw : seeds) {
            String seed = raw.trim();
            int slash = seed.indexOf('/');
            if (slash >= 0) {
                seed = seed.substring(slash + 1);
            }
            String host = seed;
            int port = defaultPort;
            if (seed.startsWith("[")) {
                int end = seed.indexOf(']');
                if (end < 0) {
                    errors.add("'" + raw + "': unclosed [ in an IPv6 address");
                    continue;
                }
                host = seed.substring(1, end);
                if (seed.length() > end + 1 && seed.charAt(end + 1) == ':') {
                    port = parsePort(seed.substring(end + 2), raw, errors);
                }
            } else if (seed.indexOf(':') >= 0 && seed.indexOf(':') == seed.lastIndexOf(':')) {
                host = seed.substring(0, seed.indexOf(':'));
                port = parsePort(seed.substring(seed.indexOf(':') + 1), raw, errors);
            }
            if (port < 0) {
                continue;
            }
            try {
                for (InetAddress ip : InetAddress.getAllByName(host)) {
                    Address address = Address.of(ip, port);
                    if (self.test(address)) {
                        errors.add("'" + raw + "': " + address + " is this node itself");
                    } else {
                        out.add(address);
                    }
                }
            } catch (UnknownHostException e) {
                errors.add("'" + raw + "': cannot resolve " + host);
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Whether a connection to {@code seed} reaches the node advertising {@code advertised} and listening on
     * {@code bound}: the advertised address itself, or the bound port on the bound IP, or, when bound to
     * every interface, on any IP of this host (loopback included).
     */
    public static boolean isSelf(Address seed, Address advertised, Address bound) {
        if (seed.equals(advertised) || seed.equals(bound)) {
            return true;
        }
        if (seed.port() != bound.port() || !bound.inetAddress().isAnyLocalAddress()) {
            return false;
        }
        InetAddress ip = seed.inetAddress();
        try {
            return ip.isLoopbackAddress() || ip.isAnyLocalAddress() || NetworkInterface.getByInetAddress(ip) != null;
        } catch (SocketException e) {
            return false; // cannot tell: try it, the join will say what happened
        }
    }

    private static int parsePort(String text, String raw, List<String> errors) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add("'" + raw + "': '" + text + "' is not a port");
        return -1;
    }
}
