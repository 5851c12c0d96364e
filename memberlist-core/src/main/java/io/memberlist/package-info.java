/**
 * The public face of memberlist for the JVM: {@link io.memberlist.Config} with HashiCorp's profiles,
 * {@link io.memberlist.Node} snapshots, {@link io.memberlist.NodeState} and the
 * {@link io.memberlist.MembershipEvent}s the protocol produces.
 *
 * <p>Glossary (after swift-cluster-membership's handbook): the <em>machine</em>
 * ({@code protocol.SwimMachine}) is the pure protocol state; the <em>driver</em> feeds it inputs with the
 * current time and executes the <em>effects</em> it returns; a <em>deadline</em> is a timer kept as data.
 */
package io.memberlist;
