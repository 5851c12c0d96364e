/**
 * The raft built-ins for Spring Integration users, loaded only when {@code spring-integration-core} is on the
 * classpath: {@link io.memberlist.spring.raft.builtin.integration.RaftLockRegistry} (a {@code LockRegistry} over
 * the raft lock, with fencing tokens) and {@link io.memberlist.spring.raft.builtin.integration.LeaderEventBridge}
 * (leadership as Spring Integration's {@code OnGrantedEvent}/{@code OnRevokedEvent}, so a
 * {@code SmartLifecycleRoleController} starts and stops endpoints on the raft leader).
 */
package io.memberlist.spring.raft.builtin.integration;
