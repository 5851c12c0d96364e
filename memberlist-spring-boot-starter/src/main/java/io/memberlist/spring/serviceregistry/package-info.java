/**
 * Spring Cloud's registration SPI on memberlist: registering is advertising an
 * {@link io.memberlist.spring.discovery.InstanceMeta} in this node's meta (a gossiped update, no server);
 * a status change (e.g. OUT_OF_SERVICE through {@code /actuator/serviceregistry}) is a new meta, gossiped
 * to the cluster. Auto-registration learns the real web port, also with {@code server.port=0}. With
 * {@code memberlist.discovery.health-propagation.enabled}, {@code HealthStatusPropagation} advertises the
 * application's health as that status (optional: needs Boot's health endpoint).
 *
 * <p>Depends on {@code autoconfigure} and {@code discovery}.
 */
package io.memberlist.spring.serviceregistry;
