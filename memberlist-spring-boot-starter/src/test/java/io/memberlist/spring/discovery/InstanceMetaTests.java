package io.memberlist.spring.discovery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceMetaTests {

    @Test
    void encode_decode_roundTrips() {
        InstanceMeta meta = new InstanceMeta("orders", "10.0.0.5", 8443, true, "eu-1", "UP",
                Map.of("weight", "3", "ünï", "cödé"));
        assertThat(InstanceMeta.decode(meta.encode())).contains(meta);
    }

    @Test
    void encode_isCompact() {
        InstanceMeta meta = new InstanceMeta("orders", "10.0.0.5", 8080, false, null, "UP", Map.of());
        assertThat(meta.encode()).hasSizeLessThan(32);
    }

    @Test
    void decode_foreignMeta_isEmpty() {
        assertThat(InstanceMeta.decode("role=web".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(InstanceMeta.decode(new byte[0])).isEmpty();
        assertThat(InstanceMeta.decode(new byte[] {(byte) 0xA1, 1, 50})).isEmpty();
    }
}
