package io.memberlist.transport.netty;

import io.memberlist.Config;
import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.transport.Transport;
import io.memberlist.wire.Address;
import io.memberlist.wire.DecodedPacket;
import io.memberlist.wire.Message;
import io.memberlist.wire.UserMessage;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams are read on a loop apart from the node's protocol loop, so that reading megabytes never delays a
 * probe or an ack (12 streams of 19 MiB stalled the protocol loop for 144 ms when it read them itself), and
 * what they deliver still reaches the node on its protocol loop, as {@link Transport.Receiver} promises.
 */
class StreamLoopTest {
    private static final Duration TCP_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void acceptedStream_isReadOffTheProtocolLoop_andDeliveredOnIt() throws Exception {
        Framing framing = Framing.of(Config.lan().name("a").build(), null);
        EventLoop protocolLoop = EventLoops.next();
        CompletableFuture<Boolean> deliveredOnProtocolLoop = new CompletableFuture<>();
        CompletableFuture<EventLoop> readOn = new CompletableFuture<>();
        NettyTransport transport = NettyTransport.bind(protocolLoop, "127.0.0.1", 0, framing, new Traffic(),
                new Transport.Receiver() {
                    @Override
                    public void onPacket(Address from, DecodedPacket packet, int bytes) {
                    }

                    @Override
                    public void onStream(Transport.InboundStream stream, Address from, Message request) {
                        deliveredOnProtocolLoop.complete(protocolLoop.inEventLoop());
                        readOn.complete(((InboundStreamHandler) stream).channel().eventLoop());
                        stream.close();
                    }

                    @Override
                    public void onDropped(Dropped.Reason reason, String detail) {
                    }
                }, TCP_TIMEOUT.toNanos(), Config.DEFAULT_MAX_STREAM_BYTES);
        try (Socket s = new Socket()) {
            s.connect(transport.boundAddress().socketAddress(), 5_000);
            s.getOutputStream().write(framing.encodeStream(new UserMessage(new byte[] {1, 2, 3})));
            assertThat(deliveredOnProtocolLoop.get(TCP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("handed to the node on its protocol loop").isTrue();
            assertThat(readOn.get()).as("the loop that read the stream").isNotSameAs(protocolLoop);
            s.setSoTimeout((int) TCP_TIMEOUT.toMillis());
            assertThat(s.getInputStream().read()).as("closed by the node from its protocol loop").isEqualTo(-1);
        } finally {
            transport.close();
        }
    }
}
