package io.memberlist.spring.actuate;

/**
 * The {@code raft} section of {@code /actuator/memberlist}, contributed as a bean by the raft actuator
 * ({@code io.memberlist.spring.raft.actuate}) when {@code memberlist.raft.enabled=true}. It is an interface here so
 * the endpoint never loads a Ratis class: without such a bean the endpoint's JSON has no {@code raft} key at all.
 */
@FunctionalInterface
public interface MemberlistRaftSection {

    /** What this node knows of the raft group now, as the JSON value of {@code raft}; serialised by Jackson. */
    Object report();
}
