package io.memberlist.spring.raft.group;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.time.Duration;

/**
 * Settings of the raft group ({@code memberlist.raft.*}). Kept apart from {@code MemberlistProperties}: they
 * configure Ratis, not the gossip engine, and are bound only when the raft group is enabled.
 *
 * <p>Validates itself while binding, so a bad value stops startup under its own kebab-case name.
 */
@ConfigurationProperties(RaftGroupProperties.PREFIX)
public class RaftGroupProperties implements Validator {
    public static final String PREFIX = "memberlist.raft";

    /** Run a raft group among the members that enable it. Needs ratis-server and ratis-grpc on the classpath. */
    private boolean enabled;
    /**
     * How many members vote: 3 tolerates one failure, 5 two. 1 runs a single-node group for development.
     * Must be odd: an even count tolerates no more failures than the odd count below it.
     */
    private int voters = 3;
    /**
     * Port of the raft (Ratis gRPC) server. 0 picks a free port on the first start and remembers it in the
     * storage directory, because the group's stored configuration names each voter's address.
     */
    private int port;
    /** Address other members reach the raft server at; default: the memberlist advertise address. */
    private String advertiseAddress;
    /**
     * Where the raft log, snapshots and the group's configuration are kept; default
     * {@code ./memberlist-raft/<node-name>} under the working directory (not java.io.tmpdir, which the OS
     * may clean: a voter that forgets what it voted for breaks raft's guarantees).
     */
    private String storageDir;
    /** How long a voter may be dead or left in memberlist before the leader gives its seat to another member. */
    private Duration deadVoterGrace = Duration.ofSeconds(30);
    /**
     * Shortest election timeout: a follower that hears no leader for a random time between the minimum and
     * maximum starts an election. Leaders send heartbeats at half the minimum.
     */
    private Duration electionTimeoutMin = Duration.ofSeconds(1);
    /** Longest election timeout. */
    private Duration electionTimeoutMax = Duration.ofSeconds(2);
    /** How long a raft request (a write, a configuration change) may take before it fails. */
    private Duration requestTimeout = Duration.ofSeconds(3);

    @Override
    public boolean supports(Class<?> type) {
        return RaftGroupProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        RaftGroupProperties p = (RaftGroupProperties) target;
        if (!p.enabled) {
            return;
        }
        if (p.voters < 1 || p.voters % 2 == 0) {
            errors.rejectValue("voters", "memberlist.raft.invalid", "must be odd and at least 1 (" + p.voters
                    + "): 3 tolerates one failed voter, 5 two; 1 is for a single-node development run");
        }
        if (p.port < 0 || p.port > 65_535) {
            errors.rejectValue("port", "memberlist.raft.invalid", "must be between 0 and 65535 (0 picks a free"
                    + " port once and remembers it in memberlist.raft.storage-dir)");
        }
        if (p.storageDir != null && p.storageDir.isBlank()) {
            errors.rejectValue("storage-dir", "memberlist.raft.invalid",
                    "must not be blank: leave it unset for ./memberlist-raft/<node-name>, or name a directory");
        }
        positive(errors, "dead-voter-grace", p.deadVoterGrace, "30s");
        positive(errors, "election-timeout-min", p.electionTimeoutMin, "1s");
        positive(errors, "election-timeout-max", p.electionTimeoutMax, "2s");
        positive(errors, "request-timeout", p.requestTimeout, "3s");
        if (isPositive(p.electionTimeoutMin) && isPositive(p.electionTimeoutMax)
                && p.electionTimeoutMax.compareTo(p.electionTimeoutMin) <= 0) {
            errors.rejectValue("election-timeout-max", "memberlist.raft.invalid", "memberlist.raft.election-timeout-max ("
                    + p.electionTimeoutMax + ") must be longer than memberlist.raft.election-timeout-min ("
                    + p.electionTimeoutMin + "): the random spread between them keeps two followers from"
                    + " starting elections at once, e.g. 1s and 2s");
        }
    }

    private static void positive(Errors errors, String property, Duration d, String example) {
        if (!isPositive(d)) {
            errors.rejectValue(property, "memberlist.raft.positive", "must be a positive duration, e.g. " + example);
        }
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getVoters() {
        return voters;
    }

    public void setVoters(int voters) {
        this.voters = voters;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getAdvertiseAddress() {
        return advertiseAddress;
    }

    public void setAdvertiseAddress(String advertiseAddress) {
        this.advertiseAddress = advertiseAddress;
    }

    public String getStorageDir() {
        return storageDir;
    }

    public void setStorageDir(String storageDir) {
        this.storageDir = storageDir;
    }

    public Duration getDeadVoterGrace() {
        return deadVoterGrace;
    }

    public void setDeadVoterGrace(Duration deadVoterGrace) {
        this.deadVoterGrace = deadVoterGrace;
    }

    public Duration getElectionTimeoutMin() {
        return electionTimeoutMin;
    }

    public void setElectionTimeoutMin(Duration electionTimeoutMin) {
        this.electionTimeoutMin = electionTimeoutMin;
    }

    public Duration getElectionTimeoutMax() {
        return electionTimeoutMax;
    }

    public void setElectionTimeoutMax(Duration electionTimeoutMax) {
        this.electionTimeoutMax = electionTimeoutMax;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }
}
