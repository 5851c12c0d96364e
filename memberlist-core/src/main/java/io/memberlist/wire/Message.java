package io.memberlist.wire;

/**
 * One memberlist protocol message, as a plain value. The framings (compound, compress, CRC, encrypt,
 * label) are not messages: they wrap encoded messages and live in the codec.
 *
 * <p>Byte-array components are never copied by the records: whoever builds a message hands over the
 * array and must not change it afterwards. Unsigned 32-bit Go fields ({@code SeqNo}, {@code Incarnation})
 * are carried in a {@code long} holding 0..2^32-1.
 */
public sealed interface Message
        permits Ping, IndirectPing, Ack, Nack, Suspect, Alive, Dead, PushPull, UserMessage, ErrorResponse {

    /** The type byte this message is sent with. */
    MessageType type();
}
