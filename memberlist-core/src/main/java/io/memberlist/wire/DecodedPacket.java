package io.memberlist.wire;

import java.util.List;

/**
 * What one incoming packet held once its framings were undone: the messages in wire order, and counts of
 * what was skipped, as Go skips it (logged, not fatal): parts of unknown type, compound parts cut off by
 * the end of the packet, and compound parts that failed to decode.
 */
public record DecodedPacket(List<Message> messages, int unknownMessages, int truncatedParts, int malformedParts) {
    public DecodedPacket {
        messages = List.copyOf(messages);
    }

    /** Whether nothing was skipped. */
    public boolean isClean() {
        return unknownMessages == 0 && truncatedParts == 0 && malformedParts == 0;
    }
}
