package io.memberlist.protocol;

import io.memberlist.NodeState;
import io.memberlist.protocol.Precedence.Claim;
import io.memberlist.protocol.Precedence.Facts;
import io.memberlist.protocol.Precedence.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static io.memberlist.NodeState.ALIVE;
import static io.memberlist.NodeState.DEAD;
import static io.memberlist.NodeState.LEFT;
import static io.memberlist.NodeState.SUSPECT;
import static io.memberlist.protocol.Precedence.Verdict.APPLY;
import static io.memberlist.protocol.Precedence.Verdict.CONFIRM;
import static io.memberlist.protocol.Precedence.Verdict.CONFLICT;
import static io.memberlist.protocol.Precedence.Verdict.IGNORE;
import static io.memberlist.protocol.Precedence.Verdict.REFUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every branch of {@link Precedence#decide}, with the expected verdicts derived from
 * memberlist-protocol.md §6.4 (not from the code). The current record is at incarnation 5; "lower",
 * "equal" and "higher" claims are at 4, 5 and 6.
 */
class PrecedenceTest {
    private static final long CUR = 5;
    private static final long LOWER = 4;
    private static final long EQUAL = 5;
    private static final long HIGHER = 6;

    /** Facts from flag names: self, bootstrap, leaving, moved (address changed), reclaimable, same, timer. */
    private static Facts f(String flags) {
        Set<String> s = flags.isEmpty() ? Set.of() : Set.of(flags.split(","));
        return new Facts(s.contains("self"), s.contains("bootstrap"), s.contains("leaving"), s.contains("moved"),
                s.contains("reclaimable"), s.contains("same"), s.contains("timer"));
    }

    private static Arguments row(Claim claim, long incoming, NodeState current, String flags, Verdict expected,
                                 String why) {
        return arguments(claim, incoming, current, flags, expected, why);
    }

    static Stream<Arguments> alive() {
        return Stream.of(
                row(Claim.ALIVE, 1, null, "", APPLY, "unknown node: created dead at 0, so inc 1 wins"),
                row(Claim.ALIVE, 0, null, "", IGNORE, "unknown node at inc 0 is no newer than the dead-at-0 entry"),
                row(Claim.ALIVE, LOWER, ALIVE, "", IGNORE, "other node needs inc > current"),
                row(Claim.ALIVE, EQUAL, ALIVE, "", IGNORE, "other node needs inc > current"),
                row(Claim.ALIVE, HIGHER, ALIVE, "", APPLY, "newer alive"),
                row(Claim.ALIVE, LOWER, SUSPECT, "", IGNORE, "stale alive does not clear a suspicion"),
                row(Claim.ALIVE, EQUAL, SUSPECT, "", IGNORE, "refutation needs a higher incarnation"),
                row(Claim.ALIVE, HIGHER, SUSPECT, "", APPLY, "refutation of a suspicion"),
                row(Claim.ALIVE, LOWER, DEAD, "", IGNORE, "stale alive vs newer dead is dropped (#311)"),
                row(Claim.ALIVE, EQUAL, DEAD, "", IGNORE, "equal incarnation does not resurrect"),
                row(Claim.ALIVE, HIGHER, DEAD, "", APPLY, "rejoin after death"),
                row(Claim.ALIVE, LOWER, LEFT, "", IGNORE, "stale"),
                row(Claim.ALIVE, EQUAL, LEFT, "", IGNORE, "equal incarnation does not rejoin"),
                row(Claim.ALIVE, HIGHER, LEFT, "", APPLY, "rejoin after leave"),
                row(Claim.ALIVE, HIGHER, ALIVE, "leaving", APPLY, "our own leave does not stop tracking others"),
                // Address changes
                row(Claim.ALIVE, HIGHER, ALIVE, "moved", CONFLICT, "live node keeps its address"),
                row(Claim.ALIVE, HIGHER, SUSPECT, "moved", CONFLICT, "suspect node keeps its address"),
                row(Claim.ALIVE, HIGHER, ALIVE, "moved,reclaimable", CONFLICT, "reclaim applies to dead nodes only"),
                row(Claim.ALIVE, HIGHER, DEAD, "moved", CONFLICT, "dead node not yet reclaimable"),
                row(Claim.ALIVE, LOWER, DEAD, "moved,reclaimable", APPLY, "reclaimed: any incarnation"),
                row(Claim.ALIVE, HIGHER, DEAD, "moved,reclaimable", APPLY, "reclaimed"),
                row(Claim.ALIVE, LOWER, LEFT, "moved", APPLY, "a left node's name may move: any incarnation"),
                row(Claim.ALIVE, EQUAL, LEFT, "moved", APPLY, "a left node's name may move"),
                row(Claim.ALIVE, HIGHER, ALIVE, "self,moved", CONFLICT, "someone else claims our name"),
                // About ourselves
                row(Claim.ALIVE, LOWER, ALIVE, "self", IGNORE, "about us: inc >= current required"),
                row(Claim.ALIVE, EQUAL, ALIVE, "self,same", IGNORE, "our own alive echoing back"),
                row(Claim.ALIVE, EQUAL, ALIVE, "self", REFUTE, "same incarnation, other meta/vsn: refute"),
                row(Claim.ALIVE, HIGHER, ALIVE, "self", REFUTE, "someone claims us at a newer incarnation"),
                row(Claim.ALIVE, HIGHER, ALIVE, "self,same", REFUTE, "newer incarnation is never an echo"),
                row(Claim.ALIVE, HIGHER, ALIVE, "self,bootstrap", APPLY, "we announce ourselves"),
                row(Claim.ALIVE, EQUAL, ALIVE, "self,bootstrap", APPLY, "bootstrap at inc >= current"),
                row(Claim.ALIVE, LOWER, ALIVE, "self,bootstrap", IGNORE, "bootstrap below current"),
                row(Claim.ALIVE, HIGHER, LEFT, "self,leaving", IGNORE, "alive about us after we left"),
                row(Claim.ALIVE, HIGHER, LEFT, "self,leaving,bootstrap", IGNORE, "no re-join by meta update after leave"),
                row(Claim.ALIVE, HIGHER, ALIVE, "self,leaving", IGNORE, "leaving before the dead was applied"));
    }

    static Stream<Arguments> suspect() {
        return Stream.of(
                row(Claim.SUSPECT, HIGHER, null, "", IGNORE, "unknown node"),
                row(Claim.SUSPECT, LOWER, ALIVE, "", IGNORE, "stale"),
                row(Claim.SUSPECT, EQUAL, ALIVE, "", APPLY, "start suspecting"),
                row(Claim.SUSPECT, HIGHER, ALIVE, "", APPLY, "start suspecting"),
                row(Claim.SUSPECT, EQUAL, SUSPECT, "", IGNORE, "suspect without a timer: not alive"),
                row(Claim.SUSPECT, HIGHER, SUSPECT, "", IGNORE, "suspect without a timer: not alive"),
                row(Claim.SUSPECT, EQUAL, SUSPECT, "timer", CONFIRM, "running timer: a confirmation"),
                row(Claim.SUSPECT, HIGHER, SUSPECT, "timer", CONFIRM, "running timer: a confirmation"),
                row(Claim.SUSPECT, LOWER, SUSPECT, "timer", IGNORE, "stale before any confirmation"),
                row(Claim.SUSPECT, HIGHER, DEAD, "", IGNORE, "not alive"),
                row(Claim.SUSPECT, HIGHER, LEFT, "", IGNORE, "not alive"),
                row(Claim.SUSPECT, LOWER, ALIVE, "self", IGNORE, "stale accusation about us"),
                row(Claim.SUSPECT, EQUAL, ALIVE, "self", REFUTE, "accusation about us"),
                row(Claim.SUSPECT, HIGHER, ALIVE, "self", REFUTE, "accusation about us"),
                row(Claim.SUSPECT, HIGHER, LEFT, "self,leaving", IGNORE, "we left: not alive any more"));
    }

    static Stream<Arguments> dead() {
        return Stream.of(
                row(Claim.DEAD, HIGHER, null, "", IGNORE, "unknown node"),
                row(Claim.DEAD, LOWER, ALIVE, "", IGNORE, "stale"),
                row(Claim.DEAD, EQUAL, ALIVE, "", APPLY, "equal incarnation is enough to kill"),
                row(Claim.DEAD, HIGHER, ALIVE, "", APPLY, "newer"),
                row(Claim.DEAD, LOWER, SUSPECT, "", IGNORE, "stale"),
                row(Claim.DEAD, EQUAL, SUSPECT, "timer", APPLY, "suspicion confirmed elsewhere"),
                row(Claim.DEAD, HIGHER, DEAD, "", IGNORE, "already dead"),
                row(Claim.DEAD, HIGHER, LEFT, "", IGNORE, "already left"),
                row(Claim.DEAD, LOWER, ALIVE, "self", IGNORE, "stale accusation about us"),
                row(Claim.DEAD, EQUAL, ALIVE, "self", REFUTE, "accusation about us"),
                row(Claim.DEAD, HIGHER, ALIVE, "self", REFUTE, "accusation about us"),
                row(Claim.DEAD, EQUAL, ALIVE, "self,leaving", APPLY, "we are leaving: let it stand"),
                row(Claim.LEFT, HIGHER, null, "", IGNORE, "unknown node"),
                row(Claim.LEFT, LOWER, ALIVE, "", IGNORE, "stale"),
                row(Claim.LEFT, EQUAL, ALIVE, "", APPLY, "graceful leave"),
                row(Claim.LEFT, HIGHER, SUSPECT, "", APPLY, "graceful leave of a suspect"),
                row(Claim.LEFT, HIGHER, DEAD, "", IGNORE, "already dead"),
                row(Claim.LEFT, HIGHER, LEFT, "", IGNORE, "already left"),
                row(Claim.LEFT, EQUAL, ALIVE, "self", REFUTE, "a leave we did not send (older run of us)"),
                row(Claim.LEFT, EQUAL, ALIVE, "self,leaving", APPLY, "our own leave"));
    }

    @ParameterizedTest(name = "alive@{1} vs {2}@5 [{3}] -> {4}: {5}")
    @MethodSource("alive")
    void decide_alive_followsProtocolRules(Claim claim, long incoming, NodeState current, String flags,
                                           Verdict expected, String why) {
        assertThat(Precedence.decide(claim, incoming, current, current == null ? 0 : CUR, f(flags))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "suspect@{1} vs {2}@5 [{3}] -> {4}: {5}")
    @MethodSource("suspect")
    void decide_suspect_followsProtocolRules(Claim claim, long incoming, NodeState current, String flags,
                                             Verdict expected, String why) {
        assertThat(Precedence.decide(claim, incoming, current, current == null ? 0 : CUR, f(flags))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}@{1} vs {2}@5 [{3}] -> {4}: {5}")
    @MethodSource("dead")
    void decide_deadOrLeft_followsProtocolRules(Claim claim, long incoming, NodeState current, String flags,
                                                Verdict expected, String why) {
        assertThat(Precedence.decide(claim, incoming, current, current == null ? 0 : CUR, f(flags))).isEqualTo(expected);
    }

    @Test
    void decide_aliveAboutSelf_unknownRecordNotBootstrap_refutes() {
        assertThat(Precedence.decide(Claim.ALIVE, 3, null, 0, f("self"))).isEqualTo(REFUTE);
    }
}
