/**
 * The raft group in the actuator, with {@code memberlist.raft.enabled=true}: the {@code raft} section of
 * {@code /actuator/memberlist}, the {@code memberlistRaft} health indicator and the {@code memberlist.raft.*}
 * meters. Nothing here is loaded when raft is off; the endpoint reaches this package only through
 * {@link io.memberlist.spring.actuate.MemberlistRaftSection}.
 */
package io.memberlist.spring.raft.actuate;
