package io.memberlist.spring.raft;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a raft-enabled, non-web Spring application on loopback for the multi-application raft tests: memberlist
 * on a free port, joined through {@code seed} (none for the first), 3 voters, raft storage of its own.
 */
public final class RaftApps {

    private RaftApps() {
    }

    /**
     * @param application the {@code @SpringBootApplication} class
     * @param name        the memberlist node name (also the raft peer id)
     * @param seed        {@code host:port} of a running member, or null for the first
     * @param storage     the directory under which each node keeps its raft storage
     * @param extra       further {@code key=value} properties (they win over the defaults here)
     */
    public static ConfigurableApplicationContext start(Class<?> application, String name, String seed, Path storage,
                                                       String... extra) {
        List<String> props = new ArrayList<>(List.of("spring.application.name=raft-tests",
                "spring.main.web-application-type=none", "spring.main.banner-mode=off",
                "memberlist.node-name=" + name, "memberlist.bind-address=127.0.0.1", "memberlist.bind-port=0",
                "memberlist.profile=local", "memberlist.tcp-timeout=5s",
                "memberlist.raft.enabled=true", "memberlist.raft.voters=3",
                "memberlist.raft.storage-dir=" + storage.resolve(name),
                // Gateway's jar is on the starter's test classpath for other tests; these are plain applications.
                "spring.cloud.gateway.server.webflux.enabled=false"));
        if (seed != null) {
            props.add("memberlist.join.seeds=" + seed);
            props.add("memberlist.join.fail-fast=true");
            // A seed still starting on two busy cores may miss one attempt: retry before failing.
            props.add("memberlist.join.retry.max-attempts=5");
            props.add("memberlist.join.retry.interval=1s");
        }
        props.addAll(List.of(extra));
        return new SpringApplicationBuilder(application).properties(props.toArray(String[]::new)).run();
    }
}
