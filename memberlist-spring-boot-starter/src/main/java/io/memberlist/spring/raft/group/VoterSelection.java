package io.memberlist.spring.raft.group;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Which members vote, computed by every node alone from the same gossiped facts, so no coordination is
 * needed: the first {@code voters} raft members by node name. Names are unique in a memberlist cluster and
 * compare the same everywhere ({@link String#compareTo}, not a locale's collation).
 */
public final class VoterSelection {
    /** Prefix of the name the group id is derived from; changing it would orphan every stored group. */
    static final String GROUP_NAME_PREFIX = "memberlist-raft:";

    private VoterSelection() {
    }

    /** A member that runs a raft server: its node name (the raft peer id) and its raft address. */
    public record RaftMember(String name, String address) {
    }

    /** The first {@code voters} of {@code members} by name; fewer when there are fewer members. */
    public static List<RaftMember> choose(List<RaftMember> members, int voters) {
        return members.stream().sorted(Comparator.comparing(RaftMember::name)).distinct().limit(voters).toList();
    }

    /**
     * The raft group's id: a name-based (type 3) UUID of {@code cluster} (the memberlist label, else the
     * application name), so every node of one cluster derives the same id and two clusters sharing a network
     * (told apart by their label) never mix their groups.
     */
    public static UUID groupId(String cluster) {
        return UUID.nameUUIDFromBytes((GROUP_NAME_PREFIX + cluster).getBytes(StandardCharsets.UTF_8));
    }
}
