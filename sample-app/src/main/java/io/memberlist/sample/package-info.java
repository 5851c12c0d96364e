/**
 * The sample service: a Spring Boot application that uses the memberlist starter for discovery
 * ({@code /members}), a load-balanced call to another instance ({@code /call}) and, in {@code raft}, the raft
 * group's replicated counter and a leader-only job.
 */
package io.memberlist.sample;
