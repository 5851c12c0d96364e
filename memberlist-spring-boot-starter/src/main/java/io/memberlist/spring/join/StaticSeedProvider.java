package io.memberlist.spring.join;

import io.memberlist.spring.autoconfigure.SeedProvider;

import java.util.List;

/**
 * A fixed list ({@code memberlist.join.seeds}). Names in it are resolved again at every join, to every
 * address they have, so a DNS name covering several members (a Kubernetes headless Service, a round-robin
 * A record) needs no provider of its own.
 */
public class StaticSeedProvider implements SeedProvider {
    private final List<String> seeds;

    public StaticSeedProvider(List<String> seeds) {
        this.seeds = List.copyOf(seeds);
    }

    @Override
    public List<String> seeds() {
        return seeds;
    }

    @Override
    public String toString() {
        return "StaticSeedProvider" + seeds;
    }
}
