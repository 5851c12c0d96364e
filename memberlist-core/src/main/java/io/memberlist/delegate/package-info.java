/**
 * The application's hooks, one interface per file with HashiCorp's names. Every method has a default, so
 * an application implements only what it needs.
 *
 * <p>{@link io.memberlist.delegate.AliveDelegate} and {@link io.memberlist.delegate.MergeDelegate} are pure
 * filters that run inline on the protocol thread; all other delegates run on a separate executor, in order.
 */
package io.memberlist.delegate;
