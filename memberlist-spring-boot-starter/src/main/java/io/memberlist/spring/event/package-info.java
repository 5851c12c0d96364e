/**
 * Membership changes as Spring {@code ApplicationEvent}s: {@link io.memberlist.spring.event.MemberJoinedEvent},
 * {@link io.memberlist.spring.event.MemberLeftEvent} (left or dead), {@link io.memberlist.spring.event.MemberUpdatedEvent},
 * and a coalesced Spring Cloud {@code HeartbeatEvent} whose value is a membership version that changes only
 * when membership really changes.
 *
 * <p>Glossary: <em>membership version</em> counts join, leave and update notifications of this node; a
 * <em>departed</em> member is one that left or was declared dead, remembered for a while so the actuator can
 * show it. Events are published on one dedicated thread, in the order the engine reported them, never on
 * the network thread. Depends on the core only.
 */
package io.memberlist.spring.event;
