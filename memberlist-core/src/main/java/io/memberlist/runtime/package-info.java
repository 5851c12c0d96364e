/**
 * The runtime: {@link io.memberlist.runtime.Driver} runs one protocol machine on one Netty event loop,
 * executes its effects on the transport, arms its single timer, publishes member snapshots and hands events
 * to the delegates through an ordered, bounded dispatcher that never runs on the loop.
 */
package io.memberlist.runtime;
