package io.memberlist.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyringTest {
    private static final byte[] K1 = key(16, 1);
    private static final byte[] K2 = key(24, 2);
    private static final byte[] K3 = key(32, 3);

    static byte[] key(int size, int fill) {
        byte[] key = new byte[size];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void of_primaryAndOthers_keepsOrderPrimaryFirst() {
        Keyring ring = Keyring.of(K1, K2, K3);

        assertThat(ring.keys()).containsExactly(K1, K2, K3);
        assertThat(ring.primaryKey()).isEqualTo(K1);
        assertThat(ring.size()).isEqualTo(3);
    }

    @Test
    void of_duplicateKeys_installsEachOnce() {
        Keyring ring = Keyring.of(List.of(K2, K1, K2.clone(), K1));

        assertThat(ring.keys()).containsExactly(K2, K1);
    }

    @Test
    void of_emptyList_isRejected() {
        assertThatThrownBy(() -> Keyring.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one key");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8, 15, 17, 23, 25, 31, 33, 64})
    void of_wrongKeySize_failsWithClearMessage(int size) {
        assertThatThrownBy(() -> Keyring.of(new byte[size]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an AES key must be 16, 24 or 32 bytes (AES-128/192/256), got " + size);
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void of_validKeySizes_areAccepted(int size) {
        assertThat(Keyring.of(new byte[size]).primaryKey()).hasSize(size);
    }

    @Test
    void addKey_wrongSize_failsAndLeavesRingUnchanged() {
        Keyring ring = Keyring.of(K1);

        assertThatThrownBy(() -> ring.addKey(new byte[20]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an AES key must be 16, 24 or 32 bytes (AES-128/192/256), got 20");
        assertThat(ring.keys()).containsExactly(K1);
    }

    @Test
    void addKey_newKey_appendsWithoutChangingPrimary() {
        Keyring ring = Keyring.of(K1);

        assertThat(ring.addKey(K2)).isTrue();
        assertThat(ring.addKey(K2.clone())).isFalse();
        assertThat(ring.keys()).containsExactly(K1, K2);
        assertThat(ring.primaryKey()).isEqualTo(K1);
    }

    @Test
    void useKey_installedKey_becomesPrimaryOthersKeepOrder() {
        Keyring ring = Keyring.of(K1, K2, K3);

        ring.useKey(K3);

        assertThat(ring.keys()).containsExactly(K3, K1, K2);
        assertThat(ring.primaryKey()).isEqualTo(K3);
    }

    @Test
    void useKey_unknownKey_isRejected() {
        Keyring ring = Keyring.of(K1);

        assertThatThrownBy(() -> ring.useKey(K2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not installed");
        assertThat(ring.keys()).containsExactly(K1);
    }

    @Test
    void removeKey_primary_isRefused() {
        Keyring ring = Keyring.of(K1, K2);

        assertThatThrownBy(() -> ring.removeKey(K1.clone()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("primary");
        assertThat(ring.keys()).containsExactly(K1, K2);
    }

    @Test
    void removeKey_secondary_uninstallsIt() {
        Keyring ring = Keyring.of(K1, K2, K3);

        assertThat(ring.removeKey(K2)).isTrue();
        assertThat(ring.keys()).containsExactly(K1, K3);
    }

    @Test
    void removeKey_unknownKey_isANoOp() {
        Keyring ring = Keyring.of(K1, K2);

        assertThat(ring.removeKey(K3)).isFalse();
        assertThat(ring.keys()).containsExactly(K1, K2);
    }

    @Test
    void rotation_goSequence_endsWithOnlyTheNewKey() {
        Keyring ring = Keyring.of(K1);

        ring.addKey(K2);
        ring.useKey(K2);
        ring.removeKey(K1);

        assertThat(ring.keys()).containsExactly(K2);
    }

    @Test
    void keys_returnsCopies_callerCannotChangeTheRing() {
        byte[] original = K1.clone();
        Keyring ring = Keyring.of(original);

        original[0] = 9;
        ring.keys().get(0)[0] = 9;
        ring.primaryKey()[0] = 9;

        assertThat(ring.primaryKey()).isEqualTo(K1);
    }

    @Test
    void snapshot_takenBeforeRotation_staysUnchanged() {
        Keyring ring = Keyring.of(K1, K2);
        List<SecretKeySpec> before = ring.snapshot();

        ring.useKey(K2);
        ring.removeKey(K1);

        assertThat(before).extracting(SecretKeySpec::getEncoded).containsExactly(K1, K2);
        assertThat(ring.snapshot()).extracting(SecretKeySpec::getEncoded).containsExactly(K2);
    }

    @Test
    void toString_neverPrintsKeyBytes() {
        assertThat(Keyring.of(K1, K2).toString()).isEqualTo("Keyring[2 keys]");
    }
}
