package io.memberlist.spring.raft.group;

import io.memberlist.spring.raft.group.VoterSelection.RaftMember;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VoterSelectionTests {

    @ParameterizedTest(name = "{0} choose {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "c b a d     | 3 | a b c",
            "a           | 3 | a",
            "n2 n10 n1   | 3 | n1 n10 n2",     // String order, the same on every node, not numeric
            "B a C       | 3 | B C a",         // upper case sorts first: code points, no locale collation
            "e d c b a   | 1 | a",
            "e d c b a   | 5 | a b c d e"})
    void theFirstVotersByName(String members, int voters, String expected) {
        List<RaftMember> in = Arrays.stream(members.split(" ")).map(n -> new RaftMember(n, n + ":1")).toList();

        assertThat(VoterSelection.choose(in, voters).stream().map(RaftMember::name).toList())
                .containsExactly(expected.split(" "));
    }

    @Test
    void everyOrderOfTheSameMembersGivesTheSameVoters() {
        List<RaftMember> members = List.of(new RaftMember("x", "1"), new RaftMember("y", "2"),
                new RaftMember("z", "3"), new RaftMember("w", "4"));
        List<RaftMember> reversed = new ArrayList<>(members);
        Collections.reverse(reversed);

        assertThat(VoterSelection.choose(members, 3)).isEqualTo(VoterSelection.choose(reversed, 3))
                .extracting(RaftMember::name).containsExactly("w", "x", "y");
    }

    @Test
    void theGroupIdIsANameBasedUuidOfTheCluster() {
        assertThat(VoterSelection.groupId("orders")).isEqualTo(VoterSelection.groupId("orders"))
                .isNotEqualTo(VoterSelection.groupId("billing"));
        assertThat(VoterSelection.groupId("orders").version()).isEqualTo(3);
    }
}
