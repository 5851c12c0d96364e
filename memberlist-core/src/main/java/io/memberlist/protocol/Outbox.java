package io.memberlist.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Effects produced by one or more inputs, in order, until the driver drains them. */
final class Outbox {
    private final List<Effect> effects = new ArrayList<>();

    void add(Effect e) {
        effects.add(e);
    }

    boolean isEmpty() {
        return effects.isEmpty();
    }

    void drainTo(Consumer<? super Effect> sink) {
        // Index loop: a sink may not add, but an exception must not lose what was not yet handed out.
        int i = 0;
        try {
            for (; i < effects.size(); i++) {
                sink.accept(effects.get(i));
            }
        } finally {
            effects.subList(0, Math.min(i + 1, effects.size())).clear();
        }
    }
}
