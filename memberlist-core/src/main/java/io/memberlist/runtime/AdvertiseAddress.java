package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.wire.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/**
 * Chooses the address other nodes reach this one at (Go's {@code setAlive}): the configured advertise
 * address; else the bind address; else, bound to every interface, a private IPv4 address of an up
 * interface (falling back to any non-loopback IPv4, then loopback, with a warning).
 */
final class AdvertiseAddress {
    private static final Logger log = LoggerFactory.getLogger(AdvertiseAddress.class);

    private AdvertiseAddress() {
    }

    static Address choose(Config config, Address bound) {
        int port = config.advertisePort() > 0 ? config.advertisePort() : bound.port();
        if (config.advertiseAddress() != null && !config.advertiseAddress().isBlank()) {
            try {
                return Address.of(InetAddress.getByName(config.advertiseAddress()), port);
            } catch (UnknownHostException e) {
                throw new UncheckedIOException("cannot resolve advertise address '" + config.advertiseAddress()
                        + "': set memberlist advertise address to an IP this host is reachable at", e);
            }
        }
        InetAddress ip = bound.inetAddress();
        if (!ip.isAnyLocalAddress()) {
            return Address.of(ip, port);
        }
        return Address.of(interfaceAddress(), port);
    }

    private static InetAddress interfaceAddress() {
        InetAddress fallback = null;
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        return a;
                    }
                    if (a instanceof Inet4Address && fallback == null) {
                        fallback = a;
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("cannot list network interfaces: {}", e.getMessage());
        }
        if (fallback != null) {
            return fallback;
        }
        log.warn("no non-loopback IPv4 address found; advertising 127.0.0.1 (set an advertise address to be"
                + " reachable from other hosts)");
        return InetAddress.getLoopbackAddress();
    }
}
