package io.memberlist.spring.ui;

import io.memberlist.Memberlist;
import io.memberlist.spring.actuate.MemberlistEndpoint;
import io.memberlist.spring.actuate.MemberlistEndpointAutoConfiguration;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.autoconfigure.MemberlistConfigurationException;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live view ({@code memberlist.ui.enabled=true}): follows the cluster and feeds open pages. The page and
 * stream themselves are mapped in the management context by {@link MemberlistUiManagementContextConfiguration}.
 * Asked for where it cannot work (no Spring MVC, no Jackson, the {@code memberlist} endpoint not exposed),
 * startup fails and says what to change rather than serving nothing.
 */
@AutoConfiguration(after = {MemberlistAutoConfiguration.class, MemberlistEndpointAutoConfiguration.class})
@ConditionalOnMemberlistUiEnabled
@ConditionalOnBean(Memberlist.class)
@EnableConfigurationProperties(MemberlistUiProperties.class)
public class MemberlistUiAutoConfiguration {
    private static final String SERVLET_CONTEXT =
            "org.springframework.web.context.WebApplicationContext";

    /**
     * The last probe round trip time per member: a config customizer that chains itself in front of any ping
     * delegate of the application.
     */
    @Bean
    public RoundTripTimes memberlistUiRoundTripTimes() {
        return new RoundTripTimes();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    public LiveView memberlistLiveView(Memberlist memberlist, MembershipEventBridge bridge,
                                       ObjectProvider<MemberlistEndpoint> endpoint, RoundTripTimes rtts,
                                       ObjectProvider<JsonMapper> jsonMapper, MemberlistUiProperties properties,
                                       ApplicationContext context) {
        requireServletApplication(context);
        MemberlistEndpoint source = endpoint.getIfAvailable();
        if (source == null) {
            throw new MemberlistConfigurationException("memberlist.ui.enabled=true, but the memberlist actuator"
                    + " endpoint is not available; the live view serves what that endpoint knows",
                    "Add memberlist to management.endpoints.web.exposure.include (and keep"
                            + " spring-boot-starter-actuator on the classpath), or set memberlist.ui.enabled=false.");
        }
        if (properties.getTimelineSize() < 1 || properties.getTimelineSize() > 10_000) {
            throw new MemberlistConfigurationException("memberlist.ui.timeline-size is "
                    + properties.getTimelineSize(), "Set memberlist.ui.timeline-size between 1 and 10000.");
        }
        JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
        return new LiveView(memberlist, bridge, source, rtts, mapper::writeValueAsString,
                properties.getTimelineSize());
    }

    private static void requireServletApplication(ApplicationContext context) {
        ClassLoader loader = MemberlistUiAutoConfiguration.class.getClassLoader();
        boolean mvc = ClassUtils.isPresent("org.springframework.web.servlet.function.support.RouterFunctionMapping",
                loader) && ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", loader);
        boolean servlet = ClassUtils.isPresent(SERVLET_CONTEXT, loader)
                && context instanceof org.springframework.web.context.WebApplicationContext;
        if (!mvc || !servlet) {
            throw new MemberlistConfigurationException("memberlist.ui.enabled=true, but this is not a Spring MVC"
                    + " (servlet) web application; the live view is served by Spring MVC only",
                    "Add spring-boot-starter-webmvc, or set memberlist.ui.enabled=false (WebFlux applications:"
                            + " read /actuator/memberlist instead).");
        }
    }
}
