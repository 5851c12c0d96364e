package io.memberlist.spring.serviceregistry;

import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * First step of a graceful shutdown: when the context closes (before the web server drains), announce
 * OUT_OF_SERVICE so peers stop routing here, then wait {@code memberlist.shutdown.drain-delay}. The node
 * leaves right after ({@link io.memberlist.spring.autoconfigure.MemberlistLifecycle}).
 */
public class OutOfServiceOnClose implements ApplicationListener<ContextClosedEvent>, Ordered {
    private static final Logger log = LoggerFactory.getLogger(OutOfServiceOnClose.class);
    private static final Duration GOSSIP_WAIT = Duration.ofSeconds(1);

    private final MemberlistServiceRegistry registry;
    private final MemberlistRegistration registration;
    private final Memberlist memberlist;
    private final MemberlistProperties properties;
    private final ApplicationContext context;

    public OutOfServiceOnClose(MemberlistServiceRegistry registry, MemberlistRegistration registration,
                               Memberlist memberlist, MemberlistProperties properties, ApplicationContext context) {
        this.registry = registry;
        this.registration = registration;
        this.memberlist = memberlist;
        this.properties = properties;
        this.context = context;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != context || !"UP".equals(registration.getStatus())) {
            return;
        }
        if (memberlist.numMembers() <= 1) {
            return; // nobody to tell
        }
        try {
            registration.setStatus("OUT_OF_SERVICE");
            registry.advertise(registration).get(GOSSIP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            log.debug("OUT_OF_SERVICE not confirmed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Duration drain = properties.getShutdown().getDrainDelay();
        if (!drain.isZero()) {
            try {
                Thread.sleep(drain.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Before the node leaves. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
