package io.memberlist.spring.actuate;

import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.spring.event.MembershipEventBridge;

import java.util.EnumMap;
import java.util.Map;

/** How many members this node sees in each state; dead and left ones only while remembered. */
final class MemberCounts {
    private MemberCounts() {
    }

    static Map<NodeState, Integer> of(Memberlist memberlist, MembershipEventBridge events) {
        Map<NodeState, Integer> counts = new EnumMap<>(NodeState.class);
        for (NodeState s : NodeState.values()) {
            counts.put(s, 0);
        }
        for (Node n : memberlist.members()) {
            counts.merge(n.state(), 1, Integer::sum);
        }
        for (MembershipEventBridge.Departed d : events.departed()) {
            counts.merge(d.node().state(), 1, Integer::sum);
        }
        return counts;
    }
}
