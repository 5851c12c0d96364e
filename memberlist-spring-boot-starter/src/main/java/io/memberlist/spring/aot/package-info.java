/**
 * Ahead-of-time and native-image support: {@link io.memberlist.spring.aot.MemberlistRuntimeHints}, listed in
 * {@code META-INF/spring/aot.factories}, declares the types that are reached by reflection only (JSON
 * serialisation of the endpoint model and of service instances returned through the {@code ServiceInstance}
 * interface; property binding). Depends on {@code actuate}, {@code autoconfigure} and {@code discovery},
 * loading nothing from optional modules.
 */
package io.memberlist.spring.aot;
