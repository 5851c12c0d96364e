package io.memberlist.wire;

/**
 * Every size limit the codec enforces, in one place. Input over a limit is rejected with
 * {@link MalformedPacketException.Reason#TOO_LARGE}; output over a limit is refused with
 * {@link IllegalArgumentException}, so we never send what newer Go nodes would reject.
 */
public final class WireLimits {
    /** Most entries a push/pull header may announce; memberlist v0.6.0+ rejects more (§10). */
    public static final int PUSH_PULL_NODES_MAX = 1 << 20;
    /**
     * Most raw bytes after a stream header: push/pull user state (Go's {@code maxPushStateBytes}, v0.6.0+)
     * and reliable user messages (Go master). Also the largest encrypted stream Go accepts.
     */
    public static final int STREAM_PAYLOAD_BYTES_MAX = 20 * 1024 * 1024;
    /**
     * Most bytes one packet or stream may decompress to, summed over nested compress messages;
     * Go master caps decompression at the same size. Stops LZW zip bombs (ratio up to ~1000:1).
     */
    public static final int DECOMPRESSED_BYTES_MAX = 40 * 1024 * 1024;
    /**
     * Deepest nesting of compound/compress framings accepted in one packet. Go senders nest at most
     * compress(compound(message)), i.e. depth 2; the cap only bounds recursion on hostile input.
     */
    public static final int NESTING_DEPTH_MAX = 8;
    /** Largest part of a compound message: the length prefix is a uint16. */
    public static final int COMPOUND_PART_BYTES_MAX = 0xFFFF;
    /** Longest label (bytes, UTF-8): the length prefix is a uint8 (Go's {@code LabelMaxSize}). */
    public static final int LABEL_BYTES_MAX = 255;

    private WireLimits() {
    }
}
