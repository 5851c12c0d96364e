package io.memberlist.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cases of HashiCorp's {@code TestSuspicion_Timer} (k = 3, min 500 ms, max 2 s), as deadlines: the
 * Go test sleeps and measures, here the deadline is exact. Confirmations arrive 25 ms apart, as in Go.
 */
class SuspicionTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000 * MS;
    private static final long MIN = 500 * MS;
    private static final long MAX = 2_000 * MS;

    private static Suspicion suspicion() {
        return new Suspicion("me", 3, MIN, MAX, T0, T0);
    }

    /** Confirms each name 25 ms after the previous one; returns how many were new. */
    private static int confirmAll(Suspicion s, String... names) {
        int accepted = 0;
        long now = T0;
        for (String name : names) {
            now += 25 * MS;
            if (s.confirm(name, now)) {
                accepted++;
            }
        }
        return accepted;
    }

    @Test
    void newSuspicion_noConfirmations_deadlineIsMax() {
        assertThat(suspicion().deadlineNanos()).isEqualTo(T0 + MAX);
    }

    @Test
    void confirm_fromOriginalAccuser_doesNotCount() {
        Suspicion s = suspicion();
        assertThat(s.confirm("me", T0 + 25 * MS)).isFalse();
        assertThat(s.confirmations()).isZero();
        assertThat(s.deadlineNanos()).isEqualTo(T0 + MAX);
    }

    @Test
    void confirm_oneNewConfirmer_deadline1250ms() {
        Suspicion s = suspicion();
        assertThat(confirmAll(s, "me", "foo")).isEqualTo(1);
        assertThat(s.deadlineNanos()).isEqualTo(T0 + 1250 * MS);
    }

    @Test
    void confirm_duplicateConfirmer_countsOnce() {
        Suspicion s = suspicion();
        assertThat(confirmAll(s, "me", "foo", "foo", "foo")).isEqualTo(1);
        assertThat(s.confirmations()).isEqualTo(1);
        assertThat(s.deadlineNanos()).isEqualTo(T0 + 1250 * MS);
    }

    @Test
    void confirm_twoNewConfirmers_deadline811ms() {
        // Go's test expects ~810 ms within a tolerance; the exact value is floor(1000 * 0.81127...) = 811 ms.
        Suspicion s = suspicion();
        assertThat(confirmAll(s, "me", "foo", "bar")).isEqualTo(2);
        assertThat(s.deadlineNanos()).isEqualTo(T0 + 811 * MS);
    }

    @Test
    void confirm_threeNewConfirmers_deadlineIsMin() {
        Suspicion s = suspicion();
        assertThat(confirmAll(s, "me", "foo", "bar", "baz")).isEqualTo(3);
        assertThat(s.deadlineNanos()).isEqualTo(T0 + MIN);
    }

    @Test
    void confirm_beyondK_isIgnored() {
        Suspicion s = suspicion();
        assertThat(confirmAll(s, "me", "foo", "bar", "baz", "zoo")).isEqualTo(3);
        assertThat(s.confirmations()).isEqualTo(3);
        assertThat(s.deadlineNanos()).isEqualTo(T0 + MIN);
    }

    @Test
    void confirm_afterMinAlreadyPassed_firesImmediately() {
        // suspicion_test.go TestSuspicion_Timer_ImmediateFire: k = 1, min 100 ms, max 30 s, confirmed after 200 ms.
        Suspicion s = new Suspicion("me", 1, 100 * MS, 30_000 * MS, T0, T0);
        long now = T0 + 200 * MS;
        assertThat(s.confirm("foo", now)).isTrue();
        assertThat(s.deadlineNanos()).isLessThanOrEqualTo(now);
    }

    @Test
    void newSuspicion_kZero_startsAtMinAndIgnoresConfirmations() {
        Suspicion s = new Suspicion("me", 0, MIN, MAX, T0, T0);
        assertThat(s.deadlineNanos()).isEqualTo(T0 + MIN);
        assertThat(s.confirm("foo", T0 + MS)).isFalse();
        assertThat(s.deadlineNanos()).isEqualTo(T0 + MIN);
    }
}
