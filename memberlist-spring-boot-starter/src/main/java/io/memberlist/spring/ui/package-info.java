/**
 * The live view: a read-only page on the management server ({@code /actuator/memberlist/ui}) that shows the
 * cluster as this node sees it, with changes pushed over Server-Sent Events.
 *
 * <p>It adds no second source of truth: rows are the actuator endpoint's own JSON form of the engine's member
 * snapshot and the event bridge's departed members; what the page adds is when each row last changed state,
 * the last probe round trip time, a timeline of transitions and per-second traffic from {@code Stats}.
 */
package io.memberlist.spring.ui;
