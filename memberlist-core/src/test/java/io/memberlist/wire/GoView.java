package io.memberlist.wire;

/**
 * What a message looks like after a trip through Go's encoding: {@code omitempty} drops an empty
 * {@code SourceAddr}, which therefore comes back as nil; an empty push/pull user state comes back nil (Go
 * reads none when {@code UserStateLen} is 0); a nil user payload comes back empty (raw bytes have no nil).
 */
final class GoView {
    private GoView() {
    }

    static Message afterOmitEmpty(Message m) {
        if (m instanceof Ping p && p.sourceAddr() != null && p.sourceAddr().length == 0) {
            return new Ping(p.seqNo(), p.node(), null, p.sourcePort(), p.sourceNode());
        }
        if (m instanceof IndirectPing p && p.sourceAddr() != null && p.sourceAddr().length == 0) {
            return new IndirectPing(p.seqNo(), p.target(), p.port(), p.node(), p.nack(), null, p.sourcePort(),
                    p.sourceNode());
        }
        if (m instanceof PushPull pp && pp.userState() != null && pp.userState().length == 0) {
            return new PushPull(pp.join(), pp.nodes(), null);
        }
        if (m instanceof UserMessage u && u.payload() == null) {
            return new UserMessage(new byte[0]);
        }
        return m;
    }
}
