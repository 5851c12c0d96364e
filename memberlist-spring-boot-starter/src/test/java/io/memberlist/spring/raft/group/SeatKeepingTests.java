package io.memberlist.spring.raft.group;

import io.memberlist.spring.raft.group.SeatKeeping.Replacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class SeatKeepingTests {
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final long SECOND = 1_000_000_000L;

    private static SortedSet<String> names(String s) {
        return s.isBlank() ? new TreeSet<>() : new TreeSet<>(Arrays.asList(s.trim().split(" ")));
    }

    @ParameterizedTest(name = "voters [{0}], alive [{1}], missing {2}s -> {3}")
    @CsvSource(delimiter = '|', value = {
            // voters | alive raft members | seconds since the missing voters were first seen missing | replacement
            "a b c    | a b c d            | 31 | none",     // nobody missing
            "a b c    | a c d              | 30 | none",     // missing exactly the grace: not longer
            "a b c    | a c d              | 31 | b>d",
            "a b c    | a c d e            | 31 | b>d",      // the first non-voter by name
            "a b c    | a c                | 31 | none",     // nobody to take the seat: keep it
            "a b c    | a d e              | 31 | b>d",      // two missing: one change at a time, first by name
            "a b c    | c e d              | 31 | a>d"})
    void replacesAVoterMissingLongerThanTheGraceByTheFirstNonVoter(String voters, String alive, long seconds,
                                                                    String expected) {
        SeatKeeping keeping = new SeatKeeping(GRACE);
        List<String> v = List.copyOf(names(voters));
        keeping.decide(v, names(alive), 0);

        Optional<Replacement> r = keeping.decide(v, names(alive), seconds * SECOND);

        assertThat(r.map(x -> x.out() + ">" + x.in()).orElse("none")).isEqualTo(expected);
    }

    @Test
    void aVoterThatComesBackBeforeTheGraceStartsItsClockAgain() {
        SeatKeeping keeping = new SeatKeeping(GRACE);
        List<String> voters = List.of("a", "b", "c");
        keeping.decide(voters, names("a c d"), 0);
        keeping.decide(voters, names("a b c d"), 20 * SECOND);   // b is back

        assertThat(keeping.decide(voters, names("a c d"), 40 * SECOND)).isEmpty(); // missing again since 40 s
        assertThat(keeping.decide(voters, names("a c d"), 71 * SECOND)).map(Replacement::out).hasValue("b");
    }

    @Test
    void theReasonNamesTheVoterAndTheSetting() {
        SeatKeeping keeping = new SeatKeeping(GRACE);
        keeping.decide(List.of("a", "b", "c"), names("a c d"), 0);

        assertThat(keeping.decide(List.of("a", "b", "c"), names("a c d"), 31 * SECOND)).hasValueSatisfying(r ->
                assertThat(r.reason()).contains("voter b", "memberlist.raft.dead-voter-grace"));
    }

    @Test
    void theVotersAfterAChangeAreSortedWithoutTheLeaver() {
        assertThat(SeatKeeping.after(List.of("a", "b", "c"), "a", "d")).containsExactly("b", "c", "d");
    }
}
