package io.memberlist.multihost;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Network faults inside a {@link NetnsBed}, made with nftables in each host's own namespace: an input chain
 * that drops packets from cut-off hosts (a partition) or a random share of all packets (loss). Every host
 * drops only what it receives, so loss applies once per hop, as on a lossy link, and a partition needs the rule
 * on both sides.
 */
public final class Faults {
    private static final String TABLE = "inet bed";
    private static final String CHAIN = TABLE + " input";

    private final NetnsBed bed;

    public Faults(NetnsBed bed) {
        this.bed = bed;
        for (int k = 1; k <= bed.hosts(); k++) {
            bed.run(k, "nft", "add table " + TABLE);
            bed.run(k, "nft", "add chain " + CHAIN + " { type filter hook input priority 0; policy accept; }");
        }
    }

    /** Cuts every host of {@code a} off from every host of {@code b}, both ways. */
    public void partition(Collection<Integer> a, Collection<Integer> b) {
        dropFrom(a, b);
        dropFrom(b, a);
    }

    /** Every host drops {@code percent} % of the packets it receives from the bed, at random. */
    public void loss(int percent) {
        for (int k = 1; k <= bed.hosts(); k++) {
            bed.run(k, "nft", "add rule " + CHAIN + " ip saddr " + bed.address(1).replaceAll("\\.1$", ".0/24")
                    + " numgen random mod 100 < " + percent + " drop");
        }
    }

    /** Removes every fault. */
    public void heal() {
        for (int k = 1; k <= bed.hosts(); k++) {
            bed.run(k, "nft", "flush chain " + CHAIN);
        }
    }

    private void dropFrom(Collection<Integer> receivers, Collection<Integer> senders) {
        String set = senders.stream().map(bed::address).collect(Collectors.joining(", ", "{ ", " }"));
        for (int k : receivers) {
            bed.run(k, "nft", "add rule " + CHAIN + " ip saddr " + set + " drop");
        }
    }
}
