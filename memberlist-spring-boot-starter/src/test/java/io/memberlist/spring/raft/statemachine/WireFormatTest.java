package io.memberlist.spring.raft.statemachine;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The versioned entry and message format. */
class WireFormatTest {

    @Test
    void aLogEntryKeepsMachineTimeAndPayload() {
        byte[] bytes = WireFormat.logEntry(new WireFormat.LogEntry(1234L, "reg", new byte[] {1, 2}));
        assertThat(bytes[0]).as("version first").isEqualTo(WireFormat.VERSION);
        WireFormat.LogEntry entry = WireFormat.readLogEntry(bytes);
        assertThat(entry.timeMillis()).isEqualTo(1234L);
        assertThat(entry.machine()).isEqualTo("reg");
        assertThat(entry.payload()).containsExactly(1, 2);
    }

    @Test
    void anotherVersionIsRefusedSayingWhichItIs() {
        byte[] bytes = WireFormat.logEntry(new WireFormat.LogEntry(1, "reg", new byte[0]));
        bytes[0] = 9;
        assertThatThrownBy(() -> WireFormat.readLogEntry(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log entry has format version 9, this server reads version 1");
    }

    @Test
    void truncatedOrOverlongInputIsRefused() {
        byte[] bytes = WireFormat.call(WireFormat.QUERY, "reg", new byte[] {1, 2, 3});
        assertThatThrownBy(() -> WireFormat.readRequest(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireFormat.readRequest(java.util.Arrays.copyOf(bytes, bytes.length + 1)))
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> WireFormat.readRequest(new byte[0])).hasMessageContaining("empty request");
    }

    @Test
    void aPollAndItsAnswerRoundTrip() {
        var filter = new NotificationFilter("reg", "changed", null);
        var poll = (WireFormat.Poll) WireFormat.readRequest(
                WireFormat.poll(new WireFormat.Poll(filter, new Position(7, 2), 500)));
        assertThat(poll.filter()).isEqualTo(filter);
        assertThat(poll.after()).isEqualTo(new Position(7, 2));
        assertThat(poll.waitMillis()).isEqualTo(500);

        var n = new BufferedNotification("reg", "changed", "k", new byte[] {5}, new Position(8, 0));
        var answer = WireFormat.readPollAnswer(WireFormat.pollAnswer(new WireFormat.PollAnswer(WireFormat.OK, true,
                new Position(3, 0), new Position(8, 0), List.of(n), null)));
        assertThat(answer.gap()).isTrue();
        assertThat(answer.notifications()).singleElement().satisfies(got -> {
            assertThat(got.key()).isEqualTo("k");
            assertThat(got.position()).isEqualTo(new Position(8, 0));
        });
    }
}
