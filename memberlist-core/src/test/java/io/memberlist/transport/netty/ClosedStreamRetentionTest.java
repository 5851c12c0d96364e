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
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection churn must not hold memory: the channel of a stream the node has closed is garbage at once,
 * not kept reachable by a timer until the TCP timeout (which made 117k connect/close cycles grow the heap
 * by 150 MB).
 */
class ClosedStreamRetentionTest {
    /** Far longer than the test: anything a timer kept would still be reachable at the end. */
    private static final Duration TCP_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void closedStreams_becomeGarbageLongBeforeTheTcpTimeout() throws Exception {
        Framing framing = Framing.of(Config.lan().name("a").build(), null);
        List<WeakReference<io.netty.channel.Channel>> served = new CopyOnWriteArrayList<>();
        NettyTransport transport = NettyTransport.bind(EventLoops.next(), "127.0.0.1", 0, framing, new Traffic(),
                new Transport.Receiver() {
                    @Override
                    public void onPacket(Address from, DecodedPacket packet, int bytes) {
                    }

                    @Override
                    public void onStream(Transport.InboundStream stream, Address from, Message request) {
                        served.add(new WeakReference<>(((InboundStreamHandler) stream).channel()));
                        stream.close();
                    }

                    @Override
                    public void onDropped(Dropped.Reason reason, String detail) {
                    }
                }, TCP_TIMEOUT.toNanos(), Config.DEFAULT_MAX_STREAM_BYTES);
        try {
            InetSocketAddress address = transport.boundAddress().socketAddress();
            byte[] request = framing.encodeStream(new UserMessage(new byte[] {1, 2, 3}));
            for (int i = 0; i < 20; i++) {
                try (Socket s = new Socket()) {
                    s.connect(address, 5_000);
                    s.getOutputStream().write(request);
                    s.setSoTimeout(5_000);
                    assertThat(s.getInputStream().read()).as("closed by the node").isEqualTo(-1);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (served.size() < 20 || served.stream().anyMatch(r -> r.get() != null)) {
                assertThat(System.nanoTime() < deadline).as("all 20 closed streams collected; still reachable: %d",
                        served.stream().filter(r -> r.get() != null).count()).isTrue();
                System.gc();
                Thread.sleep(50);
            }
        } finally {
            transport.close();
        }
    }
}
