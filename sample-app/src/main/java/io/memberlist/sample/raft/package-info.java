/**
 * The sample's raft group on top of gossip: a replicated counter at {@code /counter} and a leader-only
 * scheduled job whose view is at {@code /leader}. Present when {@code memberlist.raft.enabled} is true (it is in
 * the sample's application.yml) and the node runs memberlist with its service registry.
 */
package io.memberlist.sample.raft;
