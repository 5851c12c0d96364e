package io.memberlist.spring.ui;

import io.memberlist.spring.autoconfigure.ConditionalOnMemberlistEnabled;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Puts the live view where the actuator endpoints are: Spring Boot loads this configuration into the
 * management context, which is the application context itself when the management server shares the
 * application's port, and the management child context when {@code management.server.port} differs.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunctionMapping.class)
@ConditionalOnMemberlistEnabled
@ConditionalOnMemberlistUiEnabled
public class MemberlistUiManagementContextConfiguration {
    /**
     * Before Boot's endpoint mapping (order -100), which would read {@code /actuator/memberlist/ui} as the
     * member named "ui".
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    @Bean
    public RouterFunctionMapping memberlistUiHandlerMapping(LiveView view, WebEndpointProperties endpoints) {
        String base = endpoints.getBasePath();
        RouterFunctionMapping mapping = new RouterFunctionMapping(LiveViewRoutes.routes(
                base == null || base.equals("/") ? "" : base, view));
        mapping.setOrder(ORDER);
        mapping.setMessageConverters(List.of(new StringHttpMessageConverter(StandardCharsets.UTF_8)));
        return mapping;
    }
}
