package io.memberlist.runtime;

import io.memberlist.wire.Address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns join seeds into addresses: {@code host:port}, {@code host} (the default port), {@code [v6]:port},
 * and Go's {@code name/host:port} form (the name is ignored). A host name may resolve to several
 * addresses (a Kubernetes headless service, say); each becomes a seed.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The resolved addresses, in order, without repeats; failures are collected into {@code errors}. */
    public static List<Address> resolve(List<String> seeds, int defaultPort, List<String> errors) {
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
                    out.add(Address.of(ip, port));
                }
            } catch (UnknownHostException e) {
                errors.add("'" + raw + "': cannot resolve " + host);
            }
        }
        return new ArrayList<>(out);
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
