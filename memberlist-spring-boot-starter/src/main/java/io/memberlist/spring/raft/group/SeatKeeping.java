package io.memberlist.spring.raft.group;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.Stream;

/**
 * Decides which voter seat to give to whom; the leader alone acts on it, through a raft configuration
 * change. No clock and no I/O: the caller passes the time, so the rules are table-tested.
 *
 * <p>A voter missing from memberlist's members (dead or left) for longer than the grace is replaced by the
 * first raft member by name that does not vote. One seat changes at a time: raft commits one configuration
 * change before the next.
 */
final class SeatKeeping {
    private final Duration grace;
    /** Voter name → when (nanos) it was first seen missing from the alive members. */
    private final Map<String, Long> missingSince = new HashMap<>();

    SeatKeeping(Duration grace) {
        this.grace = grace;
    }

    /** A seat change: {@code out} leaves the voters, {@code in} takes its seat. */
    record Replacement(String out, String in, String reason) {
    }

    /**
     * @param voters the current voters (raft peer ids, i.e. node names)
     * @param alive  node names of the alive members that advertise a raft address, sorted
     * @param now    monotonic time in nanos
     */
    Optional<Replacement> decide(Collection<String> voters, SortedSet<String> alive, long now) {
        missingSince.keySet().retainAll(voters);
        missingSince.keySet().removeAll(alive);
        Replacement replacement = null;
        for (String voter : voters.stream().sorted().toList()) {
            if (alive.contains(voter)) {
                continue;
            }
            long since = missingSince.computeIfAbsent(voter, v -> now);
            Duration missing = Duration.ofNanos(now - since);
            if (replacement == null && missing.compareTo(grace) > 0) {
                Optional<String> in = successor(voters, alive);
                if (in.isPresent()) {
                    replacement = new Replacement(voter, in.get(), "voter " + voter + " has been dead or left for "
                            + missing.toMillis() + " ms, longer than memberlist.raft.dead-voter-grace (" + grace + ")");
                }
            }
        }
        return Optional.ofNullable(replacement);
    }

    /** The raft member that takes a free seat: the first alive one by name that does not vote already. */
    static Optional<String> successor(Collection<String> voters, SortedSet<String> alive) {
        return alive.stream().filter(n -> !voters.contains(n)).findFirst();
    }

    /** The voters after {@code out} gives its seat to {@code in}, in name order. */
    static List<String> after(Collection<String> voters, String out, String in) {
        return Stream.concat(voters.stream().filter(v -> !v.equals(out)), Stream.of(in)).distinct().sorted().toList();
    }
}
