package io.memberlist.spring.autoconfigure;

import io.memberlist.Config;

/**
 * Adjusts the core configuration after the {@code memberlist.*} properties were applied and before the
 * node starts, for settings that have no property (e.g. an {@code AliveDelegate} or a ping delegate).
 * Beans of this type are applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface MemberlistConfigCustomizer {

    void customize(Config.Builder builder);
}
