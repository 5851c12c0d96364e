package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.builtin.LockReply.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade's own logic (no group here): retry timing, argument checks, and the replies it decodes. */
class RaftLockTest {

    @ParameterizedTest(name = "attempt {0}, holder until {1}, now {2} -> {3} ms")
    @CsvSource({
            "0, 0, 1000, 25",          // unknown holder end: backoff only
            "1, 0, 1000, 50",
            "3, 0, 1000, 200",
            "6, 0, 1000, 1000",        // capped at RETRY_DELAY_MAX
            "40, 0, 1000, 1000",       // no overflow for a long wait
            "6, 1300, 1000, 301",      // the holder's lease ends sooner than the backoff
            "6, 900, 1000, 1",         // already ended by our clock: retry at once
            "0, 5000, 1000, 25",       // the backoff is sooner than the lease end
    })
    void retryDelay_backsOffExponentially_butNoLaterThanTheHoldersLeaseEnd(int attempt, long holderEnd, long now,
                                                                         long expectedMillis) {
        assertThat(RaftLock.retryDelay(attempt, holderEnd, now)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void constructor_refusesALeaseOutsideWhatTheMachineAccepts() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        UncalledRaftOperations raft = new UncalledRaftOperations();
        try {
            assertThatThrownBy(() -> new RaftLock(raft, "job", "n1", Duration.ofMillis(99), scheduler))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
            assertThatThrownBy(() -> new RaftLock(raft, "job", "n1", Duration.ofHours(2), scheduler))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
            assertThatThrownBy(() -> new RaftLock(raft, "job", "", Duration.ofSeconds(1), scheduler))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
            RaftLock lock = new RaftLock(raft, "job", "n1", Duration.ofSeconds(1), scheduler);
            assertThat(lock.isHeld()).isFalse();
            assertThatThrownBy(lock::fencingToken).isInstanceOf(IllegalStateException.class);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void reply_roundTrips_everyOutcome() {
        for (Outcome outcome : Outcome.values()) {
            LockCodec.Lease lease = new LockCodec.Lease("n1", 42, 1_500);
            assertThat(LockCodec.decodeReply(LockCodec.reply(outcome, lease)))
                    .isEqualTo(new LockReply(outcome, "n1", 42, 1_500));
        }
        assertThat(LockCodec.decodeReply(LockCodec.reply(Outcome.FREE, null)))
                .isEqualTo(new LockReply(Outcome.FREE, null, 0, 0));
    }

    @Test
    void reply_withAnUnknownOutcome_isMalformed() {
        byte[] reply = new WireWriter(WireWriter.STATUS_OK).integer(99).str("").integer(0).integer(0).toByteArray();
        assertThatThrownBy(() -> LockCodec.decodeReply(reply))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("unknown lock outcome 99");
    }
}
