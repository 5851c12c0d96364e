package io.memberlist.spring.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a member advertises about its service in its node meta, and the compact encoding that must fit
 * memberlist's 512 bytes.
 *
 * <p>Encoding (version 1): the byte {@code 0xA1}, then fields as {@code tag, [key], value}: a one-byte tag
 * names a well-known field (1 service id, 2 host, 3 port, 4 scheme, 5 zone, 6 status) or is 0 for a user
 * entry followed by its key; keys and values are a varint length and UTF-8 bytes. Unknown tags are
 * skipped, so fields may be added. Meta in any other format (a Go node, another application) decodes to
 * nothing: such a member is a cluster member but not a service instance.
 *
 * @param serviceId lower-case service id
 * @param host      host name or IP clients should call
 * @param port      service port; 0 before the web server started
 * @param secure    whether clients must use https
 * @param zone      zone for zone-preference load balancing, or null
 * @param status    UP, DOWN, OUT_OF_SERVICE, STARTING or UNKNOWN
 * @param metadata  user metadata
 */
public record InstanceMeta(String serviceId, String host, int port, boolean secure, String zone, String status,
                           Map<String, String> metadata) {
    /** Marks our encoding, version 1. */
    static final int MAGIC = 0xA1;
    private static final int SERVICE_ID = 1;
    private static final int HOST = 2;
    private static final int PORT = 3;
    private static final int SCHEME = 4;
    private static final int ZONE = 5;
    private static final int STATUS = 6;

    public InstanceMeta {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(status, "status");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }

    /** The same instance with another status. */
    public InstanceMeta withStatus(String newStatus) {
        return new InstanceMeta(serviceId, host, port, secure, zone, newStatus, metadata);
    }

    /** The same instance on another port. */
    public InstanceMeta withPort(int newPort) {
        return new InstanceMeta(serviceId, host, newPort, secure, zone, status, metadata);
    }

    /** The same instance with {@code entries} added to (or replacing entries of) its user metadata. */
    public InstanceMeta withMetadata(Map<String, String> entries) {
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        merged.putAll(entries);
        return new InstanceMeta(serviceId, host, port, secure, zone, status, merged);
    }

    /** The compact encoding; may exceed 512 bytes, which the caller must check. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(MAGIC);
        field(out, SERVICE_ID, serviceId);
        field(out, HOST, host);
        if (port > 0) {
            field(out, PORT, Integer.toString(port));
        }
        if (secure) {
            field(out, SCHEME, "https");
        }
        field(out, ZONE, zone);
        field(out, STATUS, status);
        metadata.forEach((k, v) -> {
            out.write(0);
            string(out, k);
            string(out, v == null ? "" : v);
        });
        return out.toByteArray();
    }

    /** Decodes meta written by {@link #encode()}; empty for meta in any other format. */
    public static Optional<InstanceMeta> decode(byte[] meta) {
        if (meta == null || meta.length == 0 || (meta[0] & 0xFF) != MAGIC) {
            return Optional.empty();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(meta, 1, meta.length - 1);
            String serviceId = null;
            String host = null;
            String zone = null;
            String status = "UP";
            int port = 0;
            boolean secure = false;
            Map<String, String> metadata = new LinkedHashMap<>();
            while (in.hasRemaining()) {
                int tag = in.get() & 0xFF;
                if (tag == 0) {
                    String key = string(in);
                    metadata.put(key, string(in));
                    continue;
                }
                String value = string(in);
                switch (tag) {
                    case SERVICE_ID -> serviceId = value;
                    case HOST -> host = value;
                    case PORT -> port = Integer.parseInt(value);
                    case SCHEME -> secure = "https".equals(value);
                    case ZONE -> zone = value;
                    case STATUS -> status = value;
                    default -> { } // a field from a newer version: skip
                }
            }
            return serviceId == null ? Optional.empty()
                    : Optional.of(new InstanceMeta(serviceId, host, port, secure, zone, status, metadata));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void field(ByteArrayOutputStream out, int tag, String value) {
        if (value != null) {
            out.write(tag);
            string(out, value);
        }
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        while (n >= 0x80) {
            out.write((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.write(n);
        out.write(b, 0, b.length);
    }

    private static String string(ByteBuffer in) {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.get() & 0xFF;
            n |= (b & 0x7F) << shift;
            if (b < 0x80) {
                break;
            }
            if (shift > 14) {
                throw new IllegalArgumentException("length too long");
            }
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
