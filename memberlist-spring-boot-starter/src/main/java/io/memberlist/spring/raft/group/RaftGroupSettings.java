package io.memberlist.spring.raft.group;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a {@link RaftGroupNode} needs, resolved: the Spring properties with their defaults filled in.
 *
 * @param cluster          what the group id is derived from (the memberlist label, else the application name)
 * @param voters           how many members vote
 * @param host             the address other members reach this raft server at
 * @param bindHost         the local address the raft server listens on (memberlist's bind address), or null
 *                         for every interface
 * @param port             the raft server's port (never 0 here)
 * @param storageDir       this node's raft storage
 * @param deadVoterGrace   how long a voter may be dead or left before it is replaced
 * @param settle           how long the chosen voters must stay the same before this node bootstraps
 * @param tick             how often membership and the raft role are looked at
 * @param electionTimeoutMin shortest election timeout
 * @param electionTimeoutMax longest election timeout
 * @param requestTimeout   how long a raft request may take
 */
public record RaftGroupSettings(String cluster, int voters, String host, String bindHost, int port, Path storageDir,
                                Duration deadVoterGrace, Duration settle, Duration tick,
                                Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout) {
}
