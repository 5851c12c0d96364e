package io.memberlist.sim.checkers;

import io.memberlist.MembershipEvent;
import io.memberlist.Node;
import io.memberlist.sim.SimNode;
import io.memberlist.wire.Address;

import java.util.HashMap;
import java.util.Map;

/**
 * No node comes back from dead or left without a higher incarnation than it died at, in any observer's
 * view. Exempt: a new address taking over a left (or reclaimable) name, and a record old enough to have
 * been reaped ({@code gossipToTheDeadTime}), which the observer has legitimately forgotten.
 */
public final class NoResurrection extends InvariantChecker {
    private record Death(long incarnation, Address address, long atNanos) {
    }

    private final Map<String, Death> deaths = new HashMap<>();
    private final long forgetAfterNanos;

    public NoResurrection(long gossipToTheDeadNanos) {
        this.forgetAfterNanos = gossipToTheDeadNanos;
    }

    @Override
    public String name() {
        return "NoResurrection";
    }

    @Override
    public void onNotify(long nowNanos, SimNode at, MembershipEvent event) {
        if (event instanceof MembershipEvent.Left left) {
            Node n = left.node();
            deaths.put(key(at, n), new Death(n.incarnation(), n.address(), nowNanos));
        } else if (event instanceof MembershipEvent.Joined joined) {
            Node n = joined.node();
            Death death = deaths.remove(key(at, n));
            if (death != null && n.incarnation() <= death.incarnation() && n.address().equals(death.address())
                    && nowNanos - death.atNanos() <= forgetAfterNanos) {
                violation(nowNanos, at.name() + " saw " + n.name() + " return at incarnation " + n.incarnation()
                        + " after it died at " + death.incarnation());
            }
        }
    }

    @Override
    public void onStart(long nowNanos, SimNode node) {
        deaths.keySet().removeIf(k -> k.startsWith(node.name() + "\u0000"));
    }

    private static String key(SimNode at, Node about) {
        return at.name() + "\u0000" + about.name();
    }
}
